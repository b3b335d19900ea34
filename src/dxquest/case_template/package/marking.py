"""How the grader marks each question of the newcase case (grader side only)."""

from __future__ import annotations

from dxquest.i18n import Msg
from dxquest.marks import Expected, Skill, SkillSummary, ai_task_scores
from dxquest.skill import PASS_BAND

from . import reference
from .declaration import SPEC
from .evaluation import public_material

_SUMMARY = SkillSummary(
    Msg("平均絶対誤差（MAE）", "MAE"), Msg("現行のやり方", "today"), Msg("{:.2f}", "{:.2f}")
)


def _forecast_mark(floor: float) -> Skill:
    return Skill(
        ai_task_scores(SPEC),
        floor,
        _SUMMARY,
        Msg("予測の", "Forecast"),
        "forecast_mae",
        public_material,
    )


MARKS = {
    "mean_daily_sales": Expected(reference.mean_daily_sales),
    "forecast_beats_baseline": _forecast_mark(0.0),
    "forecast_skill_pass": _forecast_mark(PASS_BAND),
}
