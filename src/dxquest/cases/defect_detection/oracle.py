"""The best any detector could do on a realised draw: the ideal observer that knows the noise
(the surface texture's power spectrum and the camera noise) and the shapes of the defects.

It cannot know the texture of each part (no detector can: it is the part), so it whitens each
image with the known noise spectrum and compares it with every defect that occurs in the draw at
every place: the log-likelihood ratio of "this part carries defect k at shift u" is
``<Wx, W s_k(u)> - |W s_k|^2 / 2`` for whitening ``W``, and the part's score is the log of the
likelihood ratio averaged over all k and u (the Bayes-optimal test when a defect is equally
likely to be any of them anywhere). Knowing the defect shapes exactly makes it stronger than any
detector that has to learn them, so its AUROC is a ceiling for learners.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import fft

from dxquest.synth.surface_tables import SurfaceData


@dataclass(frozen=True)
class OracleResult:
    scores: np.ndarray  # (n,) log of the likelihood ratio "defective" vs "good"
    points: np.ndarray  # (n, 2) row, col of the most likely defect's strongest pixel


def _noise_spectra(data: SurfaceData) -> dict[str, np.ndarray]:
    """Power spectrum of texture + camera noise per product, from the good parts' true surfaces
    (the generator's texture process is stationary within a product)."""
    truth = data.truth
    spectra = {}
    for product in data.parts["product"].unique():
        rows = np.flatnonzero((data.parts["product"] == product).to_numpy())
        power = np.mean(np.abs(fft.rfft2(truth.texture[rows], workers=-1)) ** 2, axis=0)
        pixels = truth.texture.shape[1] * truth.texture.shape[2]
        spectra[product] = power + pixels * (truth.sensor_sd**2 + 1 / 12)
    return spectra


def oracle_detection(data: SurfaceData) -> OracleResult:
    """Scores and defect points of the ideal observer on ``data`` (needs ``data.truth``)."""
    truth = data.truth
    if truth is None:
        raise ValueError("the oracle needs the truth: generate the data with return_truth=True")
    n, size, _ = truth.texture.shape
    residual = fft.rfft2(data.images.astype(np.float32) - truth.lighting, workers=-1)
    defective = np.flatnonzero(truth.visibility > 0)
    templates = fft.rfft2(truth.signal[defective], workers=-1)
    peaks = np.abs(truth.signal[defective]).reshape(len(defective), -1).argmax(axis=1)
    peaks = np.stack(np.unravel_index(peaks, (size, size)), axis=1)
    products = data.parts["product"].to_numpy()
    # Bayes: average the likelihood ratio over every defect and every place it could be.
    log_sum = np.full(n, -np.inf)
    best = np.full(n, -np.inf)
    points = np.zeros((n, 2), dtype=int)
    for product, power in _noise_spectra(data).items():
        rows = np.flatnonzero(products == product)
        whitened = residual[rows] / power.astype(np.float32)
        weight = _rfft_weight(size) / power
        for k, template in enumerate(templates):
            # Parseval: with power in rfft units, these are the whitened inner products.
            energy = np.float32(np.sum(np.abs(template) ** 2 * weight))
            llr = fft.irfft2(whitened * np.conj(template), s=(size, size), workers=-1)
            llr = llr.reshape(len(rows), -1)
            llr *= np.float32(size**2)
            llr -= energy / 2
            where = llr.argmax(axis=1)
            top = llr[np.arange(len(rows)), where]
            llr -= top[:, None]
            np.exp(llr, out=llr)
            log_sum[rows] = np.logaddexp(log_sum[rows], top + np.log(llr.sum(axis=1)))
            better = top > best[rows]
            shift = np.stack(np.unravel_index(where, (size, size)), axis=1)
            best[rows[better]] = top[better]
            points[rows[better]] = (peaks[k] + shift[better]) % size
    scores = log_sum - np.log(len(templates) * size**2)
    return OracleResult(scores, points)


def _rfft_weight(size: int) -> np.ndarray:
    """Weights that turn a sum over an rfft half-spectrum into a sum over the full spectrum."""
    weight = np.full(size // 2 + 1, 2.0)
    weight[0] = 1.0
    if size % 2 == 0:
        weight[-1] = 1.0
    return weight[None, :]
