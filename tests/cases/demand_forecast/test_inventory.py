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


def test_hand_worked_evening_markdown():
    keys = _keys(1, 3)
    out = simulate_policy(
        targets=[10, 10, 10],
        demand=[6, 10, 3],
        shelf_life_days=[1] * 3,
        unit_cost=[60] * 3,
        price=[100] * 3,
        keys=keys,
        markdown_sell_through=[0.5] * 3,
        markdown_draw=[0.9, 0.2, 0.4],
    )
    # Day 1: 4 left for the half-price sticker, 0.5 x 4 = 2 sell whatever the draw. Day 2:
    # nothing left. Day 3: 7 left, 3.5 expected: the draw 0.4 rounds it down to 3, 4 wasted.
    assert out["markdown_qty"].tolist() == [2, 0, 3]
    assert out["waste_qty"].tolist() == [2, 0, 4]
    # A marked-down unit loses its cost less half the price: 60 - 50 = 10 yen.
    assert out["markdown_loss"].tolist() == [20, 0, 30]
    assert out["total_cost"].tolist() == [2 * 60 + 20, 0, 4 * 60 + 30]


def test_markdown_draw_rounds_to_the_expected_sales():
    """Over many draws, the markdown sells the sell-through's share of the last-day units, and
    a shelf with more units left never sells fewer of them on the same draw."""
    n = 5_000
    keys = _keys(n, 1)
    draw = np.random.default_rng(3).random(n)
    sold = {
        left: simulate_policy(
            np.full(n, 10), np.full(n, 10 - left), np.ones(n), np.full(n, 60),
            np.full(n, 100), keys, np.full(n, 0.37), draw,
        )["markdown_qty"].to_numpy()
        for left in (3, 4)
    }  # fmt: skip
    assert sold[3].mean() == pytest.approx(0.37 * 3, abs=0.02)
    assert sold[4].mean() == pytest.approx(0.37 * 4, abs=0.02)
    assert (sold[4] >= sold[3]).all()


def test_invariants_on_random_series():
    rng = np.random.default_rng(0)
    n_series, n_days = 30, 60
    keys = _keys(n_series, n_days).sample(frac=1, random_state=1)  # any row order works
    n = len(keys)
    life = np.repeat(rng.integers(1, 6, n_series), n_days)[keys.index]
    sell_through = np.repeat(rng.uniform(0, 1, n_series), n_days)[keys.index]
    out = simulate_policy(
        rng.integers(0, 20, n), rng.poisson(8, n), life, np.full(n, 50), np.full(n, 80), keys,
        sell_through, rng.random(n),
    )  # fmt: skip
    assert out.index.equals(keys.index)
    assert (out["sales_qty"] <= out["stock_available"]).all()
    assert (out["ordered_qty"] >= 0).all()
    assert (out["markdown_qty"] > 0).any()
    # Conservation: everything ordered is sold, marked down, wasted or still on the shelf.
    df = pd.concat([keys, out], axis=1).sort_values(["item_id", "date"])
    gone = ["sales_qty", "markdown_qty", "waste_qty"]
    last = df.groupby("item_id").tail(1).set_index("item_id")
    final_stock = last["stock_available"] - last[gone].sum(axis=1)
    totals = df.groupby("item_id")[["ordered_qty", *gone]].sum()
    assert (final_stock >= 0).all()
    balance = totals["ordered_qty"] - totals[gone].sum(axis=1)
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
        df["price"], df[["date", "store_id", "item_id"]], df["markdown_sell_through"],
        df["markdown_draw"],
    )  # fmt: skip
    assert df["markdown_qty"].sum() > 0
    for col in ("ordered_qty", "stock_available", "sales_qty", "markdown_qty", "waste_qty"):
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
