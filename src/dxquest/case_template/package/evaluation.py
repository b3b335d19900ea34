"""The hidden holdout of the bakery's AI task and the public self-check's material (grader side).

On the hidden draw the grader also knows each day's expected demand: the oracle.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import poisson

from dxquest.cases.spec import Holdout

from . import reference
from .data import forecast_tasks
from .tables import BakeryData


def mae(actual, predicted) -> float:
    """Mean absolute error in loaves."""
    return float(np.mean(np.abs(np.asarray(actual, float) - np.asarray(predicted, float))))


def _last_weeks(data: BakeryData, table: str, column: str) -> np.ndarray:
    weeks = len(forecast_tasks(data))
    return getattr(data, table)[column].to_numpy(dtype=float)[-7 * weeks :]


def _practice(tasks) -> np.ndarray:
    return np.concatenate([reference.same_weekday_last_week(h, f) for h, f in tasks])


def public_material(data: BakeryData) -> dict:
    """The learner's last weeks: the loaves sold and today's practice's MAE there (no answer)."""
    actual = _last_weeks(data, "sales", "sold")
    return {"actual": actual.tolist(), "baseline_mae": mae(actual, _practice(forecast_tasks(data)))}


def holdout_task(data: BakeryData) -> Holdout:
    """The AI task on the hidden draw: its last eight weeks, with the loaves sold, today's
    practice and the oracle's forecast of each day."""
    tasks = forecast_tasks(data)
    holdout = Holdout(
        case="newcase",
        metric="MAE",
        keys=np.concatenate(
            [future["date"].dt.strftime("%Y-%m-%d").to_numpy(dtype=str) for _, future in tasks]
        ),
        actual=_last_weeks(data, "sales", "sold"),
        baseline=_practice(tasks),
        # The median of each day's true distribution: the best any forecast can do for the MAE.
        oracle=poisson.median(_last_weeks(data, "truth", "mean")),
    )
    return holdout
