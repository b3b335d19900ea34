"""The grader's reference answers for Sakura Mart's business questions.

Hidden checks compare the learner's functions with these on data the learner has never seen.
Each follows the definition the notebook states, so a learner who follows the text agrees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from dxquest.cases.demand_forecast.data import RENAMED_CODE_SUFFIX
from dxquest.synth.supermarket_tables import SupermarketData


def clean_sales(sales: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Drop exact duplicate rows and map renamed item codes back to the item table's codes."""
    clean = sales.drop_duplicates().copy()
    unknown = ~clean["item_id"].isin(items["item_id"])
    clean.loc[unknown, "item_id"] = clean.loc[unknown, "item_id"].str.removesuffix(
        RENAMED_CODE_SUFFIX
    )
    return clean.reset_index(drop=True)


def last_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the last 365 days of ``frame`` (its latest date included)."""
    return frame[frame["date"] > frame["date"].max() - pd.Timedelta(days=365)]


def annual_waste_cost(sales: pd.DataFrame, items: pd.DataFrame) -> float:
    recent = last_year(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    return float((recent["waste_qty"] * recent["unit_cost"]).sum())


def censored_rows(sales: pd.DataFrame) -> pd.Series:
    """Days whose sales were cut by the stock: recorded stockouts and sold-out shelves."""
    return (sales["stockout_flag"] == 1) | (
        (sales["sales_qty"] >= sales["stock_available"]) & (sales["stock_available"] > 0)
    )


def estimated_lost_margin(sales: pd.DataFrame, items: pd.DataFrame) -> float:
    """Margin lost on censored days of the last year, demand estimated from uncensored days.

    The estimate of a censored day's demand is the mean sales of the same store, item and weekday
    on uncensored days of that year; the lost units are what it exceeds the sales by.
    """
    recent = last_year(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    recent = recent.assign(weekday=recent["date"].dt.day_of_week, censored=censored_rows(recent))
    keys = ["store_id", "item_id", "weekday"]
    typical = (
        recent[~recent["censored"]]
        .groupby(keys)["sales_qty"]
        .mean()
        .rename("typical")
        .reset_index()
    )
    cut = recent[recent["censored"]].merge(typical, on=keys, how="left")
    lost_units = (cut["typical"] - cut["sales_qty"]).clip(lower=0).fillna(0)
    return float((lost_units * (cut["price"] - cut["unit_cost"])).sum())


def annual_ordering_hours(ordering_log: pd.DataFrame) -> float:
    return float(last_year(ordering_log)["minutes"].sum() / 60)


def baseline_forecast(history: SupermarketData, future: pd.DataFrame) -> np.ndarray:
    """Today's practice: the same weekday last week; a new or missing row falls back to the
    store × item mean of the last 28 days, then to 0."""
    sales = clean_sales(history.sales, history.items)
    future = future.assign(item_id=clean_sales(future, history.items)["item_id"])
    last_week = sales[["date", "store_id", "item_id", "sales_qty"]].assign(
        date=sales["date"] + pd.Timedelta(days=7)
    )
    recent = sales[sales["date"] > sales["date"].max() - pd.Timedelta(days=28)]
    fallback = recent.groupby(["store_id", "item_id"])["sales_qty"].mean().rename("fallback")
    merged = future.merge(last_week, on=["date", "store_id", "item_id"], how="left").merge(
        fallback, on=["store_id", "item_id"], how="left"
    )
    return merged["sales_qty"].fillna(merged["fallback"]).fillna(0).to_numpy(dtype=float)


def unit_costs(price, unit_cost, shelf_life_days) -> dict:
    """What one unit short and one unit left over cost (yen), as the order simulation counts them.

    A unit short loses the day's margin. A unit left over of an item that keeps ``L`` days is
    sold first the next day (first in, first out) unless demand stays low until its last day:
    about one leftover in ``L`` is wasted, at its unit cost (no salvage, no markdown).
    """
    price = np.asarray(price, dtype=float)
    unit_cost = np.asarray(unit_cost, dtype=float)
    return {
        "shortage": price - unit_cost,
        "leftover": unit_cost / np.asarray(shelf_life_days, dtype=float),
    }


HIGHEST_SERVICE_LEVEL = 0.999
"""The quantile a stock level stops at: a Poisson quantile of 1 is infinite."""


def stock_level(mu, shortage, leftover) -> np.ndarray:
    """The newsvendor's stock level: the Poisson(``mu``) quantile at the critical ratio
    ``shortage / (shortage + leftover)``; nothing when a unit short costs nothing or less (a loss
    leader), where that ratio means nothing (its denominator may even be negative)."""
    mu = np.asarray(mu, dtype=float)
    shortage = np.asarray(shortage, dtype=float)
    leftover = np.asarray(leftover, dtype=float)
    worth_stocking = shortage > 0
    ratio = np.divide(shortage, shortage + leftover, out=np.zeros_like(mu), where=worth_stocking)
    levels = stats.poisson.ppf(np.minimum(ratio, HIGHEST_SERVICE_LEVEL), np.maximum(mu, 1e-6))
    return np.where(worth_stocking, np.maximum(levels, 0), 0.0)


def payback_months(
    annual_benefit_yen: float, initial_cost_yen: float, annual_cost_yen: float
) -> float:
    """Months until the net monthly benefit repays the initial cost (inf if it never does)."""
    net_monthly = (annual_benefit_yen - annual_cost_yen) / 12
    return float("inf") if net_monthly <= 0 else initial_cost_yen / net_monthly
