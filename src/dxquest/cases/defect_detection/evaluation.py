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
from scipy import ndimage, stats
from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection import business
from dxquest.cases.defect_detection.data import validation_split
from dxquest.cases.defect_detection.exercises import GOOD_LOGIT, PilotSample
from dxquest.cases.defect_detection.oracle import OracleResult, auroc_stderr, oracle_detection
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


def oracle_auroc_stderr(data: SurfaceData) -> float:
    """Standard error of the oracle's image AUROC on ``data`` due to its Monte-Carlo defect
    templates (not the draw's own sampling error)."""
    return auroc_stderr(_oracle(data), data.parts["label"].to_numpy())


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


# ------------------------------------------------------------------ 03 stretch: shipping unseen

LOGIT_GRID = np.linspace(-12.0, 12.0, 121)
"""Thresholds' logits at which the self-check's material gives each public pilot's true rates."""


def _logit(threshold: float) -> float:
    """A probability threshold on the logit scale (0 flags every part, 1 none)."""
    t = float(np.clip(threshold, 0.0, 1.0))
    with np.errstate(divide="ignore"):
        return float(np.log(t) - np.log1p(-t))


def _true_rates(sample: PilotSample, logit: float) -> tuple[float, float]:
    """The true miss rate of the defects and share of all parts made confirmed, over every month
    drawn from the pilot's law, for a threshold at ``logit``: production makes defects at
    :data:`business.DEFECT_RATE_IN_PRODUCTION`, whatever share of the pilot's records they are."""
    missed = float(stats.norm.cdf(logit, sample.defect_mean, sample.defect_sd))
    good_confirmed = float(stats.norm.sf(logit, *GOOD_LOGIT))
    rate = business.DEFECT_RATE_IN_PRODUCTION
    return missed, rate * (1 - missed) + (1 - rate) * good_confirmed


def escape_rate(missed: float) -> float:
    """Escapes per part made: the defects below the threshold and those the confirming inspector
    misses."""
    catch = business.REVIEW_CATCH_RATE
    return business.DEFECT_RATE_IN_PRODUCTION * (missed + (1 - missed) * (1 - catch))


def oracle_ship_unseen_logit(sample: PilotSample) -> float:
    """The highest threshold (logit) whose true escape rate keeps the agreement: the pilot's law
    known, never its sample. ``-inf`` (confirm every part) when no threshold can."""
    catch = business.REVIEW_CATCH_RATE
    allowed = (business.MAX_ESCAPE_RATE / business.DEFECT_RATE_IN_PRODUCTION - (1 - catch)) / catch
    if allowed <= 0:
        return -np.inf
    return float(stats.norm.ppf(min(allowed, 1.0), sample.defect_mean, sample.defect_sd))


def _confirming_hours(confirmed_share: float) -> float:
    """Inspector hours a month confirming ``confirmed_share`` of the parts."""
    facts = business.FACTS
    return confirmed_share * business.MONTHLY_PARTS * facts["review_seconds"] / 3600


def ship_unseen_scores(samples: list[PilotSample], thresholds: list[float]) -> dict[str, float]:
    """Decisions to ship parts scoring below ``thresholds`` (one per pilot) unconfirmed: the share
    that keeps the agreement over the months after (the true escape rate, from each pilot's law)
    and the inspector hours a month they leave, against confirming every part (baseline) and the
    highest threshold the law allows (oracle); the skill."""
    kept, learner, oracle = [], [], []
    for sample, threshold in zip(samples, thresholds, strict=True):
        missed, confirmed = _true_rates(sample, _logit(threshold))
        kept.append(escape_rate(missed) <= business.MAX_ESCAPE_RATE + 1e-12)
        learner.append(confirmed)
        oracle.append(_true_rates(sample, oracle_ship_unseen_logit(sample))[1])
    scores = {
        "learner": _confirming_hours(float(np.mean(learner))),
        "baseline": _confirming_hours(1.0),
        "oracle": _confirming_hours(float(np.mean(oracle))),
        "learner_kept": float(np.mean(kept)),
    }
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores


def public_pilots_material(samples: list[PilotSample]) -> dict:
    """For each public pilot, its true miss rate and share of parts confirmed on
    :data:`LOGIT_GRID`: the self-check judges a decision as the grader does."""
    rates = [[_true_rates(sample, logit) for logit in LOGIT_GRID] for sample in samples]
    return {
        "logit_grid": LOGIT_GRID.tolist(),
        "missed": [[round(missed, 5) for missed, _ in pilot] for pilot in rates],
        "confirmed": [[round(confirmed, 5) for _, confirmed in pilot] for pilot in rates],
    }
