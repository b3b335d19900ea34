"""Scoring a learner's detector (grader side): image-level AUROC on the hidden draw against the
inspectors and the oracle, whether its heatmaps point at the defects (localisation), and the
self-checks' material from the learner's own data.

A detector receives each part's image and :data:`INSPECTION_COLUMN` (:func:`inspection_inputs`,
which the questions' inputs use too; the time-honesty tests read both). Its outputs arrive as the
kind of each question reads them in the kernel (:mod:`dxquest.cases.defect_detection.exercises`):
one score per part, or the flat index of each heatmap's brightest pixel.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import ndimage
from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection.data import validation_split
from dxquest.cases.defect_detection.oracle import OracleResult, oracle_detection
from dxquest.cases.spec import Holdout
from dxquest.skill import normalised_skill
from dxquest.synth.surface_tables import SurfaceData

NEAR_PIXELS = 2
"""A pointer this close to an annotated defect has found it (annotators draw edges to within a
pixel or two)."""

INSPECTION_COLUMN = "product"
"""What a detector receives of each part besides its image: what the line knows when the part
reaches inspection. Never its label, defect kind or annotated mask, known only after it."""


def inspection_inputs(data: SurfaceData, rows=slice(None)) -> tuple[np.ndarray, np.ndarray]:
    """The images of the parts ``rows`` selects and their :data:`INSPECTION_COLUMN`: the
    arguments of ``detect(images, products)``."""
    return data.images[rows], data.parts[INSPECTION_COLUMN].to_numpy()[rows]


def dilated_masks(masks: np.ndarray, pixels: int = NEAR_PIXELS) -> np.ndarray:
    """Masks grown by ``pixels``: where a pointer counts as on the defect."""
    square = np.ones((1, 2 * pixels + 1, 2 * pixels + 1), dtype=bool)
    return ndimage.binary_dilation(masks, structure=square)


def located(masks: np.ndarray, pixels) -> np.ndarray:
    """Whether each flat pixel index in ``pixels`` (one per mask) lies on or near its defect."""
    pixels = np.asarray(pixels, dtype=int)
    near = dilated_masks(masks).reshape(len(masks), -1)
    return near[np.arange(len(masks)), pixels]


def inspector_auroc(data: SurfaceData, rows=slice(None)) -> float:
    """AUROC of today's OK/NG decisions on ``rows`` of the parts (a single threshold:
    ½(1 + hit rate − false-alarm rate))."""
    decided = data.parts[["part_id", "label"]].merge(data.inspection_log, on="part_id", how="left")
    rejected = (decided["decision"] == "NG").to_numpy()
    return float(roc_auc_score(decided["label"].to_numpy()[rows], rejected[rows]))


@lru_cache(maxsize=2)
def _oracle(data: SurfaceData) -> OracleResult:
    return oracle_detection(data)


def image_auroc(actual, predicted) -> float:
    """The AI task's metric: AUROC of the scores against the labels."""
    return float(roc_auc_score(actual, predicted))


def holdout_task(data: SurfaceData) -> Holdout:
    """The AI task on the hidden draw: every part, with its label, today's inspectors' OK/NG
    decision and the oracle's score."""
    decided = data.parts[["part_id", "label"]].merge(data.inspection_log, on="part_id", how="left")
    holdout = Holdout(
        case="defect_detection",
        metric="image AUROC",
        keys=data.parts["part_id"].astype(str).to_numpy(dtype=str),
        actual=data.parts["label"].to_numpy(dtype=float),
        # Today's inspectors: one OK/NG decision per part.
        baseline=(decided["decision"] == "NG").to_numpy(dtype=float),
        oracle=_oracle(data).scores,
    )
    return holdout


def localisation_scores(data: SurfaceData, pixels) -> dict[str, float]:
    """Share of the hidden draw's defective parts whose brightest heatmap pixel (flat index, one
    per part) lies on the defect: the learner's, a random pixel's (chance) and the oracle's, and
    the skill."""
    defective = np.flatnonzero(data.parts["label"].to_numpy() == 1)
    masks = data.masks[defective]
    oracle_points = _oracle(data).points[defective]
    oracle_pixels = oracle_points[:, 0] * masks.shape[2] + oracle_points[:, 1]
    scores = {
        "learner": float(located(masks, np.asarray(pixels)[defective]).mean()),
        "baseline": float(dilated_masks(masks).mean()),
        "oracle": float(located(masks, oracle_pixels).mean()),
    }
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores


def public_detection_material(data: SurfaceData) -> dict:
    """The self-check's material for a detector's scores of the validation lots of the learner's
    data (which the questions score there): their labels and the inspectors' AUROC. The labels are
    the learner's own data: nothing here is an answer."""
    _, validation = validation_split(data)
    return {
        "labels": data.parts["label"].to_numpy()[validation].tolist(),
        "inspectors_auroc": inspector_auroc(data, validation),
    }


def public_localisation_material(data: SurfaceData) -> dict:
    """The self-check's material for a detector's heatmaps of the validation lots of the learner's
    data: where their defective parts are among them, the pixels that count as on each defect
    (its annotation grown by :data:`NEAR_PIXELS`), and how often a random pixel would."""
    _, validation = validation_split(data)
    defective = data.parts["label"].to_numpy()[validation] == 1
    near = dilated_masks(data.masks[validation][defective])
    return {
        "rows": np.flatnonzero(defective).tolist(),
        "near": [np.flatnonzero(mask).tolist() for mask in near],
        "chance": float(near.mean()),
    }
