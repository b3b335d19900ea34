"""Is the oracle the best forecast and order policy the truth allows? Are the metrics right?

The oracle scores the rows of forecasting tasks, with the weather forecasts issued the evening
before each week (one to seven days ahead), as the grader gives them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dxquest.cases.demand_forecast.business import MARKDOWN_PRICE_SHARE
from dxquest.cases.demand_forecast.data import forecast_task, holdout_origins
from dxquest.cases.demand_forecast.evaluation import with_truth
from dxquest.cases.demand_forecast.inventory import critical_ratio, simulate_policy
from dxquest.cases.demand_forecast.metrics import wape
from dxquest.cases.demand_forecast.oracle import oracle_forecast, predictive_quantile
from dxquest.synth._demand import nb_mean
from dxquest.synth.supermarket import make_supermarket_sales
from dxquest.synth.weather import temp_forecast_sd


@pytest.fixture(scope="module")
def data():
    return make_supermarket_sales(
        n_stores=6, n_items=20, end="2024-12-31", seed=5, return_truth=True
    )


@pytest.fixture(scope="module")
def last28(data):
    """The rows of the last four forecasting weeks, with their truth."""
    tasks = [forecast_task(data, origin) for origin in holdout_origins(data, weeks=4)]
    return pd.concat([with_truth(data, future) for _, future in tasks], ignore_index=True)


def _clean_sales(data):
    q = data.params["quirks"]
    sales = data.sales.drop_duplicates().copy()
    sales["item_id"] = sales["item_id"].replace(q["renamed_code"], q["renamed_item"])
    return sales


def test_oracle_beats_simple_forecasts(data, last28):
    actual = last28["demand"]
    oracle = wape(actual, oracle_forecast(last28))
    sales = _clean_sales(data).set_index(["date", "store_id", "item_id"])["sales_qty"]
    lag_key = pd.MultiIndex.from_arrays(
        [last28["date"] - pd.Timedelta(days=7), last28["store_id"], last28["item_id"]]
    )
    lag7 = wape(actual, sales.reindex(lag_key).fillna(0))
    assert oracle * 1.3 < lag7
    # Among forecasts made at order time, the predictive median minimises absolute error: the
    # oracle must beat the same distribution's other quantiles. (The true mean given the *actual*
    # weather knows more than anyone at order time, so it is no fair comparison.)
    for q in (0.4, 0.6):
        other = predictive_quantile(last28, q)
        assert oracle < wape(actual, other)


def test_quantiles_are_monotone_and_accept_per_row_levels(data, last28):
    levels = [0.1, 0.3, 0.5, 0.7, 0.9]
    qs = np.stack([predictive_quantile(last28, q) for q in levels])
    assert (np.diff(qs, axis=0) >= 0).all()
    assert (np.diff(qs, axis=0) > 0).any(axis=1).all()
    per_row = np.where(np.arange(len(last28)) % 2 == 0, 0.1, 0.9)
    mixed = predictive_quantile(last28, per_row)
    np.testing.assert_array_equal(mixed, np.where(per_row == 0.1, qs[0], qs[-1]))
    with pytest.raises(ValueError):
        predictive_quantile(last28, 1.0)


def test_quantile_matches_brute_force_mixture(data, last28):
    rows = last28.sample(25, random_state=0)
    got = predictive_quantile(rows, 0.8)
    # Fine grid over the temperature error instead of Gauss-Hermite nodes.
    z = np.linspace(-6, 6, 2001)
    wz = stats.norm.pdf(z)
    wz /= wz.sum()
    for k, (_, r) in enumerate(rows.iterrows()):
        lead = (r.date - r.weather_issued_on).days
        temp = r.temp_max_forecast + temp_forecast_sd(lead) * z
        p_rain = r.rain_prob_forecast
        y = got[k]
        cdf = 0.0
        for rain, w_rain in ((0.0, 1 - p_rain), (1.0, p_rain)):
            m = nb_mean(r.log_mu_base, r.temp_coef, temp, r.temp_normal, r.rain_coef, rain)
            p = r.nb_size / (r.nb_size + m)
            cdf_y = stats.nbinom.cdf(y, r.nb_size, p) @ wz
            cdf_below = stats.nbinom.cdf(y - 1, r.nb_size, p) @ wz
            cdf += w_rain * np.array([cdf_y, cdf_below])
        cdf = r.zero_prob + (1 - r.zero_prob) * cdf
        assert cdf[0] >= 0.8 - 1e-4 and cdf[1] < 0.8 + 1e-4


def test_newsvendor_oracle_policy_beats_the_managers(data, last28):
    items = data.items.set_index("item_id")
    life = last28["item_id"].map(items["shelf_life_days"]).to_numpy()
    cost = last28["item_id"].map(items["unit_cost"]).to_numpy()
    sell_through = last28["markdown_sell_through"]
    salvage = sell_through * MARKDOWN_PRICE_SHARE * last28["price"]
    targets = predictive_quantile(last28, critical_ratio(last28["price"], cost, salvage, life))
    keys = last28[["date", "store_id", "item_id"]]
    oracle = simulate_policy(
        targets, last28["demand"], life, cost, last28["price"], keys, sell_through,
        last28["markdown_draw"],
    )  # fmt: skip
    rec = last28.merge(_clean_sales(data), on=["date", "store_id", "item_id", "price"])
    rec_cost = rec["item_id"].map(items["unit_cost"])
    markdown_loss = rec_cost - MARKDOWN_PRICE_SHARE * rec["price"]
    managers = (
        rec["waste_qty"] * rec_cost
        + rec["markdown_qty"] * markdown_loss
        + (rec["demand"] - rec["sales_qty"]) * (rec["price"] - rec_cost)
    ).sum()
    assert len(rec) == len(last28)
    assert oracle["total_cost"].sum() < 0.9 * managers


def test_wape():
    assert wape([10, 0, 10], [8, 1, 12]) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="align"):
        wape([1, 2], [1])
    with pytest.raises(ValueError, match="undefined"):
        wape([0, 0], [1, 1])
