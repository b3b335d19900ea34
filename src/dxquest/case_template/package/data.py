"""The bakery's data, and the forecasting tasks cut from it as the notebook and the grader cut it.

A task is what the bakery knows on a Sunday evening (the history) and the seven days to bake for
(the future).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dxquest.public_data import load_public_data

from .tables import BakeryData, read_bakery_data

HOLDOUT_WEEKS = 8
"""The last eight weeks are forecast, one week at a time: enough days for the MAE to tell models
apart."""


def load_data(directory: Path | None = None) -> BakeryData:
    """The bakery's sales: the learner's data."""
    return load_public_data("newcase", read_bakery_data, "sales.csv", directory)


def forecast_tasks(
    data: BakeryData, weeks: int = HOLDOUT_WEEKS
) -> list[tuple[BakeryData, pd.DataFrame]]:
    """``(history, future)`` of each of the last ``weeks`` weeks: the sales before the week, and
    the week's dates."""
    sales = data.sales
    last = sales["date"].max()
    tasks = []
    for k in range(weeks, 0, -1):
        start = last - pd.Timedelta(days=7 * k - 1)
        before = sales["date"] < start
        week = before.ne(True) & (sales["date"] < start + pd.Timedelta(days=7))
        history = replace(data, sales=sales[before].reset_index(drop=True), truth=None)
        tasks.append((history, sales.loc[week, ["date"]].reset_index(drop=True)))
    return tasks
