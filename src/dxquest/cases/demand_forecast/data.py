"""Sakura Mart's data as the learner and the grader see it.

The learner reads the public tables built from :data:`PUBLIC_SEED`. The grader draws a second
company history from the cohort secret (:func:`hidden_data`), which no learner has seen, and cuts it
into forecasting tasks with :func:`forecast_task` exactly as the notebooks cut their own data.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dxquest import paths
from dxquest.cases.demand_forecast.business import FORECAST_HORIZON_DAYS
from dxquest.secret import derived_seed
from dxquest.synth.supermarket import (
    SupermarketData,
    make_supermarket_sales,
    read_supermarket_data,
    write_supermarket_data,
)

CASE_ID = "demand_forecast"
PUBLIC_SEED = 0
DEFAULT_SIZE = {"n_stores": 10, "n_items": 40, "start": "2023-12-01", "end": "2025-11-30"}
"""The generator's defaults, spelled out: the hidden draw must match the public one in size."""
FUTURE_COLUMNS = ["date", "store_id", "item_id", "price", "on_promo"]


def build_public_data(directory: Path | None = None, **size: object) -> Path:
    """Generate the learners' data (seed 0, default size unless ``size`` says otherwise)."""
    directory = directory or paths.data_dir(CASE_ID)
    data = make_supermarket_sales(seed=PUBLIC_SEED, **{**DEFAULT_SIZE, **size})
    write_supermarket_data(data, directory)
    return directory


def load_data(directory: Path | None = None) -> SupermarketData:
    """The public tables (built on first use, so a fresh laptop needs no extra step)."""
    directory = directory or paths.data_dir(CASE_ID)
    if not (directory / "sales.csv").is_file():
        build_public_data(directory)
    return read_supermarket_data(directory)


def hidden_data() -> SupermarketData:
    """The grading draw: same company size, another seed derived from the cohort secret."""
    return _draw(derived_seed(CASE_ID, "holdout"))


@lru_cache(maxsize=1)
def _draw(seed: int) -> SupermarketData:
    # Keyed by the seed: once the grader locks the secret again, the cache answers no caller.
    return make_supermarket_sales(seed=seed, return_truth=True, **DEFAULT_SIZE)


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
