"""The grader's answers: today's inspection figures, the supervised reference detector (notebook
02's solution, and the model notebook 03 designs operations around) and the threshold rule."""

from __future__ import annotations

from collections.abc import Callable

import lightgbm as lgb
import numpy as np
import pandas as pd

from dxquest.cases.defect_detection import business
from dxquest.cases.defect_detection import features as ft
from dxquest.synth.surface_tables import SurfaceData

Detector = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
"""``detect(images, products) -> (scores (n,), heatmaps (n, H, W))``: higher means more suspect."""


# ------------------------------------------------------------------ 01: today's inspection


def inspection_rates(parts: pd.DataFrame, log: pd.DataFrame) -> dict[str, float]:
    """Share of defective parts passed (miss) and of good parts rejected (false reject)."""
    merged = parts[["part_id", "label"]].merge(log[["part_id", "decision"]], on="part_id")
    rejected = merged["decision"] == "NG"
    defective = merged["label"] == 1
    return {
        "miss_rate": float((~rejected[defective]).mean()),
        "false_reject_rate": float(rejected[~defective].mean()),
    }


def monthly_as_is(parts: pd.DataFrame, log: pd.DataFrame) -> dict[str, float]:
    """Today's month at :data:`business.MONTHLY_PARTS`: inspector hours and yen lost."""
    rates = inspection_rates(parts, log)
    defect_rate = float(parts["label"].mean())
    n = business.MONTHLY_PARTS
    hours = n * float(log["seconds"].mean()) / 3600
    escapes = n * defect_rate * rates["miss_rate"]
    false_rejects = n * (1 - defect_rate) * rates["false_reject_rate"]
    return {
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * business.ESCAPE_COST_YEN
        + false_rejects * business.FALSE_REJECT_COST_YEN,
    }


# ------------------------------------------------------------------ 02: detectors


def fit_patch_classifier(
    images: np.ndarray, products, masks: np.ndarray, seed: int = 0
) -> Detector:
    """Supervised: LightGBM on patch features, trained on every defect patch and a 10 % sample
    of the others (defects are rare; the sample keeps training to a second or two)."""
    products = np.asarray(products)
    flattener = ft.SurfaceFlattener().fit(
        images[~masks.any(axis=(1, 2))], products[~masks.any(axis=(1, 2))]
    )
    table = ft.patch_features(ft.feature_maps(flattener.transform(images, products)))
    target = ft.patch_labels(masks)
    keep = target | (np.random.default_rng(seed).random(len(target)) < 0.1)
    model = lgb.LGBMClassifier(
        n_estimators=150,
        learning_rate=0.08,
        num_leaves=15,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.8,
        random_state=seed,
        n_jobs=1,
        verbose=-1,
    ).fit(table[keep], target[keep])

    def detect(new_images, new_products):
        maps = ft.feature_maps(flattener.transform(new_images, np.asarray(new_products)))
        patch_scores = model.predict_proba(ft.patch_features(maps))[:, 1]
        return ft.image_scores(patch_scores, len(new_images)), ft.heatmap(patch_scores, maps)

    return detect


def fit_reference_detector(data: SurfaceData, rows=None) -> Detector:
    """The supervised reference trained on ``rows`` of ``data`` (all parts by default)."""
    rows = np.ones(len(data.parts), dtype=bool) if rows is None else rows
    return fit_patch_classifier(
        data.images[rows], data.parts["product"].to_numpy()[rows], data.masks[rows]
    )


# ------------------------------------------------------------------ 03: operations


def to_be_month(scores, labels, threshold: float) -> dict[str, float]:
    """A month of AI + human inspection: the AI flags parts scoring at least ``threshold``; an
    inspector confirms only those (heatmap in hand); the rest ship unseen."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    flagged = scores >= threshold
    n = business.MONTHLY_PARTS / len(scores)  # scale the sample to a month
    caught = flagged & labels
    escapes = n * ((labels & ~flagged).sum() + (1 - business.REVIEW_CATCH_RATE) * caught.sum())
    false_rejects = n * business.REVIEW_FALSE_REJECT_RATE * (flagged & ~labels).sum()
    hours = n * flagged.sum() * business.REVIEW_SECONDS / 3600
    return {
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "escape_rate": escapes / business.MONTHLY_PARTS,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * business.ESCAPE_COST_YEN
        + false_rejects * business.FALSE_REJECT_COST_YEN,
    }


def choose_threshold(scores, labels) -> float:
    """The cheapest threshold whose escape rate keeps the customer agreement; flag everything if
    none does (candidates: every observed score)."""
    candidates = np.unique(np.asarray(scores, dtype=float))
    best, best_cost = float(candidates.min()), np.inf
    for threshold in candidates:
        month = to_be_month(scores, labels, threshold)
        if month["escape_rate"] <= business.MAX_ESCAPE_RATE and month["cost_yen"] < best_cost:
            best, best_cost = float(threshold), month["cost_yen"]
    return best
