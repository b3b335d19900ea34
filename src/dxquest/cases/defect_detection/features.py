"""Image features an engineer can explain, shared by the notebooks and the reference model.

The steps: remove uneven lighting (:func:`residual`), flatten each product's normal texture with
the average spectrum of good parts (:class:`SurfaceFlattener`, learnt from good parts only), then
smooth at the sizes defects have (:func:`feature_maps`) and summarise 8×8-pixel patches with their
neighbours (:func:`patch_features`). A model scores patches; :func:`heatmap` turns patch scores
back into a picture whose brightest pixel says where the defect is.
"""

from __future__ import annotations

import numpy as np
from scipy import fft, ndimage

PATCH = 8
"""Patch side in pixels: about the width of a dent or a stain's core."""
SCALES = (1.0, 2.0, 4.0)
"""Smoothing sizes (pixels): thin scratches and cracks, dents, stains."""
FEATURE_NAMES = ("flat", "smooth_1", "smooth_2", "smooth_4", "blob_2")
"""The maps :func:`feature_maps` returns, in order."""


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


def feature_maps(flat: np.ndarray) -> np.ndarray:
    """Per-pixel features ``(n, 5, H, W)``: the flattened image, smoothed at each of
    :data:`SCALES` (scaled so each has about the same spread) and a blob detector (the
    difference of the 2 px and 4 px smoothings: a spot stands out from its surroundings)."""
    maps = [flat]
    maps += [ndimage.gaussian_filter(flat, (0, s, s), truncate=2.5) * s for s in SCALES]
    maps.append(maps[2] - maps[3])
    return np.stack(maps, axis=1)


def patch_features(maps: np.ndarray) -> np.ndarray:
    """One row per 8×8 patch, image by image, row by row: max, min and mean square of every map,
    then the largest and smallest of those over the 3×3 neighbouring patches (context)."""
    n, f, h, w = maps.shape
    blocks = maps.reshape(n, f, h // PATCH, PATCH, w // PATCH, PATCH)
    own = np.concatenate(
        [blocks.max(axis=(3, 5)), blocks.min(axis=(3, 5)), (blocks**2).mean(axis=(3, 5))], axis=1
    )
    padded = np.pad(own, ((0, 0), (0, 0), (1, 1), (1, 1)), mode="edge")
    shifted = np.stack(
        [
            padded[:, :, dy : dy + h // PATCH, dx : dx + w // PATCH]
            for dy in range(3)
            for dx in range(3)
        ]
    )
    table = np.concatenate([own, shifted.max(axis=0), shifted.min(axis=0)], axis=1)
    return table.transpose(0, 2, 3, 1).reshape(n * (h // PATCH) * (w // PATCH), -1)


def patch_labels(masks: np.ndarray) -> np.ndarray:
    """1 for every patch that touches an annotated defect, in :func:`patch_features` order."""
    n, h, w = masks.shape
    return masks.reshape(n, h // PATCH, PATCH, w // PATCH, PATCH).any(axis=(2, 4)).reshape(-1)


def heatmap(patch_scores: np.ndarray, maps: np.ndarray) -> np.ndarray:
    """Pixel heatmaps ``(n, H, W)``: each patch's score, sharpened by how strongly each pixel
    stands out (smoothed at 2 px), so the brightest pixel sits on the defect, not a patch corner."""
    n, _, h, w = maps.shape
    grid = np.asarray(patch_scores, dtype=np.float32).reshape(n, h // PATCH, w // PATCH)
    coarse = grid.repeat(PATCH, axis=1).repeat(PATCH, axis=2)
    return coarse * np.abs(maps[:, 2])


def dilated_masks(masks: np.ndarray, pixels: int = 2) -> np.ndarray:
    """Masks grown by ``pixels``: a pointer this close to an annotated defect has found it
    (annotators draw edges to within a pixel or two)."""
    square = np.ones((1, 2 * pixels + 1, 2 * pixels + 1), dtype=bool)
    return ndimage.binary_dilation(masks, structure=square)


def image_scores(patch_scores: np.ndarray, n_images: int) -> np.ndarray:
    """A part is as suspicious as its most suspicious patch."""
    return np.asarray(patch_scores).reshape(n_images, -1).max(axis=1)
