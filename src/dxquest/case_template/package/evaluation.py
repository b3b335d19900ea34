"""Forecasting tasks cut from the bakery's data, and scoring a learner's forecaster on them.

A task is what the bakery knows on a Sunday evening (the history) and the seven days to bake for
(the future). On the hidden draw the grader also knows each day's expected demand: the oracle.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from scipy.stats import poisson

from dxquest.cases.spec import AITask, Holdout
from dxquest.exercise import Incorrect, call_learner
from dxquest.i18n import Msg

from . import reference
from .generator import BakeryData

HOLDOUT_WEEKS = 8
"""The last eight weeks are forecast, one week at a time: enough days for the MAE to tell models
apart."""


def mae(actual, predicted) -> float:
    """Mean absolute error in loaves."""
    return float(np.mean(np.abs(np.asarray(actual, float) - np.asarray(predicted, float))))


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


def _last_weeks(table: pd.DataFrame, column: str, weeks: int = HOLDOUT_WEEKS) -> np.ndarray:
    return table[column].to_numpy(dtype=float)[-7 * weeks :]


def learner_forecast(function, history: BakeryData, future: pd.DataFrame) -> np.ndarray:
    """Call the learner's ``function(history, future)`` and insist on one number per day."""
    try:
        values = np.asarray(call_learner(function, history, future.copy()), float).reshape(-1)
    except (TypeError, ValueError):
        raise Incorrect(
            Msg("予測は数値の配列で返してください。", "Return the forecast as an array of numbers.")
        ) from None
    if values.shape != (len(future),) or not np.isfinite(values).all():
        raise Incorrect(
            Msg(
                f"future の行数 {len(future)} と同じ長さの、有限の数の配列を返してください。",
                f"Return one finite number per row of future ({len(future)} rows).",
            )
        )
    return values


def public_scores(forecaster, data: BakeryData) -> dict[str, float]:
    """MAE of the learner's forecast and of today's practice on the last weeks of ``data``."""
    tasks = forecast_tasks(data)
    actual = _last_weeks(data.sales, "sold")
    return {
        "learner": mae(actual, _forecast_all(forecaster, tasks)),
        "baseline": mae(actual, _forecast_all(reference.same_weekday_last_week, tasks, False)),
    }


def _forecast_all(function, tasks, learner: bool = True) -> np.ndarray:
    call = learner_forecast if learner else (lambda f, history, future: f(history, future))
    return np.concatenate([call(function, history, future) for history, future in tasks])


def holdout_task(data: BakeryData) -> AITask:
    """The AI task on the hidden draw: its last eight weeks, with the loaves sold, today's
    practice and the oracle's forecast of each day."""
    tasks = forecast_tasks(data)
    holdout = Holdout(
        case="newcase",
        metric="MAE",
        keys=np.concatenate(
            [future["date"].dt.strftime("%Y-%m-%d").to_numpy(dtype=str) for _, future in tasks]
        ),
        actual=_last_weeks(data.sales, "sold"),
        baseline=_forecast_all(reference.same_weekday_last_week, tasks, learner=False),
        # The median of each day's true distribution: the best any forecast can do for the MAE.
        oracle=poisson.median(_last_weeks(data.truth, "mean")),
    )
    return AITask(holdout, lambda forecaster: _forecast_all(forecaster, tasks), mae)
