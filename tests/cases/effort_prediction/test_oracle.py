"""Is the oracle each job's true distribution of recorded hours, its median the best estimate?"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dxquest.cases.effort_prediction.business import COST_FACTS
from dxquest.cases.effort_prediction.metrics import mae
from dxquest.cases.effort_prediction.oracle import (
    oracle_estimate,
    predictive_cdf,
    predictive_quantile,
    round_quarter,
)
from dxquest.cases.effort_prediction.reference import booking_quantile, hour_costs
from dxquest.cases.effort_prediction.schedule import plan_cost_yen
from dxquest.synth.printing import (
    BREAKDOWN_MEAN_EXTRA_HOURS,
    BREAKDOWN_MIN_HOURS,
    REPRINT_SHARE,
    make_print_jobs,
)


@pytest.fixture(scope="module")
def data():
    return make_print_jobs(seed=7, return_truth=True)


@pytest.fixture(scope="module")
def done(data):
    """Completed jobs of the last 20 months (enough for every comparison), with their truth."""
    jobs = data.jobs.drop_duplicates()
    jobs = jobs[(jobs["status"] == "completed") & (jobs["start_date"] >= "2024-04-01")]
    jobs = jobs.reset_index(drop=True)
    truth = data.truth.set_index("job_id").loc[jobs["job_id"]].reset_index(drop=True)
    return pd.concat([jobs, truth], axis=1)


def _simulate(row, n, rng) -> np.ndarray:
    """Draws of one job's recorded hours, by the generator's recipe."""
    hours = row.base_hours * np.exp(rng.normal(0, row.sigma, n))
    broke = rng.random(n) < row.p_breakdown
    repair = BREAKDOWN_MIN_HOURS + rng.exponential(BREAKDOWN_MEAN_EXTRA_HOURS, n)
    hours += broke * row.crew * repair
    reprint = rng.random(n) < row.p_reprint
    hours += reprint * row.press_hours * rng.uniform(*REPRINT_SHARE, n)
    return round_quarter(hours)


def test_quantiles_match_simulation(done):
    rng = np.random.default_rng(0)
    # Jobs with the largest disruption risk, where the tail matters most, and some ordinary ones.
    risky = done.nlargest(10, "p_breakdown")
    rows = pd.concat([risky, done.sample(10, random_state=1)]).reset_index(drop=True)
    for q in (0.1, 0.5, 0.625, 0.9, 0.99):
        got = predictive_quantile(rows, q)
        for k, row in enumerate(rows.itertuples()):
            draws = _simulate(row, 200_000, rng)
            # The q-quantile of a discrete variable: P(X <= y) >= q and P(X < y) <= q.
            assert np.mean(draws <= got[k]) >= q - 0.005
            assert np.mean(draws < got[k]) <= q + 0.005


def test_cdf_is_a_distribution_function(done):
    rows = done.head(50)
    assert np.all(predictive_cdf(rows, 0.0) == 0)
    grid = [predictive_cdf(rows, h) for h in (0.5, 2, 8, 32, 1e4)]
    assert np.all(np.diff(grid, axis=0) >= 0)
    assert np.allclose(grid[-1], 1)
    with pytest.raises(ValueError):
        predictive_quantile(rows, 1.0)


def test_median_is_the_best_estimate_on_the_realised_draw(done):
    actual = done["actual_hours"]
    best = mae(actual, oracle_estimate(done))
    for q in (0.4, 0.45, 0.55, 0.6):
        assert best < mae(actual, predictive_quantile(done, q))
    assert best < 0.5 * mae(actual, done["foreman_estimate_hours"])
    assert np.all(oracle_estimate(done) * 4 % 1 == 0)  # quarter hours, as recorded


def test_the_grader_s_booking_quantile_is_the_cheapest_plan(done):
    """Booked at the quantile the grader's hour costs give, the true distribution's plan costs
    less than plans well to either side (e.g. at the ratio the full overtime pay would give)."""
    actual = done["actual_hours"]
    costs = hour_costs(COST_FACTS)
    tau = booking_quantile(costs["booked_short"], costs["booked_long"])

    def cost(q):
        planned = predictive_quantile(done, q)
        return plan_cost_yen(planned, actual, costs["booked_short"], costs["booked_long"])

    for q in (tau - 0.15, tau + 0.225):
        assert cost(tau) < cost(q)
