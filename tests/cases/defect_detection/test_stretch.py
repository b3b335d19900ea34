"""The stretch task (03, shipping low-scoring parts unconfirmed): are the pilots' samples what
they say, is the ceiling honest (the law of each pilot, never its sample), does the skill run from
confirming every part (0) to that ceiling (1), and do the bands separate the reference, a rule too
sure of itself and the main task's cost rule pasted over?"""

import pickle
from dataclasses import replace

import numpy as np
import pytest
from checker_tests import ensure_built
from scipy import stats

from dxquest.caseinfo import get_case
from dxquest.cases.defect_detection import business, reference
from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection.evaluation import (
    escape_rate,
    oracle_ship_unseen_logit,
    public_pilots_material,
    ship_unseen_scores,
)
from dxquest.grader_channel import inputs_file
from dxquest.marking import hidden_inputs_dir, judge_answer
from dxquest.skill import DISTINCTION_BAND, MERIT_BAND

CASE = "defect_detection"


@pytest.fixture(scope="module")
def pilots():
    return ex.pilot_samples(np.random.default_rng(5), 40)


def _oracle_threshold(sample) -> float:
    return float(1 / (1 + np.exp(-oracle_ship_unseen_logit(sample))))


def _sure_to(confidence: float):
    """The reference's rule at another confidence."""

    def rule(scores, labels):
        scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
        catch = business.REVIEW_CATCH_RATE
        rate = business.DEFECT_RATE_IN_PRODUCTION
        allowed = (business.MAX_ESCAPE_RATE / rate - (1 - catch)) / catch
        defect_scores = np.sort(scores[defective])
        missed = np.arange(len(defect_scores))
        sure = stats.beta.ppf(confidence, missed + 1, len(defect_scores) - missed) <= allowed
        return float(defect_scores[missed[sure].max()]) if sure.any() else 0.0

    return rule


def test_a_pilot_holds_what_its_law_says(pilots):
    for sample in pilots:
        defects = int(sample.labels.sum())
        assert 150 <= defects <= 400
        assert 0.03 <= sample.labels.mean() <= 0.05
        assert ((sample.scores > 0) & (sample.scores < 1)).all()
    # Defects score higher: the mean defect logit lies 3 to 5 above the good parts'.
    sample = pilots[0]
    logits = np.log(sample.scores / (1 - sample.scores))
    defective = sample.labels == 1
    assert logits[defective].mean() - logits[~defective].mean() == pytest.approx(
        sample.defect_mean - ex.GOOD_LOGIT[0], abs=0.3
    )


def test_the_ceiling_keeps_the_agreement_exactly_from_the_law_alone(pilots):
    """The oracle's threshold leaves the escape rate at the agreement on a large fresh sample of
    the law, and does not move when the pilot's own sample is replaced."""
    rng = np.random.default_rng(1)
    for sample in pilots[:5]:
        logit = oracle_ship_unseen_logit(sample)
        fresh = rng.normal(sample.defect_mean, sample.defect_sd, 400_000)
        missed = float(np.mean(fresh < logit))
        assert escape_rate(missed) == pytest.approx(business.MAX_ESCAPE_RATE, rel=0.03)
        other_sample = replace(sample, scores=rng.random(len(sample.scores)))
        assert oracle_ship_unseen_logit(other_sample) == logit


def test_the_skill_runs_from_confirming_everything_to_the_ceiling(pilots):
    everything = ship_unseen_scores(pilots, [0.0] * len(pilots))
    assert everything["skill"] == 0 and everything["learner_kept"] == 1
    ceiling = ship_unseen_scores(pilots, [_oracle_threshold(s) for s in pilots])
    assert ceiling["skill"] == pytest.approx(1) and ceiling["learner_kept"] == 1
    nothing = ship_unseen_scores(pilots, [1.0] * len(pilots))
    assert nothing["learner_kept"] == 0 and nothing["learner"] == 0


def test_the_reference_keeps_the_agreement_19_times_in_20_and_reaches_distinction(pilots):
    thresholds = [reference.ship_unseen_threshold(s.scores, s.labels) for s in pilots]
    scores = ship_unseen_scores(pilots, thresholds)
    assert scores["learner_kept"] >= ex.KEPT_AT_LEAST
    assert scores["skill"] >= DISTINCTION_BAND


def test_a_rule_too_sure_of_itself_reaches_merit_only(pilots):
    too_sure = _sure_to(0.999)
    scores = ship_unseen_scores(pilots, [too_sure(s.scores, s.labels) for s in pilots])
    assert scores["learner_kept"] == 1
    assert MERIT_BAND <= scores["skill"] < DISTINCTION_BAND


def test_the_self_check_judges_the_public_pilots_as_the_grader_would():
    samples = ex.pilot_draw_samples(ex.EXERCISES.public_draw)
    assert len(samples) == ex.PILOTS["public"]
    thresholds = [reference.ship_unseen_threshold(s.scores, s.labels) for s in samples]
    graded = ship_unseen_scores(samples, thresholds)
    without_margin = [float(np.quantile(s.scores[s.labels == 1], 0.05)) for s in samples]
    material = public_pilots_material(samples)
    assert ex._agreement_kept(thresholds, material) is None
    assert graded["learner_kept"] >= ex.KEPT_AT_LEAST
    assert ex._agreement_kept(without_margin, material) is not None


def test_the_self_check_does_not_pass_a_rule_that_confirms_every_part():
    """Confirming every part keeps the agreement on every pilot and saves nothing: the self-check
    must not call it passed (the grader gives it no band)."""
    samples = ex.pilot_draw_samples(ex.EXERCISES.public_draw)
    material = public_pilots_material(samples)
    failure = ex._agreement_kept([0.0] * len(samples), material)
    assert failure is not None and "confirming every part" in failure.en
    assert ship_unseen_scores(samples, [0.0] * len(samples))["skill"] < MERIT_BAND


def test_the_stretch_cells_are_left_out_of_the_pass_mark():
    gates = get_case(CASE).completion
    assert gates.merit_cells == ("ship_unseen_merit_test",)
    assert gates.distinction_cells == ("ship_unseen_distinction_test",)
    assert not set(gates.stretch_cells) & set(gates.skill_cells)


def test_on_the_hidden_pilots_the_bands_separate_the_reference_and_the_main_task_s_rule(
    build_dir,
):
    """The reference earns both bands; the main task's cost rule, pasted over with the story's
    costs, ships too much unseen to keep the agreement in 19 decisions out of 20 (an escape costs
    less than the agreement is worth): merit needs the stretch's own thinking."""
    ensure_built(CASE)
    for name in ("ship_unseen_merit", "ship_unseen_distinction"):
        assert judge_answer(CASE, name, reference.ship_unseen_threshold).passed
    escape_yen = reference.escape_cost_yen(business.FACTS)
    false_alarm_yen = reference.false_alarm_cost_yen(business.FACTS)

    def main_task_rule(scores, labels):
        return reference.choose_threshold(scores, labels, escape_yen, false_alarm_yen)

    verdict = judge_answer(CASE, "ship_unseen_merit", main_task_rule)
    assert not verdict.passed and "kept the agreement" in verdict.message.en


def test_the_hidden_check_hands_over_each_pilot_s_scores_and_labels_only(build_dir):
    ensure_built(CASE)
    with open(inputs_file(hidden_inputs_dir(get_case(CASE)), "ship_unseen_merit"), "rb") as f:
        handed = pickle.load(f)
    assert len(handed) == ex.PILOTS["hidden"]
    for scores, labels in handed:
        assert scores.shape == labels.shape and set(np.unique(labels)) == {0, 1}
