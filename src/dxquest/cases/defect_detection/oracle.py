"""The best any detector could do: the ideal observer of the generator's distribution.

It knows what the generator's parameters say and nothing of the draw it scores beyond the
images and what the line knows at inspection (product, line, shift, lot): never a part's
texture, lighting, noise or defect. Its score is the log of the posterior odds "defective vs
good":

* the prior odds of the part's lot, from the defect rate and the line's and shift's effects;
* the likelihood ratio of the image, averaged over defects drawn from the generator's prior
  (kind shares, :func:`dxquest.synth.surface._defect_shape` with the oracle's own seed, every
  place the prior allows, the contrast's lognormal spread and the sign).

The surface under a defect is Gaussian noise to it, stationary per product, with the power
spectrum of a fresh simulation of the generator's texture process plus camera noise and 8-bit
rounding; the lighting (a constant, tilts and a twist per part) is marginalised with a flat
prior, which projects it out (generalised least squares). For a template ``t`` at shift ``u``
with whitened image correlation ``c`` and energy ``E`` (both after that projection) the
likelihood ratio at contrast ``a`` is ``exp(a c - a² E / 2)``; the contrast is integrated in
closed form under a normal law with the lognormal's mean and sd, and the sign by averaging both.

The average over defect shapes is Monte Carlo: :data:`BANKS` independent banks of templates.
Their spread gives the standard error of the oracle's AUROC (:func:`auroc_stderr`); the shapes
a bank misses cost the oracle a little power, so its AUROC is a slightly conservative ceiling.
The error is heavy-tailed: a faint scratch that only a template within a degree or two matches
counts in full when one bank happens to draw such a template and not at all otherwise, and the
jackknife cannot see a match no bank made. The data card gives measured values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import fft
from sklearn.metrics import roc_auc_score

from dxquest.synth import surface
from dxquest.synth.surface_tables import DEFECT_KINDS, PRODUCTS, SurfaceData

ORACLE_SEED = 20_250_401
"""The oracle's own draws (textures for the spectra, defect templates): no draw's seed."""

BANKS = 12
"""Independent template banks: their spread is the Monte-Carlo error."""

TEMPLATES_PER_BANK = {"scratch": 6, "dent": 2, "crack": 3, "stain": 1}
"""Templates of each kind in one bank. Thin, long shapes vary most (a scratch's angle and length,
a crack's path), so they get most; the bank's average weighs each kind by its prior share."""

_LINES = ("scratch", "crack")
"""Thin, long kinds: a template matches one only within a few degrees of its direction, so their
templates are spread evenly over the directions."""

SPECTRUM_PARTS = 256
"""Fresh textures per product from which the oracle estimates the surface's power spectrum."""

_TEXTURES = tuple(texture for _, _, texture in PRODUCTS.values())


@dataclass(frozen=True)
class OracleResult:
    """The ideal observer's view of a draw: a score and a defect point per part."""

    scores: np.ndarray  # (n,) log posterior odds "defective" vs "good"
    points: np.ndarray  # (n, 2) row, col of the most likely defect's strongest pixel
    bank_scores: np.ndarray  # (BANKS, n) the same score from each template bank alone


@dataclass(frozen=True)
class _NoiseModel:
    """One product's surface + camera noise in Fourier terms, with the lighting's subspace."""

    eigen: np.ndarray  # (size, size//2+1) eigenvalues of the noise covariance (grey levels²)
    lighting: np.ndarray  # (4, size, size//2+1) rfft2 of the lighting basis images
    lighting_gram_inv: np.ndarray  # (4, 4) inverse of the basis' whitened Gram matrix


@dataclass(frozen=True)
class _Template:
    kind: str
    shape: np.ndarray  # unit-peak profile, centre moved to (margin, margin) + [0, 1)
    spectrum: np.ndarray  # its rfft2
    peak: tuple[int, int]  # its strongest pixel


def oracle_detection(data: SurfaceData) -> OracleResult:
    """Scores and defect points of the ideal observer on ``data``: reads ``data.images``, the
    parts' product, line, shift and lot, and ``data.params``; never ``data.truth``."""
    size = data.images.shape[1]
    sensor_sd = float(data.params["sensor_sd"])
    typical = float(data.params["contrast_to_noise"]) * sensor_sd
    products = data.parts["product"].to_numpy()
    # Parts of one product side by side: each product's rows are a slice, not a copy.
    order = np.argsort(products, kind="stable")
    groups = {
        product: (slice(start, start + count), _noise_model(PRODUCTS[product][2], size, sensor_sd))
        for product, start, count in zip(
            *np.unique(products[order], return_index=True, return_counts=True), strict=True
        )
    }
    banks = _template_banks(size)
    templates = [template for bank in banks for template in bank]
    llr, top, where = _template_log_ratios(
        templates, _whitened_residuals(data.images[order], groups), groups, typical
    )
    # Each bank: its kinds weighted by their prior shares, each kind's templates averaged.
    shares = dict(zip(DEFECT_KINDS, surface._KIND_SHARE, strict=True))
    weight = np.log([shares[t.kind] / TEMPLATES_PER_BANK[t.kind] for t in templates])[:, None]
    bank_of = np.repeat(np.arange(len(banks)), [len(bank) for bank in banks])
    bank_llr = np.empty((len(banks), len(products)))
    for b in range(len(banks)):
        bank_llr[b, order] = _log_sum_exp(weight[bank_of == b] + llr[bank_of == b], axis=0)
    prior = _prior_log_odds(data.parts, float(data.params["defect_rate"]))
    scores = prior + _log_mean_exp(bank_llr, axis=0)
    return OracleResult(
        scores, _points(templates, weight + top, where, order, size), prior + bank_llr
    )


def _points(templates, tops, where, order, size) -> np.ndarray:
    """Per part (in the data's order): the strongest pixel of the most likely template at its
    most likely shift."""
    likeliest = tops.argmax(axis=0)
    parts = np.arange(tops.shape[1])
    peaks = np.array([template.peak for template in templates])[likeliest]
    span = size - 2 * surface._DEFECT_MARGIN
    shifts = np.stack(np.unravel_index(where[likeliest, parts], (span, span)), axis=1)
    points = np.empty((len(parts), 2), dtype=int)
    points[order] = (peaks + shifts) % size
    return points


def auroc_stderr(result: OracleResult, labels) -> float:
    """Standard error of the oracle's AUROC due to its Monte-Carlo templates: the jackknife over
    the template banks (leave one bank out, recompute the averaged score's AUROC)."""
    banks = len(result.bank_scores)
    left_out = [
        roc_auc_score(labels, _log_mean_exp(np.delete(result.bank_scores, b, axis=0), axis=0))
        for b in range(banks)
    ]
    return float(np.sqrt((banks - 1) / banks * np.sum((left_out - np.mean(left_out)) ** 2)))


# ------------------------------------------------------------------ the noise the oracle knows


@lru_cache(maxsize=8)
def _noise_model(texture: str, size: int, sensor_sd: float) -> _NoiseModel:
    """The product's noise spectrum from fresh textures (the generator's process, the oracle's
    seed) plus camera noise and 8-bit rounding, and the lighting basis whitened by it."""
    rng = np.random.default_rng([ORACLE_SEED, size, _TEXTURES.index(texture)])
    textures = surface._textures(rng, texture, SPECTRUM_PARTS, size)
    power = np.mean(np.abs(fft.rfft2(textures, workers=1)) ** 2, axis=0)
    # Eigenvalues of the circulant covariance: E|X_f|² / pixels.
    eigen = power / size**2 + sensor_sd**2 + 1 / 12
    lighting = fft.rfft2(_lighting_basis(size), workers=1)
    gram = np.array([[_inner(a, b / eigen, size) for b in lighting] for a in lighting])
    return _NoiseModel(eigen, lighting, np.linalg.inv(gram))


def _lighting_basis(size: int) -> np.ndarray:
    """Constant, x tilt, y tilt and twist: the span of every part's lighting (lot drift
    included)."""
    u = np.linspace(-1, 1, size)
    y, x = np.meshgrid(u, u, indexing="ij")
    return np.stack([np.ones_like(x), x, y, x * y])


def _inner(a: np.ndarray, b: np.ndarray, size: int) -> float:
    """``sum(x * y)`` of two real images from their rfft2 half-spectra (Parseval)."""
    return float(np.sum(_rfft_weight(size) * np.real(np.conj(a) * b)) / size**2)


def _rfft_weight(size: int) -> np.ndarray:
    """Weights that turn a sum over an rfft half-spectrum into a sum over the full spectrum."""
    weight = np.full(size // 2 + 1, 2.0)
    weight[0] = 1.0
    if size % 2 == 0:
        weight[-1] = 1.0
    return weight[None, :]


def _whitened_residuals(images: np.ndarray, groups) -> np.ndarray:
    """rfft2 of ``C⁻¹ (x − A β̂)`` per image: the lighting fitted by generalised least squares
    and removed, then whitened; correlating it with a template gives the log-likelihood's
    linear term with the lighting marginalised."""
    size = images.shape[1]
    spectra = fft.rfft2(images.astype(np.float32), workers=1)
    weight = _rfft_weight(size)
    for rows, model in groups.values():
        whitened = spectra[rows] / model.eigen.astype(np.float32)
        loads = np.einsum("jyx,nyx->nj", weight * np.conj(model.lighting), whitened).real
        beta = loads / size**2 @ model.lighting_gram_inv
        fitted = np.einsum("nj,jyx->nyx", beta, model.lighting / model.eigen)
        spectra[rows] = whitened - fitted.astype(np.complex64)
    return spectra


# ------------------------------------------------------------------ the defects the oracle imagines


def _template_banks(size: int) -> list[list[_Template]]:
    """:data:`BANKS` independent banks of defect shapes drawn from the generator's prior with the
    oracle's seed, each moved so that its allowed shifts are ``[0, size − 2 margin)²``."""
    banks = []
    for b, seed in enumerate(np.random.SeedSequence([ORACLE_SEED, size]).spawn(BANKS)):
        bank = []
        for kind, count in TEMPLATES_PER_BANK.items():
            if kind in _LINES:
                bank += _lines_by_angle(kind, seed, count, b / BANKS, size)
            else:
                bank += [_template(kind, child, size) for child in seed.spawn(count)]
        banks.append(bank)
    return banks


def _lines_by_angle(kind: str, seed, count: int, offset: float, size: int) -> list[_Template]:
    """``count`` shapes of a thin kind, one in each of ``count`` equal slices of the directions
    (stratified sampling: drawn from the prior until one falls in its slice; each slice is as
    likely, so the bank's mean is still the prior's). Bank ``b`` turns its slices by ``b /
    BANKS`` of one, so the banks together tile the directions ``BANKS`` times more finely."""
    templates = []
    for stratum in range(count):
        while True:
            template = _template(kind, seed.spawn(1)[0], size)
            slot = int(np.floor(_orientation(template.shape) / np.pi * count - offset)) % count
            if slot == stratum:
                templates.append(template)
                break
    return templates


def _orientation(shape: np.ndarray) -> float:
    """Angle in [0, π) of a shape's long axis, from its second moments."""
    y, x = np.indices(shape.shape)
    weight = shape / shape.sum()
    my, mx = (weight * y).sum(), (weight * x).sum()
    cyy = (weight * (y - my) ** 2).sum()
    cxx = (weight * (x - mx) ** 2).sum()
    cxy = (weight * (x - mx) * (y - my)).sum()
    return float(0.5 * np.arctan2(2 * cxy, cxx - cyy) % np.pi)


def _template(kind: str, seed: np.random.SeedSequence, size: int) -> _Template:
    """One defect shape from the prior; its centre (the generator's first draw, read back from a
    twin of the same stream) is rolled to ``margin + [0, 1)``."""
    centre = np.random.default_rng(seed).uniform(
        surface._DEFECT_MARGIN, size - surface._DEFECT_MARGIN, size=2
    )
    shape = surface._defect_shape(np.random.default_rng(seed), kind, size)
    roll = surface._DEFECT_MARGIN - np.floor(centre).astype(int)
    shape = np.roll(shape, tuple(roll), axis=(0, 1))
    peak = np.unravel_index(np.argmax(shape), shape.shape)
    return _Template(kind, shape, fft.rfft2(shape.astype(np.float64), workers=1), peak)


def _prior_log_odds(parts: pd.DataFrame, defect_rate: float) -> np.ndarray:
    """Each part's prior log odds of a defect: its lot's rate as the generator sets it (line 2
    and night shift raise it, rescaled so the lots' mean is ``defect_rate``)."""
    lots = parts.drop_duplicates("lot_id").set_index("lot_id")
    factor = np.where(lots["line"] == "L2", surface._L2_RATE_FACTOR, 1.0) * np.where(
        lots["shift"] == "night", surface._NIGHT_RATE_FACTOR, 1.0
    )
    rate = pd.Series(defect_rate * factor / factor.mean(), index=lots.index)
    p = rate.loc[parts["lot_id"]].to_numpy()
    return np.log(p) - np.log1p(-p)


# ------------------------------------------------------------------ the likelihood ratio


IMAGES_PER_BLOCK = 32
"""Images correlated with every template in turn: a block's spectra and maps stay in the cache."""


def _template_log_ratios(templates, residuals, groups, typical):
    """For every template and image: the log likelihood ratio averaged over the allowed shifts
    (contrast and sign integrated), the largest one over shifts and that shift (flat)."""
    size = residuals.shape[1]
    span = size - 2 * surface._DEFECT_MARGIN
    shape = (len(templates), len(residuals))
    llr, top, where = np.empty(shape), np.empty(shape), np.empty(shape, dtype=int)
    conjugates = [np.conj(t.spectrum).astype(np.complex64) for t in templates]
    for rows, model in groups.values():
        terms = [_contrast_terms(t, model, typical, span) for t in templates]
        for start in range(rows.start, rows.stop, IMAGES_PER_BLOCK):
            block = slice(start, min(start + IMAGES_PER_BLOCK, rows.stop))
            for k, template in enumerate(templates):
                corr = _correlation(residuals[block], conjugates[k], span)
                darker = template.kind in surface._DARK_KINDS
                llr[k, block], top[k, block], where[k, block] = _shift_log_ratio(
                    corr, darker, *terms[k]
                )
    return llr, top, where


def _shift_log_ratio(corr, darker: bool, quad, lin, const):
    """From a block's correlation maps with one template: per image, the log of the likelihood
    ratio's mean over the shifts, its largest term and where. Dark kinds: a negative correlation
    is evidence. The others are bright or dark at even odds: the likelier sign's term, with the
    other's share."""
    c = -corr if darker else np.abs(corr)
    terms = quad * c
    terms += lin
    terms *= c
    terms += const
    return _mean_over_shifts(terms, None if darker else lin * c)


def _mean_over_shifts(terms: np.ndarray, half_gap) -> tuple[np.ndarray, ...]:
    """log of the mean of ``exp(terms)`` over the shifts (last two axes) per image, the largest
    term and where it is (flat). ``half_gap``: for defects of either sign, half the log-ratio
    between the likelier sign's term (``terms``) and the other's, each sign at even odds."""
    terms = terms.reshape(len(terms), -1)
    at = terms.argmax(axis=1)
    peak = terms[np.arange(len(terms)), at]
    terms -= peak[:, None]  # no overflow: the largest term becomes exp(0)
    np.exp(terms, out=terms)
    if half_gap is not None:
        other = np.multiply(half_gap.reshape(len(terms), -1), -2)
        np.exp(other, out=other)
        other += 1
        terms *= other
        terms /= 2
    return peak + np.log(terms.mean(axis=1)), peak, at


def _correlation(spectra: np.ndarray, conjugate: np.ndarray, span: int) -> np.ndarray:
    """``sum_x z(x) t(x − u)`` for the shifts ``u`` in ``[0, span)²`` (``conjugate``: the
    template's conjugate spectrum): the inverse FFT of the cross-spectrum, rows first so that
    only the rows kept go through the second pass."""
    size = spectra.shape[1]
    rows = fft.ifft(spectra * conjugate, axis=1, workers=1, overwrite_x=True)
    return fft.irfft(rows[:, :span], n=size, axis=2, workers=1, overwrite_x=True)[..., :span]


def _contrast_terms(template: _Template, model: _NoiseModel, typical: float, span: int):
    """Coefficients ``q, l, k`` (maps over the allowed shifts) with log ∫ exp(a c − a² E/2) da
    = q c² + l c + k under the contrast's law (normal, with the lognormal's mean and sd)."""
    energy = _energy(template, model, span)
    spread = surface._CONTRAST_SPREAD
    mean = typical * surface._KIND_CONTRAST[template.kind] * np.exp(spread**2 / 2)
    var = mean**2 * np.expm1(spread**2)
    d = 1 + energy * var
    quad = (var / (2 * d)).astype(np.float32)
    lin = (mean / d).astype(np.float32)
    const = (-energy * mean**2 / (2 * d) - np.log(d) / 2).astype(np.float32)
    return quad, lin, const


def _energy(template: _Template, model: _NoiseModel, span: int) -> np.ndarray:
    """``tᵀ Q t`` at every allowed shift: the template's whitened energy less the part the
    lighting's subspace could explain."""
    size = model.lighting.shape[1]
    spectrum = template.spectrum
    total = _inner(spectrum, spectrum / model.eigen, size)
    loads = fft.irfft2(np.conj(spectrum) * model.lighting / model.eigen, s=(size, size), workers=1)
    loads = loads[:, :span, :span]
    explained = np.einsum("iyx,ij,jyx->yx", loads, model.lighting_gram_inv, loads)
    return total - explained


def _log_mean_exp(values: np.ndarray, axis: int) -> np.ndarray:
    return _log_sum_exp(values, axis) - np.log(values.shape[axis])


def _log_sum_exp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(values - top), axis=axis))
