"""The graded questions of the newcase case (kernel side: nothing here knows an answer).

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``; the
grader marks the outputs with :mod:`.marking`.
"""

from __future__ import annotations

import numpy as np

from dxquest.answers import Number, Predictions
from dxquest.exercise import Draw, Exercises
from dxquest.hints import Hints
from dxquest.i18n import Msg

from .data import forecast_tasks, load_data

EXERCISES = Exercises("newcase", load_data)
setup = EXERCISES.setup

mean_daily_sales = EXERCISES.question(
    "mean_daily_sales",
    Msg("1日あたりの平均販売数（個）", "mean loaves sold a day"),
    # Hints climb from a nudge to the idea to a worked step on made-up numbers, never the answer.
    Hints(
        nudge=Msg(
            "sales の1行は何を表していますか。1日1行なら、どの列の平均が答えでしょうか。",
            "What does one row of sales stand for? If it is one day, which column's mean is the "
            "answer?",
        ),
        idea=Msg(
            "1日あたりの平均は、販売数の合計を日数で割ったもの、つまり販売数の列の平均です。",
            "Loaves a day is the total sold divided by the number of days: the mean of the sold "
            "column.",
        ),
        worked_step=Msg(
            "例（架空）：3日間で 40・55・43個 売れたなら、1日あたり "
            "(40 ＋ 55 ＋ 43) ÷ 3 ＝ 46個 です。",
            "Example (made up): 40, 55 and 43 loaves sold in three days make "
            "(40 + 55 + 43) ÷ 3 = 46 loaves a day.",
        ),
    ),
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


_HINTS = Hints(
    nudge=Msg(
        "販売数は曜日で変わりませんか。history を曜日ごとに分けて見てみましょう。",
        "Do sales change with the weekday? Look at history one weekday at a time.",
    ),
    idea=Msg(
        "曜日ごとの平均販売数を history から求め、future の各日に、その日の曜日の平均を"
        "当てはめます。",
        "Take the mean loaves sold per weekday in history, and give each day of future the mean "
        "of its weekday.",
    ),
    worked_step=Msg(
        "例（架空）：これまでの月曜日に 30・34・32個 売れていれば、来週の月曜日の予測は "
        "32個 です。",
        "Example (made up): past Mondays sold 30, 34 and 32 loaves, so next Monday's forecast is "
        "32.",
    ),
)
_FORECASTS = Predictions(Msg("予測", "the forecast"), lambda args: len(args[1]), _beats_today)

forecast_beats_baseline = EXERCISES.question(
    "forecast_beats_baseline",
    Msg("予測が今のやり方を上回る", "Forecast beats today's practice"),
    _HINTS,
    holdout_weeks,
    _FORECASTS,
    expensive=True,
)
forecast_skill_pass = EXERCISES.question(
    "forecast_skill_pass",
    Msg("予測の改善到達度 ≥ 0.5（合格）", "Forecast skill ≥ 0.5 (pass)"),
    _HINTS,
    holdout_weeks,
    _FORECASTS,
    expensive=True,
)
