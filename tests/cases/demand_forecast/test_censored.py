import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dxquest.cases.demand_forecast.censored import (
    censored_size,
    expected_demand_when_sold_out,
    fit_demand_model,
)


@pytest.mark.parametrize(("sales", "mu"), [(0, 2.0), (1, 0.3), (3, 3.0), (12, 4.0), (5, 40.0)])
def test_expected_demand_when_sold_out_matches_the_poisson_tail(sales, mu):
    support = np.arange(sales, 400)
    pmf = stats.poisson.pmf(support, mu)
    brute_force = (support * pmf).sum() / pmf.sum()
    assert expected_demand_when_sold_out(np.array([sales]), np.array([mu]))[0] == pytest.approx(
        brute_force, rel=1e-9
    )


@pytest.mark.parametrize(
    ("sales", "mu", "size"),
    [(0, 2.0, 3.0), (1, 0.3, 1.0), (3, 3.0, 8.0), (12, 4.0, 20.0), (30, 25.0, 5.0)],
)
def test_expected_demand_when_sold_out_matches_the_negative_binomial_tail(sales, mu, size):
    support = np.arange(sales, 2_000)
    pmf = stats.nbinom.pmf(support, size, size / (size + mu))
    brute_force = (support * pmf).sum() / pmf.sum()
    got = expected_demand_when_sold_out(np.array([sales]), np.array([mu]), size)[0]
    assert got == pytest.approx(brute_force, rel=1e-9)
    # Scatter beyond the Poisson's puts more demand behind a sell-out.
    assert got >= expected_demand_when_sold_out(np.array([sales]), np.array([mu]))[0]


def test_the_size_is_recovered_from_censored_sales():
    rng = np.random.default_rng(1)
    mu = rng.uniform(2, 40, 50_000)
    for size in (3.0, 12.0, 40.0):
        demand = rng.negative_binomial(size, size / (size + mu))
        stock = rng.poisson(mu)
        sales = np.minimum(demand, stock)
        assert censored_size(sales, mu, sales >= stock) == pytest.approx(size, rel=0.15)
        # Reading the censored days as demand would make the scatter look smaller (a larger size).
        assert censored_size(sales, mu, np.zeros(len(sales), bool)) > 1.2 * size


def _censored_draw(seed=0, n=30_000):
    rng = np.random.default_rng(seed)
    level = rng.integers(0, 3, n)
    mu = np.exp(1.0 + 0.5 * level)
    demand = rng.poisson(mu)
    stock = rng.poisson(0.9 * mu)  # stocked a little short, as the managers do on busy days
    sales = np.minimum(demand, stock)
    x = pd.DataFrame({"level": level, "noise": rng.normal(size=n)})
    return x, sales, sales >= stock, mu


def test_fit_demand_model_recovers_demand_hidden_by_stockouts():
    x, sales, sold_out, mu = _censored_draw()
    assert sold_out.mean() > 0.3  # the draw is heavily censored
    model = fit_demand_model(x, sales, sold_out, trees=60)
    predicted = model.predict(x)
    for level in range(3):
        rows = x["level"].to_numpy() == level
        assert predicted[rows].mean() == pytest.approx(mu[rows][0], rel=0.05)


def test_ignoring_the_stockouts_would_be_biased_low():
    # The property fit_demand_model exists for: a plain Poisson fit on sales misses demand.
    x, sales, _, mu = _censored_draw()
    plain = lgb.LGBMRegressor(objective="poisson", n_estimators=60, verbose=-1).fit(x, sales)
    assert plain.predict(x).mean() < 0.85 * mu.mean()


def test_fit_demand_model_rejects_misaligned_inputs():
    x, sales, sold_out, _ = _censored_draw(n=100)
    with pytest.raises(ValueError, match="one value per row"):
        fit_demand_model(x, sales[:-1], sold_out)
    with pytest.raises(ValueError, match="non-negative"):
        fit_demand_model(x, -sales - 1, sold_out)


def test_the_same_fit_asked_again_is_not_boosted_again():
    x, sales, sold_out, _ = _censored_draw(n=2_000)
    x["level"] = x["level"].astype("category")
    model = fit_demand_model(x, sales, sold_out, trees=20)
    assert fit_demand_model(x.copy(), sales.copy(), sold_out.copy(), trees=20) is model
    # Anything the model depends on makes a new fit: one sold-out flag, the settings, the order of
    # a category (LightGBM's codes).
    flipped = sold_out.copy()
    flipped[0] = not flipped[0]
    reordered = x.assign(level=x["level"].cat.reorder_categories([2, 1, 0]))
    for other in [
        fit_demand_model(x, sales, flipped, trees=20),
        fit_demand_model(x, sales, sold_out, trees=21),
        fit_demand_model(reordered, sales, sold_out, trees=20),
    ]:
        assert other is not model
