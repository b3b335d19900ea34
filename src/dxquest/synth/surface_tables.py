"""The images and tables of the parts maker's inspection data and their files (what a learner's
kernel may read).

Kept apart from the generator (:mod:`dxquest.synth.surface`): a grading kernel reads the images
but must not be able to draw more of them, which would hand it the true defects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DEFECT_KINDS",
    "PRODUCTS",
    "SurfaceData",
    "SurfaceTruth",
    "read_surface_data",
    "write_surface_data",
]

PRODUCTS = {
    # product code: (name ja, name en, texture)
    "BR": ("ブラケット（ヘアライン仕上げ）", "bracket (brushed finish)", "brushed"),
    "KN": ("ノブ（ローレット加工）", "knob (knurled)", "periodic"),
    "HS": ("ハウジング（ダイカスト）", "housing (die-cast)", "cast"),
}
DEFECT_KINDS = ("scratch", "dent", "crack", "stain")


@dataclass(frozen=True, eq=False)
class SurfaceTruth:
    """What only the grader knows: the noise-free surface of every part (texture under its
    lighting), each defect's signal (grey levels added), its visibility and the sensor noise."""

    texture: np.ndarray  # (n, size, size) float32: the surface itself, mean 0
    lighting: np.ndarray  # (n, size, size) float32: base level, lot drift and uneven lighting
    signal: np.ndarray  # (n, size, size) float32: defect signal, 0 on good parts
    visibility: np.ndarray  # (n,) matched-filter SNR of the defect, 0 on good parts
    sensor_sd: float


@dataclass(frozen=True, eq=False)
class SurfaceData:  # eq=False: compared and hashed by identity, so caches can key on a draw
    """Public tables and images; ``truth`` only when asked for (the grader's view)."""

    images: np.ndarray  # (n, size, size) uint8, what the camera recorded
    masks: np.ndarray  # (n, size, size) bool, defect pixels as annotated by QA engineers
    parts: pd.DataFrame  # one row per image: part_id, lot_id, product, line, shift, ..., label
    inspection_log: pd.DataFrame  # today's visual inspection of every part
    params: dict = field(default_factory=dict)
    truth: SurfaceTruth | None = None


def write_surface_data(data: SurfaceData, directory: Path) -> dict[str, Path]:
    """Write the public view: ``images.npz`` (images, masks), two CSV tables, and one PNG per
    defect kind and per product's good surface in ``samples/`` for a first look.

    ``np.savez_compressed`` stores fixed zip timestamps, so the same data gives the same bytes.
    """
    from PIL import Image

    directory.mkdir(parents=True, exist_ok=True)
    written = {"images": directory / "images.npz"}
    np.savez_compressed(written["images"], images=data.images, masks=data.masks)
    for name in ("parts", "inspection_log"):
        written[name] = directory / f"{name}.csv"
        getattr(data, name).to_csv(written[name], index=False, lineterminator="\n")
    samples = directory / "samples"
    samples.mkdir(exist_ok=True)
    kind = data.parts["defect_kind"]
    picks = {f"defect_{k}": kind.index[kind == k] for k in DEFECT_KINDS}
    picks |= {
        f"good_{p}": data.parts.index[(data.parts["product"] == p) & kind.isna()] for p in PRODUCTS
    }
    for name, rows in picks.items():
        if len(rows):
            written[name] = samples / f"{name}.png"
            Image.fromarray(data.images[rows[0]]).save(written[name], optimize=False)
    return written


def read_surface_data(directory: Path) -> SurfaceData:
    """Read what :func:`write_surface_data` wrote (the public view, without truth)."""
    with np.load(directory / "images.npz") as stored:
        images, masks = stored["images"], stored["masks"]
    parts = pd.read_csv(directory / "parts.csv", dtype={"defect_kind": "string"})
    log = pd.read_csv(directory / "inspection_log.csv", parse_dates=["inspected_at"])
    return SurfaceData(images, masks, parts, log)
