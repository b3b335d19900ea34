"""Sakura Mart's data cut into forecasting tasks, as the notebooks and the grader cut it.

The learner's tables come from :func:`load_data`; the grader's hidden draw (a second company
history from the cohort secret) from the case's declaration (grader side); both are cut into tasks
with :func:`forecast_task`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dxquest.cases.demand_forecast.business import FORECAST_HORIZON_DAYS
from dxquest.public_data import load_public_data
from dxquest.synth.supermarket_tables import SupermarketData, read_supermarket_data


def load_data(directory: Path | None = None) -> SupermarketData:
    """Sakura Mart's tables: the learner's data (built on first use on a learner's machine)."""
    return load_public_data("demand_forecast", read_supermarket_data, "sales.csv", directory)


RENAMED_CODE_SUFFIX = "N"
"""A renamed item keeps its old code plus this suffix in the sales export (see the data card)."""

FUTURE_COLUMNS = ["date", "store_id", "item_id", "price", "on_promo"]


def holdout_origins(data: SupermarketData, weeks: int = 2) -> list[pd.Timestamp]:
    """Start dates of the last ``weeks`` forecasting weeks of ``data``."""
    last = data.sales["date"].max()
    first = last - pd.Timedelta(days=FORECAST_HORIZON_DAYS * weeks - 1)
    return [first + pd.Timedelta(days=FORECAST_HORIZON_DAYS * k) for k in range(weeks)]


def forecast_task(
    data: SupermarketData, origin: pd.Timestamp, horizon: int = FORECAST_HORIZON_DAYS
) -> tuple[SupermarketData, pd.DataFrame]:
    """What HQ knows the evening before ``origin``, and the rows to forecast.

    Returns ``(history, future)``: ``history`` holds the public tables cut at ``origin`` (sales and
    ordering log before it; weather actuals before it and forecasts up to the horizon), ``future``
    the store × item × day rows of the next ``horizon`` days with their planned price and promotion.
    """
    origin = pd.Timestamp(origin)
    end = origin + pd.Timedelta(days=horizon)
    sales = data.sales
    weather = data.weather[data.weather["date"] < end].copy()
    unknown_yet = weather["date"] >= origin
    weather.loc[unknown_yet, ["temp_max", "rain_mm"]] = float("nan")
    history = replace(
        data,
        sales=sales[sales["date"] < origin].reset_index(drop=True),
        weather=weather.reset_index(drop=True),
        ordering_log=data.ordering_log[data.ordering_log["date"] < origin].reset_index(drop=True),
        truth=None,
    )
    future = (
        sales.loc[(sales["date"] >= origin) & (sales["date"] < end), FUTURE_COLUMNS]
        .drop_duplicates()
        .sort_values(["store_id", "item_id", "date"])
        .reset_index(drop=True)
    )
    return history, future
