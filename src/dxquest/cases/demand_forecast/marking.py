"""How the grader marks each question of the demand-forecast case (grader side only).

Numbers, tables and per-row values are compared with the reference's on the same inputs; the
forecaster and the ordering rule are scored on the hidden holdout against today's practice and
the oracle. See :mod:`dxquest.marks`.
"""

from __future__ import annotations

from dxquest.cases.demand_forecast import business, reference
from dxquest.cases.demand_forecast.declaration import SPEC
from dxquest.cases.demand_forecast.evaluation import (
    hidden_ordering_costs,
    public_forecast_material,
    recent_mean_sales,
)
from dxquest.cases.demand_forecast.exercises import (
    FORECAST_PASS_SKILL,
    ORDERING_PASS_SKILL,
    forecast_weeks,
)
from dxquest.cases.demand_forecast.inventory import critical_ratio
from dxquest.cases.demand_forecast.metrics import wape
from dxquest.exercise import Draw
from dxquest.i18n import Msg
from dxquest.marks import Expected, Skill, SkillSummary, ai_task_scores


def annual_benefit(as_is: dict, to_be: dict) -> float:
    return (
        as_is["waste_yen"]
        - to_be["waste_yen"]
        + as_is["lost_margin_yen"]
        - to_be["lost_margin_yen"]
        + (as_is["ordering_hours"] - to_be["ordering_hours"]) * business.MANAGER_HOURLY_COST_YEN
    )


_FORECAST_SUMMARY = SkillSummary(
    Msg("WAPE", "WAPE"), Msg("前週同曜日の実績（現行）", "same weekday last week")
)
_ORDERING_SUMMARY = SkillSummary(
    Msg("発注コスト", "cost"), Msg("店長の発注", "managers"), Msg("{:,.0f} 円", "¥{:,.0f}")
)


def _ordering_costs(truth, levels: list) -> dict:
    return hidden_ordering_costs(levels, truth)


def _public_weeks(material):
    """``material(data, tasks)`` on the learner's data cut as the questions cut it."""
    return lambda data: material(data, forecast_weeks(Draw(lambda: data, 0)))


def _forecast_mark(floor: float) -> Skill:
    return Skill(
        ai_task_scores(SPEC),
        floor,
        _FORECAST_SUMMARY,
        Msg("予測の", "Forecast"),
        "forecast_wape",
        _public_weeks(public_forecast_material),
    )


def _ordering_mark(floor: float) -> Skill:
    return Skill(
        _ordering_costs,
        floor,
        _ORDERING_SUMMARY,
        Msg("発注コストの", "Ordering cost"),
        "ordering_cost",
        _public_weeks(recent_mean_sales),
    )


MARKS = {
    "clean_sales": Expected(reference.clean_sales),
    "annual_waste_cost": Expected(reference.annual_waste_cost),
    "lost_margin": Expected(reference.estimated_lost_margin),
    "ordering_hours": Expected(reference.annual_ordering_hours),
    "wape": Expected(wape),
    "baseline_forecast": Expected(reference.baseline_forecast),
    "forecast_beats_baseline": _forecast_mark(0.0),
    "forecast_skill_pass": _forecast_mark(FORECAST_PASS_SKILL),
    "critical_ratio": Expected(critical_ratio),
    "orders_beat_managers": _ordering_mark(0.0),
    "orders_skill_pass": _ordering_mark(ORDERING_PASS_SKILL),
    "annual_benefit": Expected(annual_benefit),
    "payback_months": Expected(reference.payback_months),
}


def answers_in_text(data) -> dict[str, list[float]]:
    """Figures no question returns that would give answers away in a release's text."""
    sales, items = data.sales.copy(), data.items.copy()
    waste = reference.annual_waste_cost(sales, items)
    lost = reference.estimated_lost_margin(sales, items)
    hours = reference.annual_ordering_hours(data.ordering_log.copy())
    return {
        # 01's KPI and the pitch's As-Is: what today's ordering loses a year, in yen
        "annual_loss_yen": [waste + lost],
        "ordering_cost_yen": [hours * business.MANAGER_HOURLY_COST_YEN],
        # 03's decision per item (notebook 03 applies the learner's function to the item table)
        "critical_ratio_per_item": critical_ratio(
            items["regular_price"], items["unit_cost"]
        ).tolist(),
    }
