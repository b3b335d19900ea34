"""The case's grader side: today's inspection figures, the oracle, the features, the reference
detector's heatmap and the threshold rule."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection import business, reference
from dxquest.cases.defect_detection import features as ft
from dxquest.cases.defect_detection.evaluation import dilated_masks
from dxquest.cases.defect_detection.oracle import oracle_detection
from dxquest.synth.surface import make_surface_inspection


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
    month = reference.monthly_as_is(small.parts, small.inspection_log)
    expected = (
        month["inspection_hours"] * business.INSPECTOR_HOURLY_COST_YEN
        + month["escapes"] * business.ESCAPE_COST_YEN
        + month["false_rejects"] * business.FALSE_REJECT_COST_YEN
    )
    assert month["cost_yen"] == pytest.approx(expected)
    assert month["inspection_hours"] == pytest.approx(
        business.MONTHLY_PARTS * small.inspection_log["seconds"].mean() / 3600
    )


def test_oracle_needs_the_truth(small):
    with pytest.raises(ValueError, match="return_truth"):
        oracle_detection(type(small)(small.images, small.masks, small.parts, small.inspection_log))


def test_oracle_beats_the_inspectors_and_finds_the_defects(small):
    labels = small.parts["label"].to_numpy()
    result = oracle_detection(small)
    rejected = (small.inspection_log["decision"] == "NG").to_numpy()
    inspectors = 0.5 * (1 + rejected[labels == 1].mean() - rejected[labels == 0].mean())
    assert roc_auc_score(labels, result.scores) > inspectors
    near = dilated_masks(small.masks)
    rows = np.flatnonzero(labels == 1)
    found = near[rows, result.points[rows, 0], result.points[rows, 1]].mean()
    chance = near[rows].mean()
    assert found > 0.8 > 5 * chance  # it points at most defects; a random pixel seldom does


def test_oracle_gets_worse_as_the_defects_get_fainter():
    aurocs = []
    for contrast in (1.0, 4.0):
        data = make_surface_inspection(
            n_parts=600, image_size=64, seed=11, contrast_to_noise=contrast, return_truth=True
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


def test_the_heatmap_points_at_the_strongest_pixel_of_the_most_suspicious_patch():
    maps = np.ones((1, 4, 64, 64), dtype=np.float32)
    maps[0, 2, 20, 45] = -9.0  # a dark spot in patch (2, 5)
    maps[0, 1, 3, 3] = 9.0  # as strong, in a patch the model finds unremarkable
    patch_scores = np.full(64, 0.1)
    patch_scores[2 * 8 + 5] = 0.9
    heatmap = reference.heatmap(patch_scores, maps)
    assert np.unravel_index(heatmap[0].argmax(), heatmap[0].shape) == (20, 45)
    assert reference.part_scores(patch_scores, 1).tolist() == [0.9]


def test_threshold_keeps_the_customer_agreement_at_least_cost():
    rng = np.random.default_rng(0)
    labels = (rng.random(2000) < 0.04).astype(int)
    scores = rng.normal(0, 1, 2000) + 2.5 * labels
    chosen = reference.choose_threshold(scores, labels)
    month = reference.to_be_month(scores, labels, chosen)
    assert month["escape_rate"] <= business.MAX_ESCAPE_RATE
    feasible = [
        reference.to_be_month(scores, labels, t)
        for t in np.unique(scores)
        if reference.to_be_month(scores, labels, t)["escape_rate"] <= business.MAX_ESCAPE_RATE
    ]
    assert month["cost_yen"] == pytest.approx(min(m["cost_yen"] for m in feasible))


def test_to_be_month_flags_everything_at_the_lowest_threshold():
    labels = np.array([1, 0, 0, 0])
    month = reference.to_be_month([0.1, 0.2, 0.3, 0.4], labels, 0.1)
    scale = business.MONTHLY_PARTS / 4
    assert month["inspection_hours"] == pytest.approx(scale * 4 * business.REVIEW_SECONDS / 3600)
    assert month["escapes"] == pytest.approx(scale * (1 - business.REVIEW_CATCH_RATE))
