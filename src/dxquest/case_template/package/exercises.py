"""The graded questions of the newcase case, one :class:`~dxquest.exercise.Question` each.

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
"""

from __future__ import annotations

from dxquest.cases.spec import hidden_task_scores, once_per_answer, skill_questions
from dxquest.exercise import expect
from dxquest.i18n import Msg

from . import SPEC, reference
from .evaluation import public_scores

__all__ = ["setup"]

setup = SPEC.setup

mean_daily_sales = SPEC.same_number(
    "ex.mean_daily_sales",
    Msg("1日あたりの平均販売数（個）", "mean loaves sold a day"),
    Msg("`sold` 列の平均です。", "The mean of the `sold` column."),
    reference.mean_daily_sales,
    1e-6,
    lambda data: (data.sales.copy(),),
)


@once_per_answer
def _public_forecast(answer) -> dict[str, float]:
    return public_scores(answer, SPEC.public())


def _public_beats_baseline(answer) -> None:
    scores = _public_forecast(answer)
    print(
        f"MAE (last 8 weeks of your data): {scores['learner']:.2f}, today {scores['baseline']:.2f}"
    )
    expect(
        scores["learner"] < scores["baseline"],
        Msg(
            f"あなたのデータの最後の8週間で、今のやり方（MAE {scores['baseline']:.2f}）に"
            f"勝てていません（あなた: {scores['learner']:.2f}）。",
            f"On the last eight weeks of your data you do not beat today's practice "
            f"(MAE {scores['baseline']:.2f}; yours: {scores['learner']:.2f}).",
        ),
    )


forecast_beats_baseline, forecast_skill_pass = skill_questions(
    ("ex.forecast_beats_baseline", "ex.forecast_skill_pass"),
    (
        Msg("予測が今のやり方に勝つ", "Forecast beats today's practice"),
        Msg("予測 skill ≥ 0.5（合格）", "Forecast skill ≥ 0.5 (pass)"),
    ),
    Msg(
        "曜日ごとの平均販売数を history から計算し、future の曜日に当てはめましょう。",
        "Compute the mean loaves sold per weekday from history and look up future's weekdays.",
    ),
    _public_beats_baseline,
    hidden_task_scores(SPEC, "forecast_mae"),
    lambda s: (
        f"hidden holdout MAE {s['learner']:.2f} (today {s['baseline']:.2f}, "
        f"oracle {s['oracle']:.2f}); skill {s['skill']:.2f}"
    ),
    Msg("予測の", "Forecast"),
)
