"""The grader's answers: today's inspection figures, AUROC, the supervised reference detector
(notebook 02's solution, and the model whose scores notebook 03 designs operations with), the
month of AI + human inspection, the threshold rule and the net annual benefit."""

from __future__ import annotations

from collections.abc import Callable

import lightgbm as lgb
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection import business
from dxquest.cases.defect_detection import features as ft
from dxquest.synth.surface_tables import DEFECT_KINDS, SurfaceData

Detector = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
"""``detect(images, products) -> (scores (n,), heatmaps (n, H, W))``: higher means more suspect."""


# ------------------------------------------------------------------ 01: today's inspection


def escape_cost_yen(facts: dict) -> float:
    """One defective part reaching the customer: the claim (QA's hours, mid-range), the customer's
    sorting charge, the freight and the replacement, made again at cost (spare capacity). Any
    claim time in the stated range is as defensible: the question's tolerance spans the range."""
    claim_hours = (facts["claim_hours_low"] + facts["claim_hours_high"]) / 2
    return (
        claim_hours * facts["qa_hourly_yen"]
        + facts["customer_sorting_yen"]
        + facts["return_freight_yen"]
        + facts["part_cost_yen"]
    )


def inspection_rates(parts: pd.DataFrame, log: pd.DataFrame) -> dict[str, float]:
    """Share of defective parts passed (miss) and of good parts rejected (false reject)."""
    merged = parts[["part_id", "label"]].merge(log[["part_id", "decision"]], on="part_id")
    rejected = merged["decision"] == "NG"
    defective = merged["label"] == 1
    return {
        "miss_rate": float((~rejected[defective]).mean()),
        "false_reject_rate": float(rejected[~defective].mean()),
    }


def as_is_month(parts: pd.DataFrame, log: pd.DataFrame, escape_yen: float) -> dict[str, float]:
    """Today's month at :data:`business.MONTHLY_PARTS`: the inspectors' rates, hours, escapes and
    false rejects (good parts scrapped at their cost), and the yen lost. The records hold far
    more defective parts than production makes: the rates are measured on them, the month's
    counts come from the production's defect rate."""
    rates = inspection_rates(parts, log)
    defect_rate = business.DEFECT_RATE_IN_PRODUCTION
    n = business.MONTHLY_PARTS
    hours = n * float(log["seconds"].mean()) / 3600
    escapes = n * defect_rate * rates["miss_rate"]
    false_rejects = n * (1 - defect_rate) * rates["false_reject_rate"]
    return {
        **rates,
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * escape_yen
        + false_rejects * business.FACTS["part_cost_yen"],
    }


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


def _with_products(table: np.ndarray, products, known) -> np.ndarray:
    """``table`` (one row per patch, image by image) with each patch's product appended as its
    index in ``known``: a column for LightGBM to treat as categorical."""
    products = np.asarray(products)
    codes = np.searchsorted(np.asarray(known), products).astype(np.float32)
    return np.column_stack([table, np.repeat(codes, len(table) // len(products))])


def fit_patch_classifier(
    images: np.ndarray, products, masks: np.ndarray, seed: int = 0
) -> Detector:
    """Supervised: LightGBM on patch features, trained on every defect patch and a 10 % sample
    of the others (defects are rare; the sample keeps training to a second or two).

    The product is a feature: each surface leaves its own residue after flattening (the knurl's
    good parts score highest), so one response means more on one product than on another; with
    it, the image AUROC on eight 800-part draws rose by 0.022 on average, on every draw. Every
    leaf needs a hessian of 1 (``min_child_weight``): a leaf of defect patches alone otherwise
    takes a step of hundreds of logits, the good patches that land in it score 1.0, and trained on
    four times the learners' parts the detector fell to an AUROC of 0.80."""
    products = np.asarray(products)
    known = np.unique(products)
    good = ~masks.any(axis=(1, 2))
    flattener = ft.SurfaceFlattener().fit(images[good], products[good])

    def table_of(new_images, new_products):
        maps = ft.feature_maps(flattener.transform(new_images, new_products))
        return maps, _with_products(ft.patch_features(maps), new_products, known)

    _, table = table_of(images, products)
    target = ft.patch_labels(masks)
    keep = target | (np.random.default_rng(seed).random(len(target)) < 0.1)
    model = lgb.LGBMClassifier(
        n_estimators=150,
        learning_rate=0.08,
        num_leaves=15,
        min_child_weight=1.0,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.8,
        random_state=seed,
        n_jobs=1,
        verbose=-1,
    ).fit(table[keep], target[keep], categorical_feature=[table.shape[1] - 1])

    def detect(new_images, new_products):
        maps, new_table = table_of(new_images, np.asarray(new_products))
        patch_scores = model.predict_proba(new_table)[:, 1]
        return part_scores(patch_scores, len(new_images)), heatmap(patch_scores, maps)

    return detect


def fit_reference_detector(data: SurfaceData, rows=None) -> Detector:
    """The supervised reference trained on ``rows`` of ``data`` (all parts by default)."""
    rows = np.ones(len(data.parts), dtype=bool) if rows is None else rows
    return fit_patch_classifier(
        data.images[rows], data.parts["product"].to_numpy()[rows], data.masks[rows]
    )


# ------------------------------------------------------------------ 03: operations


def false_alarm_cost_yen(facts: dict) -> float:
    """A good part the AI flags: the inspector's seconds confirming it, and the share of such
    parts still rejected, scrapped at their cost (spare capacity: a scrapped part is made again,
    no sale is lost)."""
    confirming = facts["review_seconds"] / 3600 * facts["inspector_hourly_yen"]
    return confirming + facts["review_reject_good_share"] * facts["part_cost_yen"]


def to_be_month(scores, labels, threshold: float, escape_yen: float) -> dict[str, float]:
    """A month of AI + human inspection: the AI flags parts scoring at least ``threshold``; an
    inspector confirms only those (heatmap in hand); the rest ship unseen. The validation set's
    defective and good parts give the shares flagged of each; a month holds them at the
    production's defect rate."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    facts = business.FACTS
    flagged = scores >= threshold
    defects = business.MONTHLY_PARTS * business.DEFECT_RATE_IN_PRODUCTION
    goods = business.MONTHLY_PARTS - defects
    caught = defects * flagged[labels].mean()
    confirmed_goods = goods * flagged[~labels].mean()
    escapes = defects - caught + (1 - business.REVIEW_CATCH_RATE) * caught
    false_rejects = facts["review_reject_good_share"] * confirmed_goods
    hours = (caught + confirmed_goods) * facts["review_seconds"] / 3600
    return {
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "escape_rate": escapes / business.MONTHLY_PARTS,
        "share_confirmed": (caught + confirmed_goods) / business.MONTHLY_PARTS,
        "cost_yen": hours * facts["inspector_hourly_yen"]
        + escapes * escape_yen
        + false_rejects * facts["part_cost_yen"],
    }


MissRate = Callable[[np.ndarray, int], np.ndarray]
"""``miss_rate(misses, defects)``: the miss rate to plan with at thresholds that miss ``misses``
of the validation set's ``defects`` defective parts."""


def _clopper_pearson(confidence: float) -> MissRate:
    def upper(misses: np.ndarray, defects: int) -> np.ndarray:
        bound = stats.beta.ppf(confidence, misses + 1, np.maximum(defects - misses, 1))
        return np.where(misses >= defects, 1.0, bound)

    return upper


def _wilson(confidence: float) -> MissRate:
    z = stats.norm.ppf(confidence)

    def upper(misses: np.ndarray, defects: int) -> np.ndarray:
        p = misses / defects
        centre = p + z**2 / (2 * defects)
        spread = z * np.sqrt(p * (1 - p) / defects + z**2 / (4 * defects**2))
        return (centre + spread) / (1 + z**2 / defects)

    return upper


MISS_RATES_WITH_A_MARGIN: dict[str, MissRate] = {
    # A new defect scores below the k-th lowest of n seen with probability k / (n + 1).
    "order statistics": lambda m, n: (m + 1) / (n + 1),
    "Laplace": lambda m, n: (m + 1) / (n + 2),
    "Jeffreys": lambda m, n: (m + 0.5) / (n + 1),
    **{f"Clopper-Pearson {c:.0%}": _clopper_pearson(c) for c in (0.8, 0.9, 0.95)},
    **{f"Wilson {c:.0%}": _wilson(c) for c in (0.8, 0.9, 0.95)},
}
"""The defensible ways to allow for how few defective parts a validation set holds: each plans
with more misses than the set shows, the more so the fewer its defects. The observed share
``m / n`` is not among them: it promises no miss at the lowest defect seen."""

CAUGHT_ON_CONFIRMATION = (business.REVIEW_CATCH_RATE, 1.0)
"""A flagged defect is caught by the confirming inspector at this rate: counting it or not (a
5 % change in what a miss costs) are both defensible simplifications."""


def _threshold_costs(scores, labels, escape_yen: float, false_alarm_yen: float):
    """Every candidate threshold (each observed score, ascending; the lowest flags every part),
    how many parts it flags, and its expected cost per part made under every defensible miss rate
    and catch rate: ``(thresholds, flagged, costs)`` with ``costs`` of shape (rules, thresholds).
    The set's defective and good parts give each kind's miss and false-alarm rates; production
    makes them at :data:`business.DEFECT_RATE_IN_PRODUCTION`, not at the set's share."""
    scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    thresholds = np.unique(scores)
    defect_scores, good_scores = np.sort(scores[defective]), np.sort(scores[~defective])
    misses = np.searchsorted(defect_scores, thresholds, side="left")
    false_alarms = len(good_scores) - np.searchsorted(good_scores, thresholds, side="left")
    flagged = (len(scores) - np.searchsorted(np.sort(scores), thresholds, side="left")).astype(int)
    defect_rate = business.DEFECT_RATE_IN_PRODUCTION
    costs = []
    for miss_rate in MISS_RATES_WITH_A_MARGIN.values():
        planned = miss_rate(misses, len(defect_scores)).astype(float)
        planned[0] = 0.0  # the lowest threshold flags every part: nothing can be missed
        costs += [
            defect_rate * planned * caught * escape_yen
            + (1 - defect_rate) * false_alarms / len(good_scores) * false_alarm_yen
            for caught in CAUGHT_ON_CONFIRMATION
        ]
    return thresholds, flagged, np.array(costs)


def threshold_band(scores, labels, escape_yen: float, false_alarm_yen: float) -> tuple[int, int]:
    """The fewest and the most parts a defensible threshold flags: the cheapest threshold under
    each defensible margin for the few defects (:data:`MISS_RATES_WITH_A_MARGIN`), with the
    learner's costs. A threshold flagging fewer is unsafe; one flagging more, wasteful."""
    _, flagged, costs = _threshold_costs(scores, labels, escape_yen, false_alarm_yen)
    chosen = flagged[costs.argmin(axis=1)]
    return int(chosen.min()), int(chosen.max())


def choose_threshold(scores, labels, escape_yen: float, false_alarm_yen: float) -> float:
    """The cheapest threshold, planning with the order-statistics miss rate ``(m + 1) / (n + 1)``
    (one of the defensible margins) and the confirming inspector's catch rate."""
    thresholds, _, costs = _threshold_costs(scores, labels, escape_yen, false_alarm_yen)
    return float(thresholds[costs[0].argmin()])


def ship_unseen_threshold(scores, labels) -> float:
    """The stretch task: the highest threshold below which parts may ship unconfirmed while the
    agreement holds with :data:`business.AGREEMENT_CONFIDENCE`. The miss rate allowed follows
    from the agreement, the production's defect rate and the confirming inspectors' misses; the
    threshold at the (k + 1)-th lowest of n defect scores misses k of them, and its true miss rate
    follows Beta(k + 1, n - k) (order statistics), so its confidence point must be within the
    allowance. 0 (confirm every part) when no threshold is."""
    scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    catch = business.REVIEW_CATCH_RATE
    allowed = (business.MAX_ESCAPE_RATE / business.DEFECT_RATE_IN_PRODUCTION - (1 - catch)) / catch
    defect_scores = np.sort(scores[defective])
    missed = np.arange(len(defect_scores))
    sure = (
        stats.beta.ppf(business.AGREEMENT_CONFIDENCE, missed + 1, len(defect_scores) - missed)
        <= allowed
    )
    return float(defect_scores[missed[sure].max()]) if sure.any() else 0.0


# ------------------------------------------------------------------ 04: pitch


def annual_benefit(as_is: dict, to_be: dict) -> float:
    """A year of the monthly saving, less the system's running cost."""
    return 12 * (as_is["cost_yen"] - to_be["cost_yen"]) - business.SYSTEM_ANNUAL_COST_YEN


def business_case(as_is: dict, to_be: dict) -> dict[str, float]:
    """The kit's one definition of the pitch's economics: the gross annual benefit is the year's
    saving in cost (hours at their cost included), the running cost is the system's a year, the
    net benefit their difference, and the payback the initial cost over a month of the net."""
    gross = 12 * (as_is["cost_yen"] - to_be["cost_yen"])
    net = gross - business.SYSTEM_ANNUAL_COST_YEN
    return {
        "gross_benefit_yen_per_year": gross,
        "running_cost_yen_per_year": float(business.SYSTEM_ANNUAL_COST_YEN),
        "net_benefit_yen_per_year": net,
        "payback_months": business.SYSTEM_INITIAL_COST_YEN / (net / 12) if net > 0 else np.inf,
    }


def headline_figures(data: SurfaceData) -> dict[str, float]:
    """Every figure the case's texts state, from the learners' data: today's month (01), the
    month of AI + confirmation at the reference threshold on the validation lots' scores (03)
    and the business case (04), with the data card's counts."""
    from dxquest.cases.defect_detection.data import load_validation_scores

    escape_yen = escape_cost_yen(business.FACTS)
    today = as_is_month(data.parts, data.inspection_log, escape_yen)
    scores, labels = load_validation_scores()
    threshold = choose_threshold(scores, labels, escape_yen, false_alarm_cost_yen(business.FACTS))
    after = to_be_month(scores, labels, threshold, escape_yen)
    parts, log = data.parts, data.inspection_log
    decisions = parts[["part_id", "label"]].merge(log[["part_id", "decision"]], on="part_id")
    kinds = parts["defect_kind"].value_counts()
    return {
        **{name: float(value) for name, value in business.FACTS.items()},
        "monthly_parts": float(business.MONTHLY_PARTS),
        "max_escape_rate": business.MAX_ESCAPE_RATE,
        "defect_rate_in_production": business.DEFECT_RATE_IN_PRODUCTION,
        "system_initial_cost_yen": float(business.SYSTEM_INITIAL_COST_YEN),
        "parts": float(len(parts)),
        "defective_parts": float(parts["label"].sum()),
        "defect_rate": float(parts["label"].mean()),
        **{f"defects_{kind}": float(kinds.get(kind, 0)) for kind in DEFECT_KINDS},
        "inspectors_auroc": auroc(decisions["label"], decisions["decision"] == "NG"),
        "seconds_per_part": float(log["seconds"].mean()),
        "as_is_hours_per_month": today["inspection_hours"],
        "as_is_miss_rate": today["miss_rate"],
        "as_is_escapes_per_month": today["escapes"],
        "as_is_escape_rate": today["escapes"] / business.MONTHLY_PARTS,
        "as_is_cost_yen_per_month": today["cost_yen"],
        "to_be_share_confirmed": after["share_confirmed"],
        "to_be_hours_per_month": after["inspection_hours"],
        "to_be_escapes_per_month": after["escapes"],
        "to_be_escape_rate": after["escape_rate"],
        "to_be_cost_yen_per_month": after["cost_yen"],
        "hours_saved_per_month": today["inspection_hours"] - after["inspection_hours"],
        **business_case(today, after),
    }


PITCH_SOURCES = {
    "as_is_hours_per_month": "01_business_problem",
    "as_is_miss_rate": "01_business_problem",
    "as_is_cost_yen_per_month": "01_business_problem",
    "as_is_escape_rate": "01_business_problem",
    "to_be_share_confirmed": "03_inspection_operations",
    "to_be_escape_rate": "03_inspection_operations",
    "to_be_cost_yen_per_month": "03_inspection_operations",
    "to_be_hours_per_month": "03_inspection_operations",
    "review_seconds": "story",
    "max_escape_rate": "story",
    "system_initial_cost_yen": "story",
    "net_benefit_yen_per_year": "business case",
    "payback_months": "business case",
}
"""Where the learner computes each figure the pitch's model answer may state: a notebook before
the pitch, the story's facts, or the business case 04 builds from them."""
