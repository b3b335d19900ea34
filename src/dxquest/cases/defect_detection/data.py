"""Kanazawa Precision's inspection data as the learner and the grader see it.

The learner reads the public images and tables built from :data:`PUBLIC_SEED`. The grader draws
other parts from the cohort secret (:func:`hidden_data`), with the truth the oracle needs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from dxquest import paths
from dxquest.secret import derived_seed
from dxquest.synth.surface import (
    SurfaceData,
    make_surface_inspection,
    read_surface_data,
    write_surface_data,
)

CASE_ID = "defect_detection"
PUBLIC_SEED = 0
DEFAULT_SIZE = {"n_parts": 2000, "image_size": 128, "defect_rate": 0.04, "contrast_to_noise": 4.0}
"""The learners' data; the hidden draw has the same settings and fewer parts."""
HIDDEN_PARTS = 800
"""Parts in the hidden holdout: enough defects (about 32) for AUROC, and the oracle stays fast."""
VALIDATION_SHARE = 0.3
"""Notebook 03 tunes the threshold on the last 30 % of lots (the model never trained on them)."""


def build_public_data(directory: Path | None = None, **size: object) -> Path:
    """Generate the learners' data (seed 0, default size unless ``size`` says otherwise)."""
    directory = directory or paths.data_dir(CASE_ID)
    write_surface_data(
        make_surface_inspection(seed=PUBLIC_SEED, **{**DEFAULT_SIZE, **size}), directory
    )
    return directory


def load_data(directory: Path | None = None) -> SurfaceData:
    """The public images and tables (built on first use, so a fresh laptop needs no extra step)."""
    directory = directory or paths.data_dir(CASE_ID)
    if not (directory / "images.npz").is_file():
        build_public_data(directory)
    return read_surface_data(directory)


def hidden_data() -> SurfaceData:
    """The grading draw: other parts from a seed derived from the cohort secret, with truth."""
    return _draw(derived_seed(CASE_ID, "holdout"))


@lru_cache(maxsize=1)
def _draw(seed: int) -> SurfaceData:
    # Keyed by the seed: once the grader locks the secret again, the cache answers no caller.
    return make_surface_inspection(
        seed=seed, return_truth=True, **{**DEFAULT_SIZE, "n_parts": HIDDEN_PARTS}
    )


def validation_split(data: SurfaceData) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (train, validation) by lot: the last lots are the validation set, as a new
    month of production would be."""
    lots = data.parts["lot_id"]
    cut = lots.unique()[int(len(lots.unique()) * (1 - VALIDATION_SHARE))]
    validation = (lots >= cut).to_numpy()
    return ~validation, validation


@lru_cache(maxsize=1)
def validation_scores() -> tuple[np.ndarray, np.ndarray]:
    """Scores of the reference model (trained on the earlier lots) for the validation lots, and
    their labels: the numbers notebook 03 designs the operation with."""
    from dxquest.cases.defect_detection.reference import fit_reference_detector

    data = load_data()
    train, validation = validation_split(data)
    detect = fit_reference_detector(data, train)
    scores, _ = detect(data.images[validation], data.parts["product"].to_numpy()[validation])
    return scores, data.parts["label"].to_numpy()[validation]
