"""How the grader marks each question of the demand-forecast case (grader side only).

Numbers, tables and per-row values are compared with the reference's on the same inputs; the
forecaster and the ordering rule are scored on the hidden holdout against today's practice and
the oracle. See :mod:`dxquest.marks`.
"""

from __future__ import annotations

from dxquest.cases.demand_forecast import business, reference
from dxquest.cases.demand_forecast.declaration import SPEC
from dxquest.cases.demand_forecast.evaluation import (
    flyer_scores,
    hidden_ordering_costs,
    public_forecast_material,
    recent_mean_sales,
)
from dxquest.cases.demand_forecast.exercises import (
    FORECAST_PASS_SKILL,
    ORDERING_PASS_SKILL,
    flyer_weeks,
    forecast_weeks,
)
from dxquest.cases.demand_forecast.inventory import critical_ratio
from dxquest.cases.demand_forecast.metrics import wape
from dxquest.exercise import Draw
from dxquest.i18n import Msg
from dxquest.marks import Expected, Skill, SkillSummary, ai_task_scores
from dxquest.skill import DISTINCTION_BAND, MERIT_BAND, reporting_each_role


def business_case(
    as_is: dict, to_be: dict, initial_cost_yen: float, annual_cost_yen: float
) -> dict[str, float]:
    """The pitch's figures: the annual benefit net of the running cost (waste, lost margin and
    ordering hours saved, less ``annual_cost_yen``) and the months it takes to repay the initial
    cost, as every case counts them."""
    benefit = (
        as_is["waste_yen"]
        - to_be["waste_yen"]
        + as_is["lost_margin_yen"]
        - to_be["lost_margin_yen"]
        + (as_is["ordering_hours"] - to_be["ordering_hours"]) * business.MANAGER_HOURLY_COST_YEN
    )
    return {
        "annual_net_benefit_yen": benefit - annual_cost_yen,
        "payback_months": reference.payback_months(benefit, initial_cost_yen, annual_cost_yen),
    }


_FORECAST_SUMMARY = SkillSummary(
    Msg("WAPE", "WAPE"), Msg("前週同曜日の実績（現行）", "same weekday last week")
)
_ORDERING_SUMMARY = SkillSummary(
    Msg("発注コスト", "cost"), Msg("店長の発注", "managers"), Msg("{:,.0f} 円", "¥{:,.0f}")
)


def _ordering_costs(truth, levels: list) -> dict:
    return hidden_ordering_costs(levels, truth)


def _public_weeks(material, weeks=forecast_weeks):
    """``material(data, tasks)`` on the learner's data cut as the questions cut it."""
    return lambda data: material(data, weeks(Draw(lambda: data, 0)))


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


_FLYER_SUMMARY = SkillSummary(
    Msg("在庫の分位点スコア", "quantile score of the stock"),
    Msg("店長の実際の在庫", "managers' own stock"),
    Msg("{:.3f} 個", "{:.3f} units"),
    lambda scores: Msg(
        f"、需要に足りた割合 {scores['learner_in_stock']:.1%}、朝の在庫の平均 "
        f"{scores['learner_mean_units']:.1f} 個",
        f"; covered {scores['learner_in_stock']:.1%}, mean stock "
        f"{scores['learner_mean_units']:.1f} units",
    ),
)


def _flyer_mark(floor: float) -> Skill:
    """The stretch task: flyer stock whose quantile score at the promise's level reaches the band
    ``floor`` (stock short of the promise or far beyond it scores low)."""
    return Skill(
        reporting_each_role(flyer_scores, "in_stock", "flyer_in_stock"),
        floor,
        _FLYER_SUMMARY,
        Msg("チラシ商品の在庫の", "Flyer stock"),
        "flyer_stock",
        _public_weeks(public_forecast_material, flyer_weeks),
    )


# Why the decisions' tolerances are what they are (the kernel side only applies them):
#
# - lost_margin: the learner decides which days are stockout days and what a lost sale costs; the
#   estimate of a stockout day's demand stays stated in the notebook, because sound estimators (a
#   window of recent weeks, the month, the expected demand given a sell-out) move the total by
#   -35 % to +70 %, more than the mistakes that matter (trusting the flag, -37 %; estimating from
#   sold-out days too, +12 %): no range of totals could tell a sound estimate from a wrong one.
# - unit_costs, a unit short (SHORTAGE_TOLERANCE, 1 %): the order simulation loses the day's margin
#   on each unit short, so only rounding may differ; the price (the revenue) or the cost instead
#   are off by 28 % or more on every item of the chain (its markups are 1.28 to 2.0).
# - markdown_sell_through (0.01 per item): a share the records give exactly; dividing the markdown
#   sales by the units ordered, by all the units sold or by the waste instead moves it by 0.55 or
#   more on some item that reaches its last day (public draw and the hidden seed's).
# - unit_costs, a unit left over of an item that keeps one day (ONE_DAY_LEFTOVER_TOLERANCE, 10 %):
#   it costs its unit cost less what the evening markdown recovers on average (sell-through x half
#   the price, a fact of the question). Leaving the markdown out, valuing it at the full price or
#   at the unit cost, or the price in place of the cost are each off by 23 % or more on one fact at
#   least (five draws of the facts on the public and the hidden seed's data; sell-through 0.3 to
#   0.7); one fact has no markdown sales at all.
# - unit_costs, a unit left over of an item that keeps several days (0 up to
#   SEVERAL_DAYS_LEFTOVER_ABOVE, 25 %, above the reference's unit cost / days kept): it goes back on
#   the shelf and sells first the next day, so it is wasted only sometimes. The textbook estimate
#   spreads the cost over the days the item keeps; the simulation that grades the orders rewards
#   lower figures still (the true demand distribution's quantile over four weeks cost 7 to 14 %
#   less with a tenth to a quarter of that estimate than with all of it, on two draws). The whole
#   unit cost (twice the estimate or more) or a negative figure is not sound.
# - stock_level (STOCK_LEVEL_TOLERANCE, one unit): the quantile of a distribution close to the
#   Poisson (a normal approximation, a rounding the other way) lands within one unit of the
#   critical-ratio quantile, while stocking the forecast mean, the other cost's share, one service
#   level for every item, or a loss leader stocked to the top quantile miss by 10 units or more on
#   the hand-made rows.
MARKS = {
    "clean_sales": Expected(reference.clean_sales),
    "annual_waste_cost": Expected(reference.annual_waste_cost),
    "lost_margin": Expected(reference.estimated_lost_margin),
    "ordering_hours": Expected(reference.annual_ordering_hours),
    "wape": Expected(wape),
    "baseline_forecast": Expected(reference.baseline_forecast),
    "forecast_beats_baseline": _forecast_mark(0.0),
    "forecast_skill_pass": _forecast_mark(FORECAST_PASS_SKILL),
    "markdown_sell_through": Expected(reference.markdown_sell_through),
    "unit_costs": Expected(reference.unit_costs),
    "stock_level": Expected(reference.stock_level),
    "orders_beat_managers": _ordering_mark(0.0),
    "orders_skill_pass": _ordering_mark(ORDERING_PASS_SKILL),
    "flyer_stock_merit": _flyer_mark(MERIT_BAND),
    "flyer_stock_distinction": _flyer_mark(DISTINCTION_BAND),
    "business_case": Expected(business_case),
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
        # 03's decision per item (notebook 03 plots the share its learner's unit costs give)
        "critical_ratio_per_item": critical_ratio(
            items["regular_price"],
            items["unit_cost"],
            salvage=reference.markdown_sell_through(sales, items)
            * business.MARKDOWN_PRICE_SHARE
            * items["regular_price"],
            shelf_life_days=items["shelf_life_days"],
        ).tolist(),
    }
