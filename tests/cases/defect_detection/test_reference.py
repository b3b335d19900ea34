"""The case's grader side: today's inspection figures, the oracle, the features, the reference
detector's heatmap and the threshold rule."""

import numpy as np
import pandas as pd
import pytest
from checker_tests import ensure_built
from sklearn.metrics import roc_auc_score

from dxquest.caseinfo import get_case
from dxquest.cases.defect_detection import business, reference
from dxquest.cases.defect_detection import features as ft
from dxquest.cases.defect_detection.evaluation import dilated_masks
from dxquest.cases.defect_detection.oracle import (
    BANKS,
    _template,
    auroc_stderr,
    oracle_detection,
)
from dxquest.figures import case_figures
from dxquest.synth.surface import make_surface_inspection
from dxquest.synth.surface_tables import SurfaceData


@pytest.fixture(scope="module")
def small():
    return make_surface_inspection(n_parts=600, image_size=64, seed=11, return_truth=True)


def test_inspection_rates_on_a_hand_made_log():
    parts = pd.DataFrame({"part_id": list("abcdef"), "label": [1, 1, 0, 0, 0, 0]})
    log = pd.DataFrame(
        {"part_id": list("fedcba"), "decision": ["NG", "OK", "OK", "OK", "OK", "NG"]}
    )
    assert reference.inspection_rates(parts, log) == {"miss_rate": 0.5, "false_reject_rate": 0.25}


def test_as_is_month_adds_up(small):
    month = reference.as_is_month(small.parts, small.inspection_log, 50_000)
    expected = (
        month["inspection_hours"] * business.INSPECTOR_HOURLY_COST_YEN
        + month["escapes"] * 50_000
        + month["false_rejects"] * business.FACTS["part_cost_yen"]
    )
    assert month["cost_yen"] == pytest.approx(expected)
    assert month["inspection_hours"] == pytest.approx(
        business.MONTHLY_PARTS * small.inspection_log["seconds"].mean() / 3600
    )


def _with_defects_twice(parts: pd.DataFrame, log: pd.DataFrame):
    """The records with every defective part recorded again under a new id: QA collecting twice
    as many defects changes no rate and nothing about production."""
    again = parts[parts["label"] == 1].assign(part_id=lambda d: d["part_id"] + "-again")
    logged = log.merge(parts[["part_id", "label"]]).query("label == 1").drop(columns="label")
    logged = logged.assign(part_id=lambda d: d["part_id"] + "-again")
    return pd.concat([parts, again]), pd.concat([log, logged])


def test_a_month_counts_defects_at_production_s_rate_not_the_records_share(small):
    month = reference.as_is_month(small.parts, small.inspection_log, 50_000)
    more = reference.as_is_month(*_with_defects_twice(small.parts, small.inspection_log), 50_000)
    assert more["escapes"] == pytest.approx(month["escapes"])
    assert more["miss_rate"] == pytest.approx(month["miss_rate"])
    defects = business.MONTHLY_PARTS * business.DEFECT_RATE_IN_PRODUCTION
    assert month["escapes"] == pytest.approx(defects * month["miss_rate"])


def test_the_month_after_does_not_change_when_the_validation_set_holds_more_defects():
    scores, labels = _few_defects(3)
    defective = labels == 1
    doubled = (
        np.concatenate([scores, scores[defective]]),
        np.concatenate([labels, labels[defective]]),
    )
    threshold = float(np.median(scores))
    month = reference.to_be_month(scores, labels, threshold, 50_000)
    assert reference.to_be_month(*doubled, threshold, 50_000) == pytest.approx(month)
    assert month["escape_rate"] < business.DEFECT_RATE_IN_PRODUCTION


def test_an_escape_costs_the_claim_not_the_sale():
    """Every item of the claim counts; the part's price does not (the customer gets a
    replacement, made again at cost)."""
    facts = dict(business.FACTS)
    cost = reference.escape_cost_yen(facts)
    assert reference.escape_cost_yen({**facts, "part_price_yen": 1e6}) == cost
    for item in ("customer_sorting_yen", "return_freight_yen", "part_cost_yen"):
        assert reference.escape_cost_yen({**facts, item: facts[item] + 100}) == cost + 100


def test_a_false_alarm_costs_the_confirming_time_and_a_share_of_a_scrapped_part():
    facts = {**business.FACTS, "review_seconds": 36.0, "inspector_hourly_yen": 1_000}
    facts |= {"review_reject_good_share": 0.02, "part_cost_yen": 500}
    assert reference.false_alarm_cost_yen(facts) == pytest.approx(10 + 10)


@pytest.fixture(scope="module")
def small_oracle(small):
    """The oracle on what a detector sees: the images, what the line knows of each part at
    inspection and the generator's parameters; no truth, masks, labels or defect kinds."""
    known = small.parts[["part_id", "lot_id", "product", "line", "shift", "produced_on"]]
    return oracle_detection(SurfaceData(small.images, None, known, None, small.params))


def test_oracle_never_reads_the_truth(small, small_oracle):
    """The same scores and points with the whole draw, truth included, and again the same on a
    second run (its own draws are seeded)."""
    again = oracle_detection(small)
    np.testing.assert_array_equal(again.scores, small_oracle.scores)
    np.testing.assert_array_equal(again.points, small_oracle.points)


def test_oracle_beats_the_inspectors_finds_the_defects_and_is_no_clairvoyant(small, small_oracle):
    labels = small.parts["label"].to_numpy()
    result = small_oracle
    rejected = (small.inspection_log["decision"] == "NG").to_numpy()
    inspectors = 0.5 * (1 + rejected[labels == 1].mean() - rejected[labels == 0].mean())
    auroc = roc_auc_score(labels, result.scores)
    assert inspectors < auroc < 1.0  # faint stains on the die-cast texture escape even it
    near = dilated_masks(small.masks)
    rows = np.flatnonzero(labels == 1)
    found = near[rows, result.points[rows, 0], result.points[rows, 1]].mean()
    chance = near[rows].mean()
    assert found > 0.8 > 5 * chance  # it points at most defects; a random pixel seldom does


def test_oracle_monte_carlo_error_is_small(small, small_oracle):
    """Its template banks agree: the jackknife's standard error of the AUROC is small and
    positive (the banks differ), and it is the spread of the leave-one-bank-out AUROCs."""
    stderr = auroc_stderr(small_oracle, small.parts["label"].to_numpy())
    assert 0 < stderr < 0.01
    assert small_oracle.bank_scores.shape == (BANKS, len(small.parts))


def test_oracle_templates_sit_where_their_shifts_start():
    """The oracle reads a shape's centre back from the generator's first draw: a dent's peak
    sits at the margin once moved, so shift 0 is the first place the prior allows."""
    for child in np.random.SeedSequence(3).spawn(5):
        dent = _template("dent", child, 64)
        assert all(16 <= axis <= 17 for axis in dent.peak)


def test_oracle_gets_worse_as_the_defects_get_fainter():
    aurocs = []
    for contrast in (1.0, 4.0):
        data = make_surface_inspection(
            n_parts=600, image_size=64, seed=11, contrast_to_noise=contrast
        )
        aurocs.append(roc_auc_score(data.parts["label"], oracle_detection(data).scores))
    assert aurocs[0] < aurocs[1] - 0.1


def test_flattening_makes_good_texture_white(small):
    """After flattening, a good part's spectrum is flat: no frequency carries much more energy
    than the average (the knurling's peaks are gone)."""
    good = small.parts["label"].to_numpy() == 0
    products = small.parts["product"].to_numpy()
    flattener = ft.SurfaceFlattener().fit(small.images[good], products[good])
    knurled = good & (products == "KN")
    before = np.abs(np.fft.rfft2(ft.residual(small.images[knurled]))) ** 2
    after = np.abs(np.fft.rfft2(flattener.transform(small.images[knurled], products[knurled]))) ** 2
    peakiness = lambda power: power.mean(axis=0).max() / power.mean(axis=0).mean()  # noqa: E731
    assert peakiness(after) < 3 < 10 < peakiness(before)


def test_unknown_product_gets_a_clear_error(small):
    flattener = ft.SurfaceFlattener().fit(small.images[:50], ["BR"] * 50)
    with pytest.raises(ValueError, match="no good parts of product"):
        flattener.transform(small.images[:2], ["KN", "KN"])


def test_patch_features_and_labels_line_up():
    masks = np.zeros((2, 64, 64), dtype=bool)
    masks[1, 20, 45] = True
    labels = ft.patch_labels(masks)
    assert labels.shape == (2 * 8 * 8,) and labels.sum() == 1
    assert np.flatnonzero(labels)[0] == 64 + (20 // 8) * 8 + 45 // 8
    maps = np.zeros((2, 5, 64, 64), dtype=np.float32)
    maps[1, 0, 20, 45] = 9.0
    table = ft.patch_features(maps)
    assert table.shape[0] == 128 and table[np.flatnonzero(labels)[0], 0] == 9.0


def test_every_patch_row_carries_its_own_part_s_product():
    table = np.arange(3 * 4 * 2, dtype=np.float32).reshape(3 * 4, 2)
    with_products = reference._with_products(table, ["KN", "BR", "KN"], ["BR", "HS", "KN"])
    assert with_products[:, :2].tolist() == table.tolist()
    assert with_products[:, 2].tolist() == [2.0] * 4 + [0.0] * 4 + [2.0] * 4


def test_the_heatmap_points_at_the_strongest_pixel_of_the_most_suspicious_patch():
    maps = np.ones((1, 4, 64, 64), dtype=np.float32)
    maps[0, 2, 20, 45] = -9.0  # a dark spot in patch (2, 5)
    maps[0, 1, 3, 3] = 9.0  # as strong, in a patch the model finds unremarkable
    patch_scores = np.full(64, 0.1)
    patch_scores[2 * 8 + 5] = 0.9
    heatmap = reference.heatmap(patch_scores, maps)
    assert np.unravel_index(heatmap[0].argmax(), heatmap[0].shape) == (20, 45)
    assert reference.part_scores(patch_scores, 1).tolist() == [0.9]


def _few_defects(seed: int, n: int = 600, defects: int = 20):
    rng = np.random.default_rng(seed)
    labels = np.zeros(n, dtype=int)
    labels[rng.choice(n, size=defects, replace=False)] = 1
    return np.round(rng.normal(size=n) + 2.5 * labels, 3), labels


def _as_if_made_at_the_set_s_share(escape_yen: float, labels) -> float:
    """The escape cost that weighs misses against false alarms in production (defects at
    :data:`business.DEFECT_RATE_IN_PRODUCTION`) as ``escape_yen`` would at the set's share."""
    return escape_yen * np.mean(labels) / business.DEFECT_RATE_IN_PRODUCTION


def test_with_few_defects_and_a_costly_escape_every_margin_confirms_every_part():
    """No miss among 20 defects does not show a zero miss rate: where a miss costs more than
    all the false alarms together, every defensible margin sends every part to the inspectors,
    and the observed share (no margin) does not."""
    scores, labels = _few_defects(0)
    escape_yen = _as_if_made_at_the_set_s_share(60_000, labels)
    assert reference.threshold_band(scores, labels, escape_yen, 30) == (600, 600)
    assert reference.threshold_band(scores, labels, 60_000, 30) != (600, 600)
    lowest_defect = scores[labels == 1].min()
    assert (scores >= lowest_defect).sum() < 600


def test_with_a_cheap_escape_the_threshold_rises_and_the_margins_agree_more_with_more_defects():
    few, many = _few_defects(1), _few_defects(1, 6000, 600)
    escape_yen = _as_if_made_at_the_set_s_share(2_000, few[1])
    few_low, few_high = reference.threshold_band(*few, escape_yen, 100)
    many_low, many_high = reference.threshold_band(
        *many, _as_if_made_at_the_set_s_share(2_000, many[1]), 100
    )
    assert few_high < 600 and many_high < 6000
    assert (many_high - many_low) / 6000 <= (few_high - few_low) / 600


def test_the_reference_threshold_is_one_of_the_defensible_ones():
    for seed in range(5):
        scores, labels = _few_defects(seed)
        for escape_yen, false_alarm_yen in ((60_000, 30), (20_000, 200), (5_000, 400)):
            costs = (_as_if_made_at_the_set_s_share(escape_yen, labels), false_alarm_yen)
            low, high = reference.threshold_band(scores, labels, *costs)
            threshold = reference.choose_threshold(scores, labels, *costs)
            assert low <= (scores >= threshold).sum() <= high


def test_every_margin_plans_with_more_misses_than_seen_the_more_so_the_fewer_the_defects():
    misses = np.arange(5)
    for rule, miss_rate in reference.MISS_RATES_WITH_A_MARGIN.items():
        for defects in (10, 100):
            assert (miss_rate(misses, defects) > misses / defects).all(), rule
        assert miss_rate(np.array([0]), 10)[0] > miss_rate(np.array([0]), 100)[0], rule


def test_to_be_month_flags_everything_at_the_lowest_threshold():
    labels = np.array([1, 0, 0, 0])
    month = reference.to_be_month([0.1, 0.2, 0.3, 0.4], labels, 0.1, 50_000)
    defects = business.MONTHLY_PARTS * business.DEFECT_RATE_IN_PRODUCTION
    seconds = business.FACTS["review_seconds"]
    assert month["inspection_hours"] == pytest.approx(business.MONTHLY_PARTS * seconds / 3600)
    assert month["escapes"] == pytest.approx(defects * (1 - business.REVIEW_CATCH_RATE))


def test_the_design_the_pitch_proposes_keeps_the_agreement_today_s_inspection_breaks(build_dir):
    """The pitch's model answer says today's escape rate breaks the customer agreement and the
    month with the AI keeps it. The threshold rule minimises cost and never reads the agreement,
    so whether its month keeps it depends on the validation lots' scores: a detector whose few
    lowest-scoring defects sit far below the rest makes the cheapest threshold miss them, and the
    claim false. This catches such a change before a learner reads it."""
    ensure_built("defect_detection")
    figures = case_figures(get_case("defect_detection"))
    assert figures["to_be_escape_rate"] <= figures["max_escape_rate"]
    assert figures["as_is_escape_rate"] > figures["max_escape_rate"]
