"""How the grader marks each question of the newcase case (grader side only)."""

from __future__ import annotations

from dxquest.i18n import Msg
from dxquest.marks import Expected, Skill, ai_task_scores
from dxquest.skill import PASS_BAND

from . import reference
from .declaration import SPEC
from .evaluation import public_material


def _summary(scores: dict) -> str:
    return (
        f"hidden holdout MAE {scores['learner']:.2f} (today {scores['baseline']:.2f}, "
        f"oracle {scores['oracle']:.2f}); skill {scores['skill']:.2f}"
    )


def _forecast_mark(floor: float) -> Skill:
    return Skill(
        ai_task_scores(SPEC),
        floor,
        _summary,
        Msg("予測の", "Forecast"),
        "forecast_mae",
        public_material,
    )


MARKS = {
    "mean_daily_sales": Expected(reference.mean_daily_sales),
    "forecast_beats_baseline": _forecast_mark(0.0),
    "forecast_skill_pass": _forecast_mark(PASS_BAND),
}
