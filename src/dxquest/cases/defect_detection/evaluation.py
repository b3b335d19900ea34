"""Scoring a learner's detector on the hidden draw: image-level AUROC against the inspectors and
the oracle, and whether its heatmap points at the defect (localisation)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection import features as ft
from dxquest.cases.defect_detection.oracle import OracleResult, oracle_detection
from dxquest.cases.spec import AITask, Holdout
from dxquest.exercise import Incorrect, call_learner
from dxquest.i18n import Msg
from dxquest.skill import normalised_skill
from dxquest.synth.surface_tables import SurfaceData


def learner_detection(detect, images: np.ndarray, products) -> tuple[np.ndarray, np.ndarray]:
    """Call the learner's ``detect(images, products)`` and insist on (scores, heatmaps)."""
    n, height, width = images.shape
    result = call_learner(detect, images.copy(), np.asarray(products).copy())
    try:
        scores, heatmaps = result
        scores = np.asarray(scores, dtype=float).reshape(-1)
        heatmaps = np.asarray(heatmaps, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(
            Msg(
                "`(scores, heatmaps)` の2つを返してください（scores: 部品ごとの数値、heatmaps: "
                "画像と同じ形の配列）。",
                "Return two things, `(scores, heatmaps)`: one number per part and one array "
                "per image of the image's shape.",
            )
        ) from None
    if scores.shape != (n,) or heatmaps.shape != (n, height, width):
        raise Incorrect(
            Msg(
                f"scores は ({n},)、heatmaps は ({n}, {height}, {width}) の形にしてください"
                f"（今は {scores.shape} と {heatmaps.shape}）。",
                f"scores must have shape ({n},) and heatmaps ({n}, {height}, {width}); "
                f"got {scores.shape} and {heatmaps.shape}.",
            )
        )
    if not (np.isfinite(scores).all() and np.isfinite(heatmaps).all()):
        raise Incorrect(
            Msg("NaN や無限大が含まれています。", "The output contains NaN or infinite values.")
        )
    return scores, heatmaps


def localisation_rate(heatmaps: np.ndarray, masks: np.ndarray, labels) -> float:
    """Share of defective parts whose heatmap's brightest pixel lies on (or within 2 px of) the
    annotated defect."""
    rows = np.flatnonzero(np.asarray(labels) == 1)
    peak = heatmaps[rows].reshape(len(rows), -1).argmax(axis=1)
    y, x = np.unravel_index(peak, heatmaps.shape[1:])
    return float(ft.dilated_masks(masks[rows])[np.arange(len(rows)), y, x].mean())


def inspector_auroc(data: SurfaceData) -> float:
    """AUROC of today's OK/NG decisions (a single threshold: ½(1 + hit rate − false-alarm rate))."""
    decided = data.parts[["part_id", "label"]].merge(data.inspection_log, on="part_id")
    return float(roc_auc_score(decided["label"], decided["decision"] == "NG"))


@lru_cache(maxsize=2)
def _oracle(data: SurfaceData) -> OracleResult:
    return oracle_detection(data)


def holdout_task(data: SurfaceData) -> AITask:
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

    def predict(detect) -> np.ndarray:
        scores, _ = learner_detection(detect, data.images, data.parts["product"])
        return scores

    return AITask(holdout, predict, _auroc)


def _auroc(actual, predicted) -> float:
    return float(roc_auc_score(actual, predicted))


def hidden_detection_scores(
    detect, data: SurfaceData
) -> tuple[dict[str, dict[str, float]], np.ndarray]:
    """Image AUROC (learner, inspectors, oracle, skill) and localisation (learner, a random pixel,
    oracle, skill) of ``detect`` on the hidden draw; also its score of each part, in the order of
    ``data.parts`` (for the leaderboard)."""
    labels = data.parts["label"].to_numpy()
    scores, heatmaps = learner_detection(detect, data.images, data.parts["product"])
    oracle = _oracle(data)
    auroc = {
        "learner": float(roc_auc_score(labels, scores)),
        "baseline": inspector_auroc(data),
        "oracle": float(roc_auc_score(labels, oracle.scores)),
    }
    auroc["skill"] = normalised_skill(auroc["learner"], auroc["baseline"], auroc["oracle"])
    rows = np.flatnonzero(labels == 1)
    near = ft.dilated_masks(data.masks[rows])
    located = {
        "learner": localisation_rate(heatmaps, data.masks, labels),
        "baseline": float(near.mean()),  # a random pixel lands on the defect this often
        "oracle": float(near[np.arange(len(rows)), *oracle.points[rows].T].mean()),
    }
    located["skill"] = normalised_skill(located["learner"], located["baseline"], located["oracle"])
    return {"image_auroc": auroc, "localisation": located}, scores
