"""Do the case's checkers tell a placeholder, a plausible wrong answer and the reference apart?

Learntools-style: for each cheap question, the release stub is "not attempted", a wrong answer
fails (public and hidden), and the grader's reference passes (public and hidden). The model
questions are exercised end to end by the notebook validation (tests/test_validate.py); here they
get a cheap model (standard hours times a factor per press) and today's practice.
"""

import numpy as np
import pandas as pd
import pytest
from checker_tests import checker_tests

from dxquest.cases.effort_prediction import exercises as ex
from dxquest.cases.effort_prediction import metrics, reference
from dxquest.cases.effort_prediction.evaluation import learner_hours, learner_interval
from dxquest.exercise import Incorrect
from dxquest.i18n import Msg
from dxquest.synth.printing import standard_hours


def metrics_pred_on_estimate(actual, estimate):
    out = ex._expected_metrics(actual, estimate)
    error = np.abs(actual - estimate)
    return out | {"pred25": float(np.mean(error <= 0.25 * estimate))}


def all_years_mae(jobs):
    done = reference.clean_jobs(jobs)
    return float((done["actual_hours"] - done["foreman_estimate_hours"]).abs().mean())


def net_hours(attendance):
    recent = reference.last_months(attendance)
    return float(abs(recent["job_hours"].sum() - recent["booked_hours"].sum()) / 12)


def loss_at_regular_rate(attendance):
    recent = reference.last_months(attendance)
    hours = recent["overtime_hours"].sum() + recent["idle_hours"].sum()
    return float(hours * 3_000 / 12)


def net_saved(plans):
    months = plans["start_date"].dt.strftime("%Y-%m").nunique()
    foreman = abs((plans["actual_hours"] - plans["foreman_estimate_hours"]).sum())
    new = abs((plans["actual_hours"] - plans["planned_hours"]).sum())
    return float((foreman - new) / months)


CASES = {
    "clean_jobs": (lambda jobs: jobs.drop_duplicates(), reference.clean_jobs),
    "foreman_mae": (all_years_mae, reference.foreman_mae),
    "monthly_overtime_idle_hours": (net_hours, reference.monthly_overtime_idle_hours),
    "monthly_loss_yen": (loss_at_regular_rate, reference.monthly_loss_yen),
    "accuracy_metrics": (metrics_pred_on_estimate, ex._expected_metrics),
    "hours_saved_per_month": (net_saved, reference.hours_saved_per_month),
    "annual_benefit": (
        lambda a, b: (a["overtime_hours"] - b["overtime_hours"]) * 5_000,
        reference.annual_benefit_yen,
    ),
    "payback_months": (
        lambda benefit, initial, monthly: initial / (benefit / 12),
        reference.payback_months,
    ),
}


(
    english,
    test_placeholder_is_not_attempted,
    test_wrong_answer_fails_public_and_hidden,
    test_reference_passes_public_and_hidden,
) = checker_tests(ex, CASES)


def standard_times_press_factor(history, future):
    """The explainable model of notebook 02: cheap, and far better than the foreman."""
    done = reference.clean_jobs(history.jobs)
    standard = standard_hours(done, history.machines, history.processes)["total"]
    factor = (done["actual_hours"] / standard).groupby(done["machine_id"]).median()
    new = standard_hours(future, history.machines, history.processes)["total"]
    return (new * future["machine_id"].map(factor)).to_numpy()


def foremans_estimate(history, future):
    return future["foreman_estimate_hours"].to_numpy()


def test_model_questions_pass_a_good_model_and_fail_todays_practice(capsys):
    ex.estimate_beats_foreman.grade(standard_times_press_factor)
    ex.estimate_skill_pass.grade_hidden(standard_times_press_factor)
    assert "skill" in capsys.readouterr().out
    with pytest.raises(Incorrect, match="do not beat the foreman"):
        ex.estimate_beats_foreman.grade(foremans_estimate)
    with pytest.raises(Incorrect, match="below 0"):
        ex.estimate_beats_foreman.grade_hidden(foremans_estimate)
    with pytest.raises(Incorrect, match="below 0"):
        ex.plan_beats_foreman.grade_hidden(foremans_estimate)


def test_intervals_too_narrow_or_too_wide_fail():
    def band(scale_low, scale_high):
        def interval(history, future):
            middle = standard_times_press_factor(history, future)
            return pd.DataFrame({"lower": middle * scale_low, "upper": middle * scale_high})

        return interval

    ex.interval_coverage.grade_hidden(band(0.7, 1.35))
    with pytest.raises(Incorrect, match="inside"):
        ex.interval_coverage.grade(band(0.95, 1.05))
    with pytest.raises(Incorrect, match="too wide"):  # covers about 80%, but by brute width
        ex.interval_coverage.grade_hidden(band(0, 1.25))


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        ("text", "array of numbers"),
        (np.ones(3), "one estimates value per row"),
        (np.full(5, np.nan), "NaN"),
        (-np.ones(5), "negative"),
    ],
)
def test_learner_hours_are_validated(returned, message):
    future = pd.DataFrame({"job_id": list("abcde")})
    with pytest.raises(Incorrect, match=message):
        learner_hours(lambda h, f: returned, None, future, Msg("工数", "estimates"))


def test_learner_intervals_are_validated():
    future = pd.DataFrame({"job_id": list("abc")})
    with pytest.raises(Incorrect, match="lower and upper"):
        learner_interval(lambda h, f: pd.DataFrame({"low": [1, 2, 3]}), None, future)
    with pytest.raises(Incorrect, match="lower bound above"):
        learner_interval(lambda h, f: np.array([[2, 1], [1, 2], [1, 2]]), None, future)
    lower, upper = learner_interval(lambda h, f: np.array([[1, 2], [1, 2], [0, 3]]), None, future)
    assert metrics.coverage([1.5, 3, 0], lower, upper) == pytest.approx(2 / 3)
