"""The graded questions of the newcase case (kernel side: nothing here knows an answer).

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``; the
grader marks the outputs with :mod:`.marking`.
"""

from __future__ import annotations

import numpy as np

from dxquest.answers import Number, Predictions
from dxquest.exercise import Draw, Exercises
from dxquest.i18n import Msg

from .data import forecast_tasks, load_data

EXERCISES = Exercises("newcase", load_data)
setup = EXERCISES.setup

mean_daily_sales = EXERCISES.question(
    "mean_daily_sales",
    Msg("1日あたりの平均販売数（個）", "mean loaves sold a day"),
    Msg("`sold` 列の平均です。", "The mean of the `sold` column."),
    lambda draw: [(draw.data.sales.copy(),)],
    Number(Msg("1日あたりの平均販売数", "mean loaves sold a day"), 1e-6),
)


def holdout_weeks(draw: Draw) -> list[tuple]:
    return forecast_tasks(draw.data)


def _beats_today(forecasts: list[float], material: dict) -> Msg | None:
    """The learner's MAE on their last weeks below today's practice's (stored by the grader)."""
    actual = np.asarray(material["actual"])
    learner, today = float(np.mean(np.abs(actual - forecasts))), material["baseline_mae"]
    print(f"MAE (last 8 weeks of your data): {learner:.2f}, today {today:.2f}")
    if learner < today:
        return None
    return Msg(
        f"あなたのデータの最後の8週間で、今のやり方（MAE {today:.2f}）に勝てていません"
        f"（あなた: {learner:.2f}）。",
        f"On the last eight weeks of your data you do not beat today's practice "
        f"(MAE {today:.2f}; yours: {learner:.2f}).",
    )


_HINT = Msg(
    "曜日ごとの平均販売数を history から計算し、future の曜日に当てはめましょう。",
    "Compute the mean loaves sold per weekday from history and look up future's weekdays.",
)
_FORECASTS = Predictions(Msg("予測", "the forecast"), lambda args: len(args[1]), _beats_today)

forecast_beats_baseline = EXERCISES.question(
    "forecast_beats_baseline",
    Msg("予測が今のやり方に勝つ", "Forecast beats today's practice"),
    _HINT,
    holdout_weeks,
    _FORECASTS,
    expensive=True,
)
forecast_skill_pass = EXERCISES.question(
    "forecast_skill_pass",
    Msg("予測 skill ≥ 0.5（合格）", "Forecast skill ≥ 0.5 (pass)"),
    _HINT,
    holdout_weeks,
    _FORECASTS,
    expensive=True,
)
