"""The grader's answers: today's inspection figures, AUROC, the supervised reference detector
(notebook 02's solution, and the model whose scores notebook 03 designs operations with), the
month of AI + human inspection, the threshold rule and the net annual benefit."""

from __future__ import annotations

from collections.abc import Callable

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

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


def monthly_inspection_hours(parts: pd.DataFrame, log: pd.DataFrame) -> float:
    return monthly_as_is(parts, log)["inspection_hours"]


def monthly_as_is_cost(parts: pd.DataFrame, log: pd.DataFrame) -> float:
    return monthly_as_is(parts, log)["cost_yen"]


# ------------------------------------------------------------------ 02: detectors


def auroc(labels, scores) -> float:
    return float(roc_auc_score(labels, scores))


def part_scores(patch_scores: np.ndarray, n_images: int) -> np.ndarray:
    """A part is as suspicious as its most suspicious patch."""
    return np.asarray(patch_scores).reshape(n_images, -1).max(axis=1)


def heatmap(patch_scores: np.ndarray, maps: np.ndarray) -> np.ndarray:
    """Pixel heatmaps ``(n, H, W)``: each patch's score, sharpened by how strongly each pixel
    stands out (its strongest filter response), so the brightest pixel sits on the defect, not
    on a patch corner."""
    n, _, h, w = maps.shape
    grid = np.asarray(patch_scores, dtype=np.float32).reshape(n, h // ft.PATCH, w // ft.PATCH)
    coarse = grid.repeat(ft.PATCH, axis=1).repeat(ft.PATCH, axis=2)
    return coarse * np.abs(maps).max(axis=1)


def anomaly_scores(good_images: np.ndarray, good_products, images: np.ndarray, products):
    """Unsupervised: learnt from good parts only. Per product, the spread of every filter's
    response on good parts; a pixel is as unusual as its most unusual filter in those units
    (the heatmap), and a part as its most unusual pixel."""
    good_products, products = np.asarray(good_products), np.asarray(products)
    flattener = ft.SurfaceFlattener().fit(good_images, good_products)
    good_maps = ft.feature_maps(flattener.transform(good_images, good_products))
    spread = {
        p: good_maps[good_products == p].std(axis=(0, 2, 3)) for p in np.unique(good_products)
    }
    maps = ft.feature_maps(flattener.transform(images, products))
    unusual = np.empty((len(images), *images.shape[1:]), dtype=np.float32)
    for product, sd in spread.items():
        rows = products == product
        unusual[rows] = np.abs(maps[rows] / sd[None, :, None, None]).max(axis=1)
    return unusual.reshape(len(images), -1).max(axis=1), unusual


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
        return part_scores(patch_scores, len(new_images)), heatmap(patch_scores, maps)

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


# ------------------------------------------------------------------ 04: pitch


def annual_benefit(as_is: dict, to_be: dict) -> float:
    """A year of the monthly saving, less the system's running cost."""
    return 12 * (as_is["cost_yen"] - to_be["cost_yen"]) - business.SYSTEM_ANNUAL_COST_YEN
