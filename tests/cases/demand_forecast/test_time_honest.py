"""Does a forecasting model receive exactly what HQ knows on the evening before the week?

HQ forecasts each week on the evening before its first day (the origin). Whatever happens from
that evening on (sales, stock, waste, weather, later forecasts and plans) must not change what
``forecast_task`` gives, no column of ``future`` may be realised on the day, and the weather
forecasts of the week must be the issue of that evening.
"""

from dataclasses import replace

import pandas as pd
import pytest
from time_honesty import assert_same_tables, changed, every_row

from dxquest.cases.demand_forecast import data as task
from dxquest.cases.demand_forecast.exercises import forecast_weeks
from dxquest.exercise import Draw
from dxquest.synth.supermarket import make_supermarket_sales

REALISED = {
    "ordered_qty", "stock_available", "sales_qty", "markdown_qty", "waste_qty",  # the day's shop
    "stockout_flag",
    "temp_max", "rain_mm",  # the day's weather
    "demand", "mu", "markdown_draw",  # the truth's
}  # fmt: skip
"""Recorded on the day or after it: no forecast may use them. (The order of a day is placed the
evening before that day, after HQ's weekly forecast for all but the week's first day.)"""

ORIGINS = ("2024-03-04", "2024-04-17", "2024-06-24")
"""A Monday, a Wednesday, and the last week of the draw."""


@pytest.fixture(scope="module")
def draw():
    return make_supermarket_sales(
        n_stores=3, n_items=12, start="2024-01-01", end="2024-06-30", seed=11, return_truth=True
    )


def _week(origin: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    origin = pd.Timestamp(origin)
    return origin, origin + pd.Timedelta(days=7)


def _otherwise_from(data, origin: str):
    """``data`` as it was up to the evening before ``origin``, and different from then on."""
    origin, end = _week(origin)
    sales, weather, issues = data.sales, data.weather, data.weather_forecasts
    sales = changed(sales, sales["date"] >= origin, REALISED & set(sales.columns))
    sales = changed(sales, sales["date"] >= end, ["price", "on_promo"])  # plans after the week
    weather = changed(weather, weather["date"] >= origin, ["temp_max", "rain_mm"])
    # A day's evening-before forecast is issued on the origin or later from the day after it on.
    forecasts = ["temp_max_forecast", "rain_prob_forecast"]
    weather = changed(weather, weather["date"] > origin, forecasts)
    issues = changed(issues, issues["issued_on"] >= origin, forecasts)
    log = changed(data.ordering_log, data.ordering_log["date"] >= origin, ["minutes"])
    items = changed(data.items, every_row(data.items), ["regular_price"])  # the period's last
    items = changed(items, items["launch_date"] >= end, ["launch_date"])
    items = changed(items, items["discontinue_date"] >= end, ["discontinue_date"])
    truth = changed(data.truth, every_row(data.truth), ["demand", "mu", "log_mu_base"])
    return replace(
        data, sales=sales, weather=weather, weather_forecasts=issues, ordering_log=log,
        items=items, truth=truth,
    )  # fmt: skip


def test_future_holds_only_what_hq_knows_that_evening(draw):
    assert not REALISED & set(task.FUTURE_COLUMNS)
    # The truth repeats each row's keys and planned price; nothing else of it may reach future.
    truth_only = set(draw.truth.columns) - {"date", "store_id", "item_id", "price"}
    assert not truth_only & set(task.FUTURE_COLUMNS)
    for origin in ORIGINS:
        _, future = task.forecast_task(draw, origin)
        assert list(future.columns) == list(task.FUTURE_COLUMNS)
        assert future["date"].between(*_week(origin), inclusive="left").all()


def test_history_rows_are_dated_before_the_origin(draw):
    dated = {
        name
        for name, table in draw.public_tables().items()
        if any(pd.api.types.is_datetime64_any_dtype(t) for t in table.dtypes)
    }
    # Every table of events is declared; items is the master, cut as it stands that evening.
    assert dated == set(task.HISTORY_DATES) | {"items"}
    for origin in ORIGINS:
        origin, end = _week(origin)
        history, _ = task.forecast_task(draw, origin)
        for name, column in task.HISTORY_DATES.items():
            assert (getattr(history, name)[column] < origin).all(), name
        assert (history.items["launch_date"] < end).all()
        assert not (history.items["discontinue_date"] >= end).any()
        assert history.truth is None


def test_the_weeks_weather_forecasts_were_issued_by_the_origin(draw):
    for origin in ORIGINS:
        origin, _ = _week(origin)
        _, future = task.forecast_task(draw, origin)
        assert future[list(task.WEATHER_FORECAST_COLUMNS)].notna().all().all()
        assert (future["weather_issued_on"] == origin - pd.Timedelta(days=1)).all()
        # The values are that issue's, not the actual weather or a later issue.
        issued = future.merge(draw.stores[["store_id", "area_id"]]).merge(
            draw.weather_forecasts,
            left_on=["weather_issued_on", "date", "area_id"],
            right_on=["issued_on", "date", "area_id"],
            suffixes=("", "_issued"),
        )
        assert len(issued) == len(future)
        for column in ("temp_max_forecast", "rain_prob_forecast"):
            assert issued[column].equals(issued[f"{column}_issued"])


@pytest.mark.parametrize("origin", ORIGINS)
def test_what_happens_from_that_evening_on_changes_nothing(draw, origin):
    history, future = task.forecast_task(draw, origin)
    other_history, other_future = task.forecast_task(_otherwise_from(draw, origin), origin)
    assert_same_tables(other_history, history)
    assert_same_tables(other_future, future)


def test_the_graded_holdout_gives_the_learner_these_tasks(draw):
    """The hidden inputs of the model questions are cut from the draw as the learner sees it."""
    learner_view = replace(draw, truth=None)
    received = forecast_weeks(Draw(lambda: learner_view, seed=0))
    origins = task.holdout_origins(draw)
    assert len(received) == len(origins)
    for (history, future), origin in zip(received, origins, strict=True):
        expected_history, expected_future = task.forecast_task(draw, origin)
        assert_same_tables(history, expected_history)
        assert_same_tables(future, expected_future)
