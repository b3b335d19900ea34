"""Are the accuracy measures and the schedule arithmetic right, with their documented properties?"""

import itertools

import numpy as np
import pandas as pd
import pytest

from dxquest.cases.effort_prediction import business
from dxquest.cases.effort_prediction.metrics import (
    coverage,
    mae,
    mdae,
    mmre,
    pred,
    random_guess_mae,
    standardised_accuracy,
)
from dxquest.cases.effort_prediction.schedule import (
    monthly_summary,
    plan_cost_yen,
    slot_outcomes,
    week_timeline,
)


def test_measures_on_a_small_example():
    actual, estimate = np.array([2.0, 4, 10, 1]), np.array([2.5, 4.9, 13, 1])
    assert mae(actual, estimate) == pytest.approx(1.1)
    assert mdae(actual, estimate) == pytest.approx(0.7)
    assert pred(actual, estimate) == pytest.approx(0.75)  # 0.25, 0.225, 0.3, 0
    assert mmre(actual, estimate) == pytest.approx((0.25 + 0.225 + 0.3) / 4)
    assert coverage(actual, estimate - 1, estimate) == pytest.approx(0.75)  # 10 is outside
    with pytest.raises(ValueError, match="align"):
        mae([1, 2], [1])


def test_random_guess_mae_is_the_mean_over_pairs():
    actual = np.array([1.0, 3.5, 2.0, 8.0, 2.0])
    pairs = [abs(a - b) for a, b in itertools.permutations(actual, 2)]
    assert random_guess_mae(actual) == pytest.approx(np.mean(pairs))
    assert standardised_accuracy(actual, actual) == 1
    rng = np.random.default_rng(0)
    big = np.exp(rng.normal(1, 1, 300))
    guesses = [standardised_accuracy(big, rng.permutation(big)) for _ in range(200)]
    assert abs(np.mean(guesses)) < 0.02


def test_mmre_rewards_estimating_low_and_mae_does_not():
    rng = np.random.default_rng(1)
    actual = 5 * np.exp(rng.normal(0, 0.5, 10_000))
    median = np.full_like(actual, 5.0)
    assert mmre(actual, 0.6 * median) < mmre(actual, median)
    assert mae(actual, 0.6 * median) > mae(actual, median)


def test_slots_give_overtime_or_idle_time():
    out = slot_outcomes([2, 5, 3], [3, 4, 3])
    assert out["overtime_hours"].tolist() == [1, 0, 0]
    assert out["idle_hours"].tolist() == [0, 1, 0]
    cost = plan_cost_yen([2, 5, 3], [3, 4, 3], booked_short_yen=2_000, booked_long_yen=3_000)
    assert cost == 2_000 + 3_000
    with pytest.raises(ValueError):
        slot_outcomes([1, 2], [1])


def test_monthly_summary_and_week_timeline():
    dates = pd.to_datetime(["2025-01-06", "2025-01-20", "2025-02-03"])
    table = monthly_summary(dates, [2, 5, 3], [3, 4, 3])
    assert table.loc["2025-01", "jobs"] == 2
    assert table.loc["2025-01", ["overtime_hours", "idle_hours"]].tolist() == [1, 1]
    jobs = pd.DataFrame({"job_id": ["a", "b"]})
    line = week_timeline(jobs, [2.0, 3.0], [2.5, 1.0])
    assert line["slot_start"].tolist() == [0, 2]
    assert line["actual_end"].tolist() == [2.5, 3.0]


def test_the_story_s_totals_follow_from_its_facts():
    """The story's 3,000 yen regular hour and 5,000 yen overtime hour are its wage, overhead,
    premium and after-hours running cost added up; no decision lives in the business module."""
    assert business.HOURLY_COST_YEN == 3_000
    assert business.OVERTIME_COST_YEN == 5_000
    assert not hasattr(business, "PLAN_QUANTILE")
