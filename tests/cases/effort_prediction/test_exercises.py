"""Do the case's checkers tell a placeholder, a plausible wrong answer and the reference apart?

Learntools-style: for each cheap question, the release stub is "not attempted", a wrong answer
fails (public and hidden), and the grader's reference passes (public and hidden). The model
questions are exercised end to end by the notebook validation (tests/test_validate.py); here they
get a cheap model (standard hours times a factor per press) and today's practice.
"""

import numpy as np
import pandas as pd
import pytest
from checker_tests import checker_tests, passes_hidden

from dxquest.answers import Incorrect
from dxquest.cases.effort_prediction import exercises as ex
from dxquest.cases.effort_prediction import reference
from dxquest.cases.effort_prediction.business import PROMISE_KEPT, SYSTEM_INITIAL_COST_YEN
from dxquest.marking import judge_answer
from dxquest.synth.printing_standards import standard_hours

CASE = "effort_prediction"


def pred_on_estimate(actual, estimate):
    error = np.abs(actual - estimate)
    return reference.accuracy_metrics(actual, estimate) | {
        "pred25": float(np.mean(error <= 0.25 * estimate))
    }


def net_hours(attendance):
    recent = reference.last_months(attendance)
    return float(abs(recent["job_hours"].sum() - recent["booked_hours"].sum()) / 12)


def whole_overtime_hour(facts):
    """The hurried definition: an overrun hour costs the whole overtime pay (the regular hour it
    includes is then counted again with the idle hour)."""
    overtime = facts["wage_yen"] * (1 + facts["overtime_premium"]) + facts["after_hours_yen"]
    return {"booked_short": overtime, "booked_long": facts["wage_yen"] + facts["overhead_yen"]}


def gross_business_case(as_is, to_be, costs):
    monthly = reference.business_case(as_is, to_be, costs)["annual_net_benefit_yen"] / 12
    gross = monthly + 80_000
    return {"annual_net_benefit_yen": 12 * gross, "payback_months": SYSTEM_INITIAL_COST_YEN / gross}


def mean_error(jobs):
    return float((jobs["actual_hours"] - jobs["foreman_estimate_hours"]).abs().mean())


def window_of_366_days(jobs):
    done = reference.clean_jobs(jobs)
    return mean_error(done[done["start_date"] >= done["start_date"].max() - pd.Timedelta(days=365)])


def duplicates_kept(jobs):
    return mean_error(reference.last_year(jobs[jobs["status"] == "completed"]))


CASES = {
    "clean_jobs": (lambda jobs: jobs.drop_duplicates(), reference.clean_jobs),
    "foreman_mae": (window_of_366_days, reference.foreman_mae),
    "monthly_overtime_idle_hours": (net_hours, reference.monthly_overtime_idle_hours),
    "hour_costs": (whole_overtime_hour, reference.hour_costs),
    "accuracy_metrics": (pred_on_estimate, reference.accuracy_metrics),
    "booking_quantile": (lambda short, long: long / (short + long), reference.booking_quantile),
    "business_case": (gross_business_case, reference.business_case),
}


(
    english,
    test_placeholder_is_not_attempted,
    test_wrong_answer_fails_public_and_hidden,
    test_reference_passes_public_and_hidden,
) = checker_tests(ex, CASE, CASES)


@pytest.mark.parametrize("slip", [window_of_366_days, duplicates_kept])
def test_the_foreman_mae_rejects_slips_that_move_it_by_a_fraction_of_a_percent(slip):
    """A window a day too long and re-entered duplicates move the MAE by 0.04-0.5 %."""
    with pytest.raises(Incorrect):
        ex.foreman_mae.grade(slip)
    assert not passes_hidden(CASE, "foreman_mae", slip)


def test_the_last_twelve_months_are_chosen_by_month_not_by_row_order():
    def last_rows(attendance):
        recent = attendance.tail(12)
        return float((recent["overtime_hours"].sum() + recent["idle_hours"].sum()) / 12)

    with pytest.raises(Incorrect):
        ex.monthly_overtime_idle_hours.grade(last_rows)


def test_a_plan_that_never_pays_back_is_not_given_a_negative_payback():
    def negative_payback(as_is, to_be, costs):
        case = reference.business_case(as_is, to_be, costs)
        net = case["annual_net_benefit_yen"] / 12
        return case | {"payback_months": SYSTEM_INITIAL_COST_YEN / net}

    with pytest.raises(Incorrect, match="never pays back"):
        ex.business_case.grade(negative_payback)


def other_end_of_the_range(facts):
    """The other defensible definition: the regular overhead is paid anyway, so an overrun hour
    costs the premium and the after-hours running, and an idle hour the wage alone."""
    extra = facts["wage_yen"] * facts["overtime_premium"] + facts["after_hours_yen"]
    return {"booked_short": extra, "booked_long": facts["wage_yen"]}


def test_hour_costs_accept_every_defensible_definition():
    ex.hour_costs.grade(other_end_of_the_range)
    assert passes_hidden(CASE, "hour_costs", other_end_of_the_range)


def premium_only(facts):
    return {
        "booked_short": facts["wage_yen"] * facts["overtime_premium"],
        "booked_long": facts["wage_yen"] + facts["overhead_yen"],
    }


def after_hours_only(facts):
    return {
        "booked_short": facts["after_hours_yen"],
        "booked_long": facts["wage_yen"] + facts["overhead_yen"],
    }


def idle_is_free(facts):
    return reference.hour_costs(facts) | {"booked_long": 0}


@pytest.mark.parametrize("wrong", [premium_only, after_hours_only, idle_is_free])
def test_hour_costs_reject_definitions_that_leave_money_out(wrong):
    with pytest.raises(Incorrect, match="outside what the story"):
        ex.hour_costs.grade(wrong)
    assert not passes_hidden(CASE, "hour_costs", wrong)


@pytest.mark.parametrize(
    "wrong", [lambda short, long: short / long, lambda short, long: 0.5], ids=["ratio", "median"]
)
def test_the_booking_quantile_follows_the_costs(wrong):
    with pytest.raises(Incorrect):
        ex.booking_quantile.grade(wrong)
    assert not passes_hidden(CASE, "booking_quantile", wrong)


@pytest.mark.parametrize(
    ("returned", "message"),
    [({"booked_short": 1.0}, "keys"), ({"booked_short": "a", "booked_long": 1.0}, "as a number")],
)
def test_hour_costs_are_read_as_two_numbers(returned, message):
    with pytest.raises(Incorrect, match=message):
        ex.hour_costs.kind.read(returned, ())


def standard_times_press_factor(history, future):
    """The explainable model of notebook 02: cheap, and far better than the foreman."""
    done = reference.clean_jobs(history.jobs)
    standard = standard_hours(done, history.machines, history.processes)["total"]
    factor = (done["actual_hours"] / standard).groupby(done["machine_id"]).median()
    new = standard_hours(future, history.machines, history.processes)["total"]
    return (new * future["machine_id"].map(factor)).to_numpy()


def foremans_estimate(history, future):
    return future["foreman_estimate_hours"].to_numpy()


def test_model_questions_pass_a_good_model_and_fail_todays_practice():
    ex.estimate_beats_foreman.grade(standard_times_press_factor)
    verdict = judge_answer(CASE, "estimate_skill_pass", standard_times_press_factor)
    assert verdict.passed and "skill" in verdict.summary.render("en")
    assert verdict.leaderboard["case"] == CASE
    with pytest.raises(Incorrect, match="do not beat the foreman"):
        ex.estimate_beats_foreman.grade(foremans_estimate)
    for question in ("estimate_beats_foreman", "plan_beats_foreman"):
        verdict = judge_answer(CASE, question, foremans_estimate)
        assert not verdict.passed and "below 0" in str(verdict.message)


def band(scale_low, scale_high):
    def interval(history, future):
        middle = standard_times_press_factor(history, future)
        return pd.DataFrame({"lower": middle * scale_low, "upper": middle * scale_high})

    return interval


def test_intervals_too_narrow_or_too_wide_fail():
    assert judge_answer(CASE, "interval_coverage", band(0.7, 1.35)).passed
    with pytest.raises(Incorrect, match="inside"):
        ex.interval_coverage.grade(band(0.95, 1.05))
    verdict = judge_answer(CASE, "interval_coverage", band(0, 1.25))  # about 80 %, by width
    assert not verdict.passed and "too wide" in str(verdict.message)


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        (pd.DataFrame({"low": [1, 2, 3]}), "lower and upper"),
        (np.ones(3), "lower and upper"),
        (np.array([[2, 1], [1, 2], [1, 2]]), "lower bound above"),
        (np.array([[1, 2], [1, 2]]), "for 3 rows"),
        (np.array([[-1, 2], [1, 2], [1, 2]]), "negative"),
    ],
)
def test_intervals_are_read_as_lower_and_upper_per_row(returned, message):
    future = pd.DataFrame({"job_id": list("abc")})
    with pytest.raises(Incorrect, match=message):
        ex.interval_coverage.kind.read(returned, (None, future))


def test_intervals_read_from_a_frame_or_an_array_agree():
    future = pd.DataFrame({"job_id": list("abc")})
    frame = pd.DataFrame({"upper": [2.0, 2.0, 3.0], "lower": [1.0, 1.5, 0.0], "extra": 9})
    pairs = [[1.0, 2.0], [1.5, 2.0], [0.0, 3.0]]
    assert ex.interval_coverage.kind.read(frame, (None, future)) == pairs
    assert ex.interval_coverage.kind.read(np.array(pairs), (None, future)) == pairs


def standard_times_kept_factor(history, future):
    """A promise without a model: the standard hours times the factor that kept 95 % of past jobs
    within them (honest, but long where the model would know a job is quick)."""
    done = reference.clean_jobs(history.jobs)
    standard = standard_hours(done, history.machines, history.processes)["total"]
    ratio = done["actual_hours"] / standard
    new = standard_hours(future, history.machines, history.processes)["total"]
    return new.to_numpy() * np.quantile(ratio, PROMISE_KEPT)


def test_the_stretch_task_records_merit_and_distinction_apart():
    """An honest but long promise reaches merit and not distinction; its summary says how often
    the promises were kept."""
    merit = judge_answer(CASE, "delivery_promise_merit", standard_times_kept_factor)
    assert merit.passed and "kept" in merit.summary.render("en")
    distinction = judge_answer(CASE, "delivery_promise_distinction", standard_times_kept_factor)
    assert not distinction.passed and "below 0.9" in str(distinction.message)


@pytest.mark.parametrize(
    ("promise", "message"),
    [
        (standard_times_press_factor, "too short"),  # a median: kept on about half the jobs
        (lambda history, future: foremans_estimate(history, future) * 3, "too long"),
    ],
    ids=["median", "triple"],
)
def test_promises_kept_too_rarely_or_too_often_fail(promise, message):
    with pytest.raises(Incorrect, match=message):
        ex.delivery_promise_merit.grade(promise)
    verdict = judge_answer(CASE, "delivery_promise_merit", promise)
    assert not verdict.passed and message in str(verdict.message)
