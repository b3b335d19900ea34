"""Inventory simulation for perishable items: FIFO shelf, order-up-to policies and their costs.

The shelf itself (:class:`~dxquest.synth.shelf.FifoShelf`) is the one the data generator ran the
store managers' hand ordering on, so a policy scored here faces exactly the mechanics that produced
the recorded data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.demand_forecast.business import MARKDOWN_PRICE_SHARE
from dxquest.synth.shelf import FifoShelf

__all__ = ["critical_ratio", "simulate_policy"]


def critical_ratio(price, unit_cost, salvage=0.0, shelf_life_days=1) -> np.ndarray:
    """Newsvendor critical ratio ``underage / (underage + overage)``.

    Underage (a lost sale) costs the margin ``price - cost``. Overage (a unit left at close) costs
    ``cost - salvage`` for a single-day item; an item that keeps for ``L`` days is sold on a later
    day most of the time, so its overage is approximated by ``(cost - salvage) / L``. With ``L = 1``
    this is the classic ``(price - cost) / (price - salvage)``. Stocking up to this quantile of the
    demand distribution minimises the expected sum of both costs.

    Parameters
    ----------
    price, unit_cost, salvage : float or array-like
        Shelf price, purchase cost and value recovered for a discarded unit (yen).
    shelf_life_days : int or array-like
        Days an item can stay on the shelf (1 = sold the day it arrives or wasted).

    Returns
    -------
    ndarray of float
        Broadcast shape of the inputs; negative for a loss leader (price below cost).
    """
    price = np.asarray(price, dtype=float)
    unit_cost = np.asarray(unit_cost, dtype=float)
    salvage = np.asarray(salvage, dtype=float)
    shelf_life = np.asarray(shelf_life_days, dtype=float)
    if np.any(price <= salvage):
        raise ValueError("price must exceed salvage for every row")
    if np.any(shelf_life < 1):
        raise ValueError("shelf_life_days must be at least 1")
    under = price - unit_cost
    return under / (under + (unit_cost - salvage) / shelf_life)


def simulate_policy(
    targets,
    demand,
    shelf_life_days,
    unit_cost,
    price,
    keys: pd.DataFrame,
    markdown_sell_through=0.0,
    markdown_draw=0.5,
) -> pd.DataFrame:
    """Simulate an order-up-to policy day by day for every (store, item) series.

    Each day ``order = max(0, target - carried-over fresh stock)``, then
    ``stock_available = carry + order``, ``sales = min(demand, stock_available)``; in the evening
    the units on their last day are marked down to half the day's price and about
    ``markdown_sell_through`` of them sell, the rest are wasted at close (FIFO). Every series
    starts with an empty shelf on its first date in ``keys``; dates missing inside a series are
    days without delivery or demand on which stock still ages.

    Parameters
    ----------
    targets, demand : array-like of int, shape (n_rows,)
        Order-up-to level and true (uncensored) demand of each row.
    shelf_life_days, unit_cost, price : array-like, shape (n_rows,)
        Per-row item shelf life (days), purchase cost and shelf price (yen).
    keys : DataFrame with columns date, store_id, item_id
        Aligned with the arrays; usually sorted by series then date (any order is accepted).
    markdown_sell_through, markdown_draw : float or array-like, shape (n_rows,)
        The truth's share of marked-down units that sell (one per series) and each day's draw
        that rounds their number (:class:`~dxquest.synth.shelf.FifoShelf`); by default nothing
        is marked down.

    Returns
    -------
    DataFrame
        Same index as ``keys``, columns ordered_qty, stock_available, sales_qty, lost_qty,
        markdown_qty, waste_qty, waste_cost (waste_qty x unit_cost), markdown_loss (markdown_qty
        x (unit_cost - half the price)), lost_margin (lost_qty x (price - unit_cost)) and
        total_cost (their sum).
    """
    n = len(keys)
    arrays = {
        "targets": targets,
        "demand": demand,
        "shelf_life_days": shelf_life_days,
        "unit_cost": unit_cost,
        "price": price,
        "markdown_sell_through": np.broadcast_to(markdown_sell_through, (n,)),
        "markdown_draw": np.broadcast_to(markdown_draw, (n,)),
    }
    arrays = {k: np.asarray(v) for k, v in arrays.items()}
    for name, arr in arrays.items():
        if arr.shape != (n,):
            raise ValueError(f"{name} has shape {arr.shape}, expected ({n},) to match keys")
    target = np.rint(arrays["targets"]).astype(np.int64)
    dem = np.rint(arrays["demand"]).astype(np.int64)
    if (target < 0).any() or (dem < 0).any():
        raise ValueError("targets and demand must be non-negative")

    series = keys.groupby(["store_id", "item_id"], sort=False).ngroup().to_numpy()
    dates = pd.to_datetime(keys["date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    first = np.full(series.max() + 1 if n else 0, np.iinfo(np.int64).max)
    np.minimum.at(first, series, dates)
    day = dates - first[series]
    if n and pd.DataFrame({"s": series, "d": day}).duplicated().any():
        raise ValueError("keys has duplicate (date, store_id, item_id) rows")

    n_series = first.size
    n_days = int(day.max()) + 1 if n else 0
    life = np.ones(n_series, dtype=np.int64)
    life[series] = np.asarray(arrays["shelf_life_days"], dtype=np.int64)
    sell_through = np.zeros(n_series)
    sell_through[series] = np.asarray(arrays["markdown_sell_through"], dtype=float)
    dense_target = np.zeros((n_days, n_series), dtype=np.int64)
    dense_demand = np.zeros((n_days, n_series), dtype=np.int64)
    dense_draw = np.full((n_days, n_series), 0.5)
    dense_target[day, series] = target
    dense_demand[day, series] = dem
    dense_draw[day, series] = arrays["markdown_draw"]

    # order, available, sales, markdown, waste
    out = np.zeros((5, n_days, n_series), dtype=np.int64)
    shelf = FifoShelf(life, sell_through)
    for t in range(n_days):
        order = np.maximum(dense_target[t] - shelf.carry, 0)
        out[0, t] = order
        out[1:, t] = shelf.step(order, dense_demand[t], dense_draw[t])

    ordered, available, sales, markdown, waste = (out[i, day, series] for i in range(5))
    lost = dem - sales
    cost = np.asarray(arrays["unit_cost"], dtype=float)
    price = np.asarray(arrays["price"], dtype=float)
    result = pd.DataFrame(
        {
            "ordered_qty": ordered,
            "stock_available": available,
            "sales_qty": sales,
            "lost_qty": lost,
            "markdown_qty": markdown,
            "waste_qty": waste,
            "waste_cost": waste * cost,
            "markdown_loss": markdown * (cost - MARKDOWN_PRICE_SHARE * price),
            "lost_margin": lost * (price - cost),
        },
        index=keys.index,
    )
    result["total_cost"] = result[["waste_cost", "markdown_loss", "lost_margin"]].sum(axis=1)
    return result
