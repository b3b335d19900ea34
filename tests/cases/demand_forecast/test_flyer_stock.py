"""Is the stretch task's scoring of the flyer items' morning stock sound: the true quantile scores
as the best possible and covers about 95 % of flyer rows, the managers' own stock is the baseline,
and stock short of the promise or far beyond it scores below the true quantile?"""

from __future__ import annotations

import pytest

from dxquest.cases.demand_forecast.business import FLYER_IN_STOCK
from dxquest.cases.demand_forecast.data import flyer_tasks
from dxquest.cases.demand_forecast.evaluation import flyer_scores, with_truth
from dxquest.cases.demand_forecast.exercises import SALES_COVERED_AT_LEAST, _covers_sales
from dxquest.cases.demand_forecast.oracle import predictive_quantile
from dxquest.synth.supermarket import make_supermarket_sales


@pytest.fixture(scope="module")
def data():
    return make_supermarket_sales(
        n_stores=6, n_items=20, end="2024-12-31", seed=5, return_truth=True
    )


@pytest.fixture(scope="module")
def rows(data):
    """The flyer rows of the two scored weeks, with their truth."""
    return [with_truth(data, future) for _, future in flyer_tasks(data)]


def test_the_tasks_hold_only_flyer_rows_and_nothing_realised(data):
    tasks = flyer_tasks(data)
    assert len(tasks) == 2
    for history, future in tasks:
        assert len(future) > 0 and (future["on_promo"] == 1).all()
        assert history.sales["date"].max() < future["date"].min()
        assert not {"sales_qty", "stock_available", "temp_max"} & set(future.columns)


def test_the_true_quantile_is_the_oracle_and_covers_about_the_promise(data, rows):
    oracle = [predictive_quantile(r, FLYER_IN_STOCK) for r in rows]
    scores = flyer_scores(data, oracle)
    assert scores["skill"] == pytest.approx(1.0)
    assert scores["learner"] == scores["oracle"] < scores["baseline"]
    assert abs(scores["oracle_in_stock"] - FLYER_IN_STOCK) < 0.05


def test_the_managers_own_stock_is_the_baseline(data, rows):
    tasks = flyer_tasks(data)
    recorded = data.sales.drop_duplicates(["date", "store_id", "item_id"])
    stock = [
        future.merge(recorded, on=["date", "store_id", "item_id"], how="left")["stock_available"]
        .fillna(0)
        .to_numpy()
        for _, future in tasks
    ]
    scores = flyer_scores(data, stock)
    assert scores["skill"] == pytest.approx(0.0)
    assert scores["learner_in_stock"] == scores["baseline_in_stock"] < FLYER_IN_STOCK


@pytest.mark.parametrize("level", [0.6, 0.8, 0.995])
def test_stock_short_of_the_promise_or_beyond_it_scores_below_the_true_quantile(data, rows, level):
    other = flyer_scores(data, [predictive_quantile(r, level) for r in rows])
    assert other["skill"] < 1.0
    assert (other["learner_in_stock"] < other["oracle_in_stock"]) == (level < FLYER_IN_STOCK)


def test_the_self_check_fails_stock_short_of_the_units_sold_on_too_many_days():
    """The learner's own flyer days show only sales (demand beyond a sold-out shelf is unseen):
    stock below them on more days than the floor allows is surely too little."""
    material = {"rows": [0, 1, 2, 3], "sales": [10.0, 10.0, 10.0, 10.0]}
    assert _covers_sales([12.0, 11.0, 10.0, 10.0, 99.0], material) is None
    short = _covers_sales([12.0, 9.0, 9.0, 10.0, 99.0], material)
    assert short is not None and f"{SALES_COVERED_AT_LEAST:.0%}" in short.render("en")
