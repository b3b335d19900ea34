"""Does the FIFO shelf simulation keep its books and match the generator's managers?"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dxquest.cases.demand_forecast.inventory import critical_ratio, simulate_policy
from dxquest.synth.supermarket import make_supermarket_sales


def _keys(n_series, n_days):
    dates = pd.date_range("2024-01-01", periods=n_days)
    return pd.DataFrame(
        {
            "date": np.tile(dates, n_series),
            "store_id": "S01",
            "item_id": np.repeat([f"P{i:03d}" for i in range(n_series)], n_days),
        }
    )


def test_hand_worked_two_day_shelf_life():
    keys = _keys(1, 4)
    out = simulate_policy(
        targets=[5, 5, 5, 0],
        demand=[3, 1, 7, 2],
        shelf_life_days=[2] * 4,
        unit_cost=[60] * 4,
        price=[100] * 4,
        keys=keys,
    )
    # Day 1: 5 in, 3 sold, 2 carried. Day 2: 3 in; 1 sold from the old units, the other old one
    # expires. Day 3: 3 carried, 2 in, 7 wanted, 5 sold, 2 lost. Day 4: nothing left.
    assert out["ordered_qty"].tolist() == [5, 3, 2, 0]
    assert out["stock_available"].tolist() == [5, 5, 5, 0]
    assert out["sales_qty"].tolist() == [3, 1, 5, 0]
    assert out["waste_qty"].tolist() == [0, 1, 0, 0]
    assert out["lost_qty"].tolist() == [0, 0, 2, 2]
    assert out["waste_cost"].tolist() == [0, 60, 0, 0]
    assert out["lost_margin"].tolist() == [0, 0, 80, 80]
    assert out["total_cost"].sum() == 60 + 160


def test_invariants_on_random_series():
    rng = np.random.default_rng(0)
    n_series, n_days = 30, 60
    keys = _keys(n_series, n_days).sample(frac=1, random_state=1)  # any row order works
    n = len(keys)
    life = np.repeat(rng.integers(1, 6, n_series), n_days)[keys.index]
    out = simulate_policy(
        rng.integers(0, 20, n), rng.poisson(8, n), life, np.full(n, 50), np.full(n, 80), keys
    )
    assert out.index.equals(keys.index)
    assert (out["sales_qty"] <= out["stock_available"]).all()
    assert (out["ordered_qty"] >= 0).all()
    # Conservation: everything ordered is sold, wasted or still on the shelf at the end.
    df = pd.concat([keys, out], axis=1).sort_values(["item_id", "date"])
    last = df.groupby("item_id").tail(1).set_index("item_id")
    final_stock = last["stock_available"] - last["sales_qty"] - last["waste_qty"]
    totals = df.groupby("item_id")[["ordered_qty", "sales_qty", "waste_qty"]].sum()
    assert (final_stock >= 0).all()
    balance = totals["ordered_qty"] - totals["sales_qty"] - totals["waste_qty"]
    assert (balance == final_stock).all()


def test_reproduces_the_generators_managers():
    """One shelf implementation: replaying the managers' shelf levels gives the recorded rows."""
    data = make_supermarket_sales(
        n_stores=2, n_items=10, end="2024-06-30", seed=2, return_truth=True
    )
    q = data.params["quirks"]
    sales = data.sales.drop_duplicates()
    sales = sales[sales["store_id"] != q["outage_store"]]
    sales = sales[~sales["item_id"].isin([q["renamed_item"], q["renamed_code"]])]
    df = sales.merge(data.truth, on=["date", "store_id", "item_id", "price"])
    df = df.merge(data.items, on="item_id").sort_values(["store_id", "item_id", "date"])
    out = simulate_policy(
        df["stock_available"], df["demand"], df["shelf_life_days"], df["unit_cost"],
        df["price"], df[["date", "store_id", "item_id"]],
    )  # fmt: skip
    for col in ("ordered_qty", "stock_available", "sales_qty", "waste_qty"):
        assert (out[col] == df[col]).all(), col


def test_critical_ratio():
    assert critical_ratio(100, 60) == pytest.approx(0.4)
    assert critical_ratio(100, 60, salvage=20) == pytest.approx(0.5)
    # An item that keeps 3 days wastes about a third of a leftover unit: 40 / (40 + 20).
    assert critical_ratio(100, 60, shelf_life_days=3) == pytest.approx(2 / 3)
    assert critical_ratio(80, 100) < 0  # a loss leader
    np.testing.assert_allclose(critical_ratio([100, 200], [50, 50]), [0.5, 0.75])
    with pytest.raises(ValueError):
        critical_ratio(10, 5, salvage=10)


def test_rejects_misaligned_arrays():
    with pytest.raises(ValueError, match="match keys"):
        simulate_policy([1, 2], [1, 2, 3], [1, 1, 1], [1, 1, 1], [2, 2, 2], _keys(1, 3))
