"""Image features an engineer can explain, for the learner's detectors (and the reference's).

The steps: remove uneven lighting (:func:`residual`), flatten each product's normal texture with
the average spectrum of good parts (:class:`SurfaceFlattener`, learnt from good parts only), then
filter with the shapes defects have: lines, spots (:func:`feature_maps`), and summarise 8×8-pixel
patches with their neighbours (:func:`patch_features`, with :func:`patch_labels` as the targets).
What a model makes of them (a part's score, a heatmap that points at the defect) is the learner's
to write.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import fft, ndimage

PATCH = 8
"""Patch side in pixels: about the width of a dent or a stain's core."""
FEATURE_NAMES = ("line", "dent", "stain", "fine")
"""The maps :func:`feature_maps` returns, in order: the strongest of eight oriented line filters
(scratches, cracks), round spots of 2.5 px (dents) and 6 px (stains), and 1 px smoothing."""
_LINE_ANGLES = 8
# Images filtered at a time: the spectra and responses of a chunk stay in the processor's cache,
# which halves the time of filtering a thousand parts at once.
_CHUNK = 32


def residual(images: np.ndarray) -> np.ndarray:
    """Grey levels minus the local average over 31×31 pixels: uneven lighting removed."""
    x = images.astype(np.float32)
    return x - ndimage.uniform_filter(x, size=(1, 31, 31), mode="reflect")


class SurfaceFlattener:
    """Learns each product's normal texture from good parts and divides it out.

    The texture of a good surface (brushed grain, knurling, casting) has its energy at a few
    frequencies; dividing each image's spectrum by the good parts' average makes the normal
    texture flat noise, so anything left standing out is unusual.
    """

    def fit(self, images: np.ndarray, products) -> SurfaceFlattener:
        spectra = np.abs(fft.rfft2(residual(images), workers=-1)) ** 2
        products = np.asarray(products)
        self.amplitude_ = {
            p: np.sqrt(spectra[products == p].mean(axis=0)).astype(np.float32)
            for p in np.unique(products)
        }
        return self

    def transform(self, images: np.ndarray, products) -> np.ndarray:
        products = np.asarray(products)
        unknown = set(np.unique(products)) - set(self.amplitude_)
        if unknown:
            raise ValueError(f"no good parts of product(s) {sorted(unknown)} to learn from")
        spectrum = fft.rfft2(residual(images), workers=-1)
        flat = np.empty(images.shape, dtype=np.float32)
        size = images.shape[1:]
        for product, amplitude in self.amplitude_.items():
            rows = products == product
            flat[rows] = fft.irfft2(spectrum[rows] / amplitude, s=size, workers=-1)
        return flat * np.float32(np.sqrt(np.prod(size)))


@lru_cache(maxsize=4)
def _filter_spectra(size: int) -> tuple[np.ndarray, ...]:
    """Spectra of the filters, each of unit energy, so on a flattened good surface (unit noise)
    every response has about unit spread: a value of 5 means "5 standard deviations"."""
    y, x = np.mgrid[-size // 2 : size // 2, -size // 2 : size // 2].astype(np.float32)
    kernels = []
    for angle in np.arange(_LINE_ANGLES) * np.pi / _LINE_ANGLES:
        along = x * np.cos(angle) + y * np.sin(angle)
        across = -x * np.sin(angle) + y * np.cos(angle)
        kernels.append(np.exp(-0.5 * ((along / 6.0) ** 2 + (across / 1.0) ** 2)))
    for radius in (2.5, 6.0, 1.0):
        kernels.append(np.exp(-0.5 * (x**2 + y**2) / radius**2))
    return tuple(
        fft.rfft2(np.fft.ifftshift(k / np.sqrt((k**2).sum()))).astype(np.complex64) for k in kernels
    )


def feature_maps(flat: np.ndarray) -> np.ndarray:
    """Per-pixel features ``(n, 4, H, W)`` of flattened images, named in :data:`FEATURE_NAMES`:
    each is a matched filter for one kind of defect (a line keeps the orientation that responds
    most strongly)."""
    n, size, _ = flat.shape
    filters = _filter_spectra(size)
    maps = np.empty((n, len(FEATURE_NAMES), size, size), dtype=np.float32)
    for start in range(0, n, _CHUNK):
        part = slice(start, start + _CHUNK)
        spectrum = fft.rfft2(flat[part], workers=-1)

        def respond(kernel, spectrum=spectrum):
            return fft.irfft2(spectrum * kernel, s=(size, size), workers=-1)

        line = respond(filters[0])
        strongest = np.abs(line)  # kept, not recomputed: boolean indexing of a stack is slow
        for kernel in filters[1:_LINE_ANGLES]:
            other = respond(kernel)
            other_size = np.abs(other)
            np.copyto(line, other, where=other_size > strongest)
            np.maximum(strongest, other_size, out=strongest)
        maps[part, 0] = line
        for index, kernel in enumerate(filters[_LINE_ANGLES:], start=1):
            maps[part, index] = respond(kernel)
    return maps


def patch_features(maps: np.ndarray) -> np.ndarray:
    """One row per 8×8 patch, image by image, row by row: max, min and mean square of every map,
    then the largest and smallest of those over the 3×3 neighbouring patches (context)."""
    n, f, h, w = maps.shape
    rows, columns = h // PATCH, w // PATCH
    blocks = maps.reshape(n, f, rows, PATCH, columns, PATCH)
    # Max and min over each patch's 64 pixels laid out contiguously (reducing over two strided
    # axes is three times slower); the mean square keeps its own order of summation, so the
    # features stay bit for bit what the reference was fitted on.
    pixels = blocks.transpose(0, 1, 2, 4, 3, 5).reshape(n, f, rows, columns, PATCH * PATCH)
    own = np.concatenate(
        [pixels.max(axis=-1), pixels.min(axis=-1), (blocks**2).mean(axis=(3, 5))], axis=1
    )
    padded = np.pad(own, ((0, 0), (0, 0), (1, 1), (1, 1)), mode="edge")
    largest, smallest = own.copy(), own.copy()
    for dy in range(3):
        for dx in range(3):
            neighbour = padded[:, :, dy : dy + rows, dx : dx + columns]
            np.maximum(largest, neighbour, out=largest)
            np.minimum(smallest, neighbour, out=smallest)
    table = np.concatenate([own, largest, smallest], axis=1)
    return table.transpose(0, 2, 3, 1).reshape(n * rows * columns, -1)


def patch_labels(masks: np.ndarray) -> np.ndarray:
    """1 for every patch that touches an annotated defect, in :func:`patch_features` order."""
    n, h, w = masks.shape
    return masks.reshape(n, h // PATCH, PATCH, w // PATCH, PATCH).any(axis=(2, 4)).reshape(-1)
