"""Is the oracle each notice row's true distribution of firm orders given its notice, an honest
ceiling that knows the process but never the realised shocks of the rows it scores?"""

from __future__ import annotations

import numpy as np
import pytest

from dxquest.cases.advance_orders.evaluation import holdout_rows, holdout_task, plan_scores, wape
from dxquest.cases.advance_orders.oracle import oracle_forecast, oracle_quantile
from dxquest.synth.parts_orders import make_advance_orders


@pytest.fixture(scope="module")
def data():
    return make_advance_orders(seed=7, return_truth=True)


@pytest.fixture(scope="module")
def rows(data):
    return holdout_rows(data)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_quantiles_are_calibrated(rows, q):
    share = np.mean(rows["firm"] <= oracle_quantile(rows, rows["quantity"], q))
    assert abs(share - q) < 0.05


def test_the_oracle_beats_the_notice_at_every_horizon(rows):
    oracle = oracle_forecast(rows, rows["quantity"])
    for h in (1, 2, 3):
        on = (rows["horizon"] == h).to_numpy()
        assert wape(rows.loc[on, "firm"], oracle[on]) < wape(
            rows.loc[on, "firm"], rows.loc[on, "quantity"]
        )


def test_the_oracle_never_sees_the_realised_shocks(rows):
    """Moving the realised shocks leaves the oracle unchanged: it reads parameters and the
    notice only."""
    moved = rows.assign(revealed=rows["revealed"] + 1.0, notice_noise=0.0)
    np.testing.assert_array_equal(
        oracle_forecast(moved, moved["quantity"]), oracle_forecast(rows, rows["quantity"])
    )


def test_no_simple_shift_of_the_oracle_does_much_better(rows):
    """The median is the WAPE-optimal point: scaling it does not help by more than noise."""
    oracle = oracle_forecast(rows, rows["quantity"])
    best = wape(rows["firm"], oracle)
    for factor in (0.9, 0.95, 1.05, 1.1):
        assert wape(rows["firm"], factor * oracle) > best - 0.002


def test_the_holdout_scores_the_notice_as_todays_practice(data, rows):
    holdout = holdout_task(data)
    np.testing.assert_array_equal(holdout.baseline, rows["quantity"].to_numpy(dtype=float))
    assert len(set(holdout.keys)) == len(holdout.keys)


def test_the_oracle_plan_is_near_the_cheapest(data):
    """Planning each row's quantile at the grader's cost ratio costs less than the notice, and
    less than planning the oracle's median."""
    rows = holdout_rows(data)
    median = oracle_forecast(rows, rows["quantity"])
    scores = plan_scores(data, [median])
    assert scores["oracle"] < scores["baseline"]
    assert scores["oracle"] < scores["learner"]


def test_the_benchmark_figures_of_the_notice_itself(data, rows):
    """Forecasting the notice as it is beats it for no part and matches its WAPE per horizon; the
    oracle beats it for most parts."""
    from dxquest.cases.advance_orders.evaluation import forecast_figures

    notice = forecast_figures(data, rows["quantity"].to_numpy(dtype=float))
    assert notice["share_beats_notice"] == 0
    assert notice["share_half_notice_error"] == 0
    for h in (1, 2, 3):
        assert notice[f"h{h}_learner"] == notice[f"h{h}_baseline"] > notice[f"h{h}_oracle"]
    oracle = forecast_figures(data, oracle_forecast(rows, rows["quantity"]))
    assert oracle["share_beats_notice"] > 0.7
