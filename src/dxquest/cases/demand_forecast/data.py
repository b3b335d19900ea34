"""Sakura Mart's data cut into forecasting tasks, as the notebooks and the grader cut it.

HQ forecasts each week on the evening before it; the week's first day is the task's *origin*.
The learner's tables come from :func:`load_data`; the grader's hidden draw (a second company
history from the cohort secret) from the case's declaration (grader side); both are cut into tasks
with :func:`forecast_task`. What a model receives is declared here, in :data:`FUTURE_COLUMNS` and
:data:`HISTORY_DATES`; the time-honesty tests read both.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dxquest.cases.demand_forecast.business import FORECAST_HORIZON_DAYS
from dxquest.public_data import load_public_data
from dxquest.synth.supermarket_tables import FORECAST_DAYS, SupermarketData, read_supermarket_data


def load_data(directory: Path | None = None) -> SupermarketData:
    """Sakura Mart's tables: the learner's data (built before a kernel starts). Its newest table
    names the build: data built before the weather forecasts' archive existed is rebuilt."""
    return load_public_data(
        "demand_forecast", read_supermarket_data, "weather_forecasts.csv", directory
    )


WEATHER_FORECAST_COLUMNS = ("weather_issued_on", "temp_max_forecast", "rain_prob_forecast")
"""A row's weather forecast: the issue of the evening HQ forecasts (on ``weather_issued_on``)."""

FUTURE_COLUMNS = ("date", "store_id", "item_id", "price", "on_promo", *WEATHER_FORECAST_COLUMNS)
"""What HQ knows of each store × item × day it forecasts: the day, the planned price and flyer,
and the weather forecast. Nothing that happens on the day (sales, stock, waste, the actual
weather) is known then."""

HISTORY_DATES = {
    "sales": "date",
    "weather": "date",
    "weather_forecasts": "issued_on",
    "ordering_log": "date",
}
"""The history's event tables and the column that dates each row: history keeps the rows dated
before the origin. (The master tables, stores and items, are cut as HQ's master stands then.)"""

RENAMED_CODE_SUFFIX = "N"
"""A renamed item keeps its old code plus this suffix in the sales export (see the data card)."""


def holdout_origins(data: SupermarketData, weeks: int = 2) -> list[pd.Timestamp]:
    """Start dates of the last ``weeks`` forecasting weeks of ``data``."""
    last = data.sales["date"].max()
    first = last - pd.Timedelta(days=FORECAST_HORIZON_DAYS * weeks - 1)
    return [first + pd.Timedelta(days=FORECAST_HORIZON_DAYS * k) for k in range(weeks)]


def forecast_task(
    data: SupermarketData, origin: pd.Timestamp, horizon: int = FORECAST_HORIZON_DAYS
) -> tuple[SupermarketData, pd.DataFrame]:
    """What HQ knows the evening before ``origin``, and the rows to forecast.

    Returns ``(history, future)``: ``history`` holds the public tables as they stand that
    evening (the rows of :data:`HISTORY_DATES` dated before ``origin``, and the item master of
    that evening), ``future`` the store × item × day rows of the next ``horizon`` days with
    :data:`FUTURE_COLUMNS`.
    """
    if horizon > FORECAST_DAYS:
        raise ValueError(f"the weather service forecasts at most {FORECAST_DAYS} days ahead")
    origin = pd.Timestamp(origin)
    end = origin + pd.Timedelta(days=horizon)
    events = {
        name: _dated_before(getattr(data, name), column, origin)
        for name, column in HISTORY_DATES.items()
    }
    history = replace(data, **events, items=_item_master(data, origin, end), truth=None)
    return history, _rows_to_forecast(data, origin, end)


def _dated_before(table: pd.DataFrame, column: str, origin: pd.Timestamp) -> pd.DataFrame:
    return table[table[column] < origin].reset_index(drop=True)


def _rows_to_forecast(data: SupermarketData, origin: pd.Timestamp, end: pd.Timestamp):
    """The planned rows of the days from ``origin`` to before ``end``, with the weather forecast
    issued the evening before ``origin`` for the store's area."""
    sales = data.sales
    planned = sales.loc[
        (sales["date"] >= origin) & (sales["date"] < end),
        ["date", "store_id", "item_id", "price", "on_promo"],
    ]
    issue = data.weather_forecasts
    issue = issue[issue["issued_on"] == origin - pd.Timedelta(days=1)].rename(
        columns={"issued_on": "weather_issued_on"}
    )
    future = (
        planned.drop_duplicates()
        .merge(data.stores[["store_id", "area_id"]], on="store_id", how="left")
        .merge(issue, on=["date", "area_id"], how="left", validate="many_to_one")
    )
    return (
        future[list(FUTURE_COLUMNS)]
        .sort_values(["store_id", "item_id", "date"])
        .reset_index(drop=True)
    )


def _item_master(data: SupermarketData, origin: pd.Timestamp, end: pd.Timestamp):
    """The item master as it stands the evening before ``origin``.

    Items launching by the end of the week are in it (their rows are planned); later launches
    and discontinuations are not decided yet. The regular price is that evening's: the table's
    ``regular_price`` is the price at the end of the whole period.
    """
    items = data.items[data.items["launch_date"] < end].copy()
    items.loc[items["discontinue_date"] >= end, "discontinue_date"] = pd.NaT
    items["regular_price"] = _regular_prices(data, origin, end).reindex(items["item_id"]).to_numpy()
    return items.reset_index(drop=True)


def _regular_prices(data: SupermarketData, origin: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Regular price by item the evening before ``origin``: the price of its latest day off
    promotion before ``origin`` (the same in every store), or for an item first on sale in the
    week, its first planned price off promotion.

    Read from the export as it is: a code the master does not know (the renamed item's) adds
    nothing, so that item keeps the price of its last day under its master code. Cleaning the
    codes here would hand every learner the answer of the cleaning question."""
    sales = data.sales
    regular = sales[
        (sales["on_promo"] == 0)
        & (sales["date"] < end)
        & sales["item_id"].isin(data.items["item_id"])
    ].sort_values("date")
    before = regular["date"] < origin
    latest = regular[before].groupby("item_id")["price"].last()
    launching = regular[~before].groupby("item_id")["price"].first()
    return pd.concat([latest, launching[~launching.index.isin(latest.index)]])


def flyer_tasks(
    data: SupermarketData, weeks: int = 2
) -> list[tuple[SupermarketData, pd.DataFrame]]:
    """The last ``weeks`` forecasting weeks (:func:`holdout_origins`) cut to their flyer rows
    (``on_promo`` 1): what HQ knows the evening before each week, and the store × item × days the
    week's flyer features."""
    tasks = []
    for origin in holdout_origins(data, weeks):
        history, future = forecast_task(data, origin)
        tasks.append((history, future[future["on_promo"] == 1].reset_index(drop=True)))
    return tasks
