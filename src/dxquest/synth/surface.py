"""Synthetic surface-inspection images of a fictional parts maker, with hidden true defects.

:func:`make_surface_inspection` is a pure function in the style of scikit-learn's ``make_*``
generators; its images, tables and files are :mod:`dxquest.synth.surface_tables`. Every effect
is documented in the data card ``datasets/defect_detection.md``; keep the two in step.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import ndimage

from dxquest.synth.surface_tables import DEFECT_KINDS, PRODUCTS, SurfaceData, SurfaceTruth

__all__ = ["make_surface_inspection"]

_KIND_SHARE = (0.35, 0.25, 0.2, 0.2)
# Peak contrast of each kind relative to contrast_to_noise × sensor noise: stains are faint by
# nature, cracks are thin but deep.
_KIND_CONTRAST = {"scratch": 1.0, "dent": 0.9, "crack": 1.1, "stain": 0.45}
_KIND_SALIENCE = {"scratch": 1.2, "dent": 1.0, "crack": 1.2, "stain": 0.8}
_CONTRAST_SPREAD = 0.3  # sd of the log of each defect's random contrast factor
_DEFECT_MARGIN = 16  # a defect's centre keeps this many pixels from the border
_DARK_KINDS = ("dent", "crack")  # always darker than the surface; the others either way
_BASE_LEVEL = 128.0
_TEXTURE_SD = 3.0  # grey levels of surface texture, the same for every product
_MASK_FRACTION = 0.3  # a pixel belongs to the defect where |signal| >= this share of its peak
_PARTS_PER_LOT = 100
_LOT_LEVEL_SD = 6.0  # lot-to-lot brightness drift (material, lighting)
# Line 2's tooling wears: its defect rate is 1.5 times line 1's; night shift adds a little.
_L2_RATE_FACTOR = 1.5
_NIGHT_RATE_FACTOR = 1.2
# Inspectors: detection probability = logistic(_SEE_SLOPE * (visibility - _SEE_MID)), lower on
# night shift and in the last hours of a shift; good parts are rejected at _FALSE_REJECT.
_SEE_MID = 1.8
_SEE_SLOPE = 2.5
_NIGHT_PENALTY = 0.5
_FALSE_REJECT = 0.02
_SECONDS_MEDIAN = 11.0


def _textures(rng: np.random.Generator, kind: str, n: int, size: int) -> np.ndarray:
    """Stationary surface texture with standard deviation _TEXTURE_SD, one per part."""
    white = rng.standard_normal((n, size, size)).astype(np.float32)
    if kind == "brushed":
        # Grain runs along x: long correlation along rows, almost none across them.
        tex = ndimage.gaussian_filter(white, sigma=(0, 1.0, 16.0), mode="wrap")
    elif kind == "periodic":
        y, x = np.mgrid[0:size, 0:size].astype(np.float32)
        phase = rng.uniform(0, 2 * np.pi, size=(n, 2, 1, 1)).astype(np.float32)
        period = 8.0
        grid = np.cos(2 * np.pi * x / period + phase[:, 0]) * np.cos(
            2 * np.pi * y / period + phase[:, 1]
        )
        wobble = ndimage.gaussian_filter(white, sigma=(0, 6.0, 6.0), mode="wrap")
        tex = grid + 0.5 * wobble / wobble.std()
    else:  # cast: 1/f^2 power spectrum (a rough, cloudy surface)
        fy = np.fft.fftfreq(size)[:, None]
        fx = np.fft.rfftfreq(size)[None, :]
        f = np.sqrt(fx**2 + fy**2)
        f[0, 0] = 1.0
        spectrum = np.fft.rfft2(white) / f
        spectrum[:, 0, 0] = 0
        tex = np.fft.irfft2(spectrum, s=(size, size)).astype(np.float32)
    tex /= tex.std(axis=(1, 2), keepdims=True)
    return (_TEXTURE_SD * tex).astype(np.float32)


def _shading(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """Uneven lighting: a random tilt and curvature per part, up to about ±8 grey levels."""
    u = np.linspace(-1, 1, size, dtype=np.float32)
    y, x = np.meshgrid(u, u, indexing="ij")
    c = rng.normal(0, [4.0, 4.0, 3.0], size=(n, 3)).astype(np.float32)
    return c[:, 0, None, None] * x + c[:, 1, None, None] * y + c[:, 2, None, None] * x * y


def _segment_distance(y, x, points: np.ndarray) -> np.ndarray:
    """Distance of every pixel to a polyline through ``points`` (k, 2)."""
    best = np.full(y.shape, np.inf, dtype=np.float32)
    for (y0, x0), (y1, x1) in zip(points[:-1], points[1:], strict=True):
        dy, dx = y1 - y0, x1 - x0
        t = np.clip(((y - y0) * dy + (x - x0) * dx) / max(dy * dy + dx * dx, 1e-6), 0, 1)
        best = np.minimum(best, np.hypot(y - (y0 + t * dy), x - (x0 + t * dx)))
    return best


def _defect_shape(rng: np.random.Generator, kind: str, size: int) -> np.ndarray:
    """Unit-peak profile of one defect somewhere on the part, away from the border."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    # The centre is the first draw: the oracle reads it back to know where a shape sits.
    cy, cx = rng.uniform(_DEFECT_MARGIN, size - _DEFECT_MARGIN, size=2)
    if kind == "scratch":
        length, angle = rng.uniform(14, 40), rng.uniform(0, np.pi)
        d = np.array([np.sin(angle), np.cos(angle)]) * length / 2
        points = np.array([[cy, cx] - d, [cy, cx] + d])
        width = rng.uniform(0.8, 1.4)
        return np.exp(-0.5 * (_segment_distance(y, x, points) / width) ** 2)
    if kind == "dent":
        sy, sx = rng.uniform(1.8, 3.5, size=2)
        return np.exp(-0.5 * (((y - cy) / sy) ** 2 + ((x - cx) / sx) ** 2))
    if kind == "crack":
        steps = rng.integers(4, 8)
        angle = rng.uniform(0, 2 * np.pi)
        points = [np.array([cy, cx])]
        for _ in range(steps):
            angle += rng.normal(0, 0.6)
            points.append(points[-1] + 5.0 * np.array([np.sin(angle), np.cos(angle)]))
        points = np.clip(np.array(points), 4, size - 5)
        return np.exp(-0.5 * (_segment_distance(y, x, points) / 0.7) ** 2)
    # stain: a large soft blob with a ragged edge
    sigma = rng.uniform(5.0, 9.0)
    blob = np.exp(-0.5 * (((y - cy) ** 2 + (x - cx) ** 2) / sigma**2))
    ragged = ndimage.gaussian_filter(rng.standard_normal((size, size)), 3.0, mode="wrap")
    blob = blob * np.clip(1 + 2.5 * ragged, 0, None)
    return blob / blob.max()


def _inspectors(rng, parts: pd.DataFrame, visibility: np.ndarray, n_inspectors: int):
    """Today's visual inspection: who looked, what they decided, how long it took."""
    n = len(parts)
    inspector = rng.integers(0, n_inspectors, size=n)
    skill = rng.normal(0, 0.4, size=n_inspectors)  # some inspectors see more than others
    hour_in_shift = rng.uniform(0, 8, size=n)
    night = (parts["shift"] == "night").to_numpy()
    tired = np.where(hour_in_shift > 6, 0.4, 0.0)
    logit = _SEE_SLOPE * (visibility - _SEE_MID) + skill[inspector] - _NIGHT_PENALTY * night - tired
    sees = rng.random(n) < 1 / (1 + np.exp(-logit))
    defective = parts["label"].to_numpy() == 1
    false_reject = rng.random(n) < _FALSE_REJECT * np.where(night, 1.5, 1.0)
    reject = np.where(defective, sees, false_reject)
    seconds = _SECONDS_MEDIAN * rng.lognormal(0, 0.25, size=n) + 6.0 * reject
    start = pd.to_datetime(parts["produced_on"]) + pd.to_timedelta(
        np.where(night, 22, 8) + hour_in_shift, unit="h"
    )
    return pd.DataFrame(
        {
            "part_id": parts["part_id"],
            "inspector_id": [f"I{k + 1:02d}" for k in inspector],
            "inspected_at": start.dt.floor("s"),
            "seconds": np.round(seconds, 1),
            "decision": np.where(reject, "NG", "OK"),
        }
    )


def make_surface_inspection(
    *,
    n_parts: int = 2000,
    image_size: int = 128,
    defect_rate: float = 0.04,
    contrast_to_noise: float = 4.0,
    sensor_sd: float = 3.0,
    n_inspectors: int = 6,
    start: str = "2025-04-01",
    seed: int = 0,
    return_truth: bool = False,
) -> SurfaceData:
    """Generate grayscale inspection images of machined parts, a few percent with defects.

    Each part belongs to one of three products whose surfaces differ (brushed grain, knurled
    periodic pattern, die-cast 1/f texture), comes from a lot of 100 parts on one of two lines,
    day or night shift, and is photographed under uneven lighting with sensor noise and 8-bit
    quantisation. A defective part carries exactly one defect of one of four kinds (scratch,
    dent, crack, stain) whose peak contrast is ``contrast_to_noise × sensor_sd`` times a
    kind factor (stains are faint) and a random factor. QA engineers annotated every defect's
    pixels (``masks``). The inspection log records today's visual inspection: its decision misses
    faint defects, more so at night and late in a shift, and rejects about 2 % of good parts.

    Parameters
    ----------
    n_parts : int, default=2000
        Number of parts (images).
    image_size : int, default=128
        Images are ``image_size × image_size`` pixels.
    defect_rate : float, default=0.04
        Expected share of defective parts (each lot's rate varies around it).
    contrast_to_noise : float, default=4.0
        Typical defect peak contrast in units of the sensor noise: the difficulty knob.
    sensor_sd : float, default=3.0
        Standard deviation of the camera's noise, grey levels.
    n_inspectors : int, default=6
    start : str, default="2025-04-01"
        Production date of the first lot; lots follow on working days, three lots a day.
    seed : int, default=0
    return_truth : bool, default=False
        Also return the noise-free surfaces and defect signals (:class:`SurfaceTruth`).

    Returns
    -------
    SurfaceData
        ``images`` (n, size, size) uint8, ``masks`` (n, size, size) bool, ``parts`` and
        ``inspection_log`` DataFrames, ``params``, and ``truth`` if asked for.
    """
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    meta_rng, tex_rng, defect_rng, noise_rng, inspect_rng, _spare = streams

    lots = _lots(meta_rng, n_parts, defect_rate, start)
    defective, kinds = lots["defective"], lots["kinds"]
    texture, lighting = _surfaces(tex_rng, lots["product"], lots["level"], image_size)
    signal, masks, contrast = _defects(defect_rng, kinds, image_size, contrast_to_noise * sensor_sd)
    noise = noise_rng.normal(0, sensor_sd, size=texture.shape).astype(np.float32)
    images = np.clip(np.rint(lighting + texture + signal + noise), 0, 255).astype(np.uint8)
    # A matched filter that knew the surface would see each defect at this signal-to-noise ratio.
    visibility = np.sqrt((signal.astype(np.float64) ** 2).sum(axis=(1, 2))) / sensor_sd
    # People judge peak contrast against texture and noise; lines catch the eye, stains do not.
    human_visibility = np.where(
        defective,
        contrast
        / np.hypot(sensor_sd, _TEXTURE_SD)
        * pd.Series(kinds).map(_KIND_SALIENCE).fillna(0),
        0.0,
    )
    parts = _parts_table(lots)
    log = _inspectors(inspect_rng, parts, human_visibility, n_inspectors)
    truth = SurfaceTruth(texture, lighting, signal, visibility, sensor_sd) if return_truth else None
    params = {
        "n_parts": n_parts,
        "image_size": image_size,
        "defect_rate": defect_rate,
        "contrast_to_noise": contrast_to_noise,
        "sensor_sd": sensor_sd,
        "n_inspectors": n_inspectors,
        "start": start,
        "seed": seed,
    }
    return SurfaceData(images, masks, parts, log, params, truth)


def _lots(rng, n_parts: int, defect_rate: float, start: str) -> dict[str, np.ndarray]:
    """Per part: its lot's index, product, line, shift, production day and brightness drift,
    whether it is defective and the kind of its defect (empty for a good part)."""
    n_lots = -(-n_parts // _PARTS_PER_LOT)
    lot_product = rng.choice(list(PRODUCTS), size=n_lots)
    lot_line = rng.choice(["L1", "L2"], size=n_lots)
    lot_shift = np.where(np.arange(n_lots) % 3 == 2, "night", "day")
    days = pd.bdate_range(start, periods=n_lots // 3 + 1)
    lot_date = days[np.arange(n_lots) // 3]
    lot_level = rng.normal(0, _LOT_LEVEL_SD, size=n_lots)
    lot_rate = (
        defect_rate
        * np.where(lot_line == "L2", _L2_RATE_FACTOR, 1.0)
        * np.where(lot_shift == "night", _NIGHT_RATE_FACTOR, 1.0)
    )
    lot_rate *= defect_rate / np.mean(lot_rate)
    lot_of = np.arange(n_parts) // _PARTS_PER_LOT
    defective = rng.random(n_parts) < lot_rate[lot_of]
    kinds = np.where(defective, rng.choice(DEFECT_KINDS, size=n_parts, p=_KIND_SHARE), "").astype(
        object
    )
    return {
        "lot_of": lot_of,
        "product": lot_product[lot_of],
        "line": lot_line[lot_of],
        "shift": lot_shift[lot_of],
        "date": lot_date[lot_of],
        "level": lot_level[lot_of],
        "defective": defective,
        "kinds": kinds,
    }


def _surfaces(rng, product: np.ndarray, level: np.ndarray, size: int):
    """Each part's noise-free surface texture (by product) and its lighting, float32 images."""
    texture = np.empty((len(product), size, size), dtype=np.float32)
    for name, (_, _, kind) in PRODUCTS.items():
        rows = np.flatnonzero(product == name)
        if rows.size:
            texture[rows] = _textures(rng, kind, rows.size, size)
    lighting = _shading(rng, len(product), size) + (_BASE_LEVEL + level)[:, None, None]
    return texture, lighting


def _defects(rng, kinds: np.ndarray, size: int, typical_contrast: float):
    """Each defective part's defect signal (float32 image), annotated mask and peak contrast;
    zeros for good parts (``kinds`` empty)."""
    n_parts = len(kinds)
    signal = np.zeros((n_parts, size, size), dtype=np.float32)
    masks = np.zeros(signal.shape, dtype=bool)
    contrast = np.zeros(n_parts)
    for i in np.flatnonzero(kinds != ""):
        shape = _defect_shape(rng, kinds[i], size)
        sign = -1.0 if kinds[i] in _DARK_KINDS else rng.choice([-1.0, 1.0])
        contrast[i] = (
            typical_contrast * _KIND_CONTRAST[kinds[i]] * rng.lognormal(0, _CONTRAST_SPREAD)
        )
        signal[i] = sign * contrast[i] * shape
        masks[i] = shape >= _MASK_FRACTION
    return signal, masks, contrast


def _parts_table(lots: dict[str, np.ndarray]) -> pd.DataFrame:
    defective = lots["defective"]
    return pd.DataFrame(
        {
            "part_id": [f"P{k:06d}" for k in range(len(defective))],
            "lot_id": [f"LOT{lot:04d}" for lot in lots["lot_of"]],
            "product": lots["product"],
            "line": lots["line"],
            "shift": lots["shift"],
            "produced_on": lots["date"].strftime("%Y-%m-%d"),
            "label": defective.astype(np.int8),
            "defect_kind": pd.array(np.where(defective, lots["kinds"], None), dtype="string"),
        }
    )
