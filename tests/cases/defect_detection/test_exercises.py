"""Do the case's checkers tell a placeholder, a plausible wrong answer and the reference apart, and
do the questions hand learner code nothing it must not see?

Learntools-style for the cheap questions (the release stub is "not attempted", a wrong answer fails
public and hidden, the reference passes both); the detectors' checks are in test_detectors.py.
"""

import pickle

import numpy as np
import pytest
from checker_tests import checker_tests

from dxquest.caseinfo import get_case
from dxquest.cases.defect_detection import business, reference
from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection.data import load_data, validation_split
from dxquest.exercise import Incorrect
from dxquest.grader_channel import inputs_file
from dxquest.marking import hidden_inputs_dir

CASE = "defect_detection"


def _month_without_scaling(scores, labels, threshold, escape_yen):
    return {
        key: value * len(scores) / business.MONTHLY_PARTS
        for key, value in reference.to_be_month(scores, labels, threshold, escape_yen).items()
    }


def _escape_at_the_part_s_price(facts):
    return facts["part_price_yen"]


def _false_alarm_as_a_scrapped_part(facts):
    return facts["part_cost_yen"]


def _threshold_without_a_margin(scores, labels, escape_yen, false_alarm_yen):
    """The cheapest threshold on the misses the validation set shows: no margin for its few
    defects."""
    scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    rate = business.DEFECT_RATE_IN_PRODUCTION
    costs = {
        t: rate * (defective & (scores < t)).sum() / defective.sum() * escape_yen
        + (1 - rate) * (~defective & (scores >= t)).sum() / (~defective).sum() * false_alarm_yen
        for t in np.unique(scores)
    }
    return float(min(costs, key=costs.get))


def _ship_unseen_without_a_margin(scores, labels):
    """Ships unseen below the pilot's own quantile at the miss rate the agreement allows."""
    scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    catch = business.REVIEW_CATCH_RATE
    allowed = (business.MAX_ESCAPE_RATE / business.DEFECT_RATE_IN_PRODUCTION - (1 - catch)) / catch
    return float(np.quantile(scores[defective], allowed))


CASES = {
    "escape_cost_yen": (_escape_at_the_part_s_price, reference.escape_cost_yen),
    "as_is_month": (
        lambda parts, log, escape_yen: {
            **reference.as_is_month(parts, log, escape_yen),
            "miss_rate": 0.25,
        },
        reference.as_is_month,
    ),
    "auroc": (lambda labels, scores: float(np.mean(scores[labels == 1] > 0.5)), reference.auroc),
    "to_be_month": (_month_without_scaling, reference.to_be_month),
    "false_alarm_cost_yen": (_false_alarm_as_a_scrapped_part, reference.false_alarm_cost_yen),
    "choose_threshold": (_threshold_without_a_margin, reference.choose_threshold),
    "annual_benefit": (
        lambda as_is, to_be: 12 * (as_is["cost_yen"] - to_be["cost_yen"]),
        reference.annual_benefit,
    ),
    "ship_unseen_merit": (_ship_unseen_without_a_margin, reference.ship_unseen_threshold),
}

(
    english,
    test_placeholder_is_not_attempted,
    test_wrong_answer_fails_public_and_hidden,
    test_reference_passes_public_and_hidden,
) = checker_tests(ex, CASE, CASES)


def test_a_dict_without_a_figure_is_named_in_the_message():
    with pytest.raises(Incorrect, match="false_reject_rate"):
        ex.as_is_month.grade(lambda parts, log, escape_yen: {"miss_rate": 0.3})


def test_a_threshold_is_read_as_the_parts_it_sends_to_the_inspectors():
    args = (np.array([0.1, 0.4, 0.4, 0.9]), np.array([0, 1, 0, 1]), 50_000.0, 30.0)
    assert ex.choose_threshold.kind.read(0.4, args) == {"threshold": 0.4, "flagged": 3}
    with pytest.raises(Incorrect):
        ex.choose_threshold.kind.read("high", args)


def test_no_question_hands_over_the_costs_the_learner_defines():
    """The later questions take the costs as inputs: made-up ones, never the reference's costs of
    the story's facts, which would give the cost questions' answers away in the kernel."""
    story_costs = {
        reference.escape_cost_yen(business.FACTS),
        reference.false_alarm_cost_yen(business.FACTS),
    }
    draw = ex.EXERCISES.public_draw
    for question in (ex.as_is_month, ex.to_be_month, ex.choose_threshold):
        for args in question.inputs(draw):
            assert not story_costs & {a for a in args if isinstance(a, float)}


def _args(n=3, size=16):
    return (np.zeros((n, size, size), dtype=np.uint8), np.array(["BR"] * n))


@pytest.mark.parametrize(
    "output",
    [
        np.ones(3),  # scores only
        (np.ones(3), np.ones((3, 8, 8))),  # heatmaps of the wrong size
        (np.ones(2), np.ones((3, 16, 16))),  # a score missing
        (np.ones(3), np.full((3, 16, 16), np.nan)),  # heatmaps that point nowhere
    ],
    ids=["scores only", "small heatmaps", "score missing", "nan heatmaps"],
)
def test_a_detector_must_return_a_score_and_a_heatmap_per_part(output):
    for question in (ex.defect_detector, ex.defect_localisation):
        with pytest.raises(Incorrect):
            question.kind.read(output, _args())


def test_detector_questions_read_scores_and_where_the_heatmaps_point():
    heatmaps = np.zeros((3, 16, 16))
    heatmaps[0, 2, 5] = heatmaps[1, 15, 0] = heatmaps[2, 0, 0] = 1.0
    output = ([0.5, -1.0, 2.0], heatmaps)
    assert ex.defect_detector.kind.read(output, _args()) == [0.5, -1.0, 2.0]
    assert ex.defect_localisation.kind.read(output, _args()) == [2 * 16 + 5, 15 * 16, 0]


def test_the_anomaly_detector_learns_from_good_train_parts_and_scores_the_others():
    data = load_data()
    (good_images, good_products, images, products), *more = ex.anomaly_detector.inputs(
        ex.EXERCISES.public_draw
    )
    train, validation = validation_split(data)
    good = train & (data.parts["label"].to_numpy() == 0)
    assert not more
    assert np.array_equal(good_images, data.images[good])
    assert list(good_products) == list(data.parts["product"][good])
    assert np.array_equal(images, data.images[validation])
    assert list(products) == list(data.parts["product"][validation])


def _hidden_inputs(name: str) -> list[tuple]:
    with open(inputs_file(hidden_inputs_dir(get_case(CASE)), name), "rb") as f:
        return pickle.load(f)


@pytest.mark.parametrize("name", ["defect_detector", "defect_localisation"])
def test_hidden_detector_inputs_are_images_and_product_codes_only(name):
    batches = _hidden_inputs(name)
    assert sum(len(images) for images, _ in batches) == 800
    for images, products in batches:
        assert images.dtype == np.uint8 and images.ndim == 3
        assert set(products) <= {"BR", "KN", "HS"}


def test_hidden_records_never_carry_the_hidden_draw_s_labels():
    """01's hidden checks need labels: they come from the learner's own parts, resampled, never
    from the hidden draw whose labels the detectors are scored against."""
    own = load_data()
    (parts, log, _), *resampled = _hidden_inputs("as_is_month")
    assert parts.equals(own.parts) and log.equals(own.inspection_log)
    for parts, log, _ in resampled:
        assert parts["part_id"].str.startswith("R").all()
        assert set(parts["part_id"]) == set(log["part_id"])
        assert not log["part_id"].equals(parts["part_id"])  # only a join pairs them up


def test_the_grader_counts_the_flagged_parts_itself():
    """A kernel hands over the threshold and its count of flagged parts: the grader judges its own
    count, so a count that does not follow from the threshold earns nothing."""
    from dxquest.cases.defect_detection.marking import MARKS
    from dxquest.exercise import Draw

    question, mark = ex.choose_threshold, MARKS["choose_threshold"]
    args_list = question.inputs(Draw(lambda: None, 7))
    honest = [question.kind.read(reference.choose_threshold(*a), a) for a in args_list]
    claimed = [
        {"threshold": float(np.max(a[0])) + 1, "flagged": h["flagged"]}
        for a, h in zip(args_list, honest, strict=True)
    ]
    assert mark.judge(question, args_list, honest, None).passed
    assert not mark.judge(question, args_list, claimed, None).passed
