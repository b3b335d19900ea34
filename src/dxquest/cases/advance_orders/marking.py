"""How the grader marks each question of the advance-notice case (grader side only).

Numbers and tables are compared with the reference's on the same inputs; the piece costs a
learner defines must fall in the range the defensible definitions give; the forecast and the plan
are scored on the hidden holdout against the notice as it is and the oracle. See
:mod:`dxquest.marks`.
"""

from __future__ import annotations

from dxquest.cases.advance_orders import reference
from dxquest.cases.advance_orders.business import PRODUCTION_HORIZON, part_facts
from dxquest.cases.advance_orders.declaration import SPEC
from dxquest.cases.advance_orders.evaluation import (
    forecast_figures,
    plan_scores,
    public_outcomes,
    reservation_scores,
)
from dxquest.cases.advance_orders.exercises import covered_failure
from dxquest.cases.advance_orders.exercises import piece_costs as piece_costs_question
from dxquest.i18n import Msg
from dxquest.marks import Expected, Skill, SkillSummary, WithinRanges, ai_task_scores
from dxquest.skill import (
    DISTINCTION_BAND,
    MERIT_BAND,
    PASS_BAND,
    report_metric,
    reporting_each_role,
)

_task_scores = ai_task_scores(SPEC)


def _forecast_scores(truth, predictions_per_task: list) -> dict:
    scores = _task_scores(truth, predictions_per_task)
    # The benchmark's figures besides the skill's, which the mark reports itself: WAPE by
    # horizon, and the share of parts whose error beats the notice's (the program's result).
    forecast = scores["leaderboard"]["predictions"]
    for name, value in forecast_figures(truth, forecast).items():
        report_metric(name if name.startswith("share") else f"forecast_wape_{name}", value)
    return scores


_FORECAST_SUMMARY = SkillSummary(
    Msg("WAPE（加重絶対誤差率）", "WAPE"),
    Msg("内示そのまま", "the notice as it is"),
    Msg("{:.3f}", "{:.3f}"),
)


def _forecast_mark(floor: float) -> Skill:
    return Skill(
        _forecast_scores,
        floor,
        _FORECAST_SUMMARY,
        Msg("予測の", "Forecast"),
        "forecast_wape",
        public_outcomes,
    )


def _plan_scores(truth, plans: list) -> dict:
    scores = plan_scores(truth, plans)
    report_metric("yen_saved_per_year", scores["yen_saved_per_year"])
    return scores


_PLAN_SUMMARY = SkillSummary(
    Msg("計画の過不足の損", "cost of planning errors"),
    Msg("内示そのまま", "the notice as it is"),
    Msg("年 {:,.0f} 円", "¥{:,.0f}/year"),
    lambda scores: Msg(
        f"、削減額 年 {scores['yen_saved_per_year']:,.0f} 円",
        f"; saved ¥{scores['yen_saved_per_year']:,.0f}/year",
    ),
)

_RESERVATION_SUMMARY = SkillSummary(
    Msg(
        "予約の分位点スコア（確定1個あたり）",
        "quantile score of the reservations per piece ordered",
    ),
    Msg("内示に一律の倍率", "the notice times one factor"),
    Msg("{:.4f}", "{:.4f}"),
    lambda scores: Msg(
        f"、確定注文に足りた割合 {scores['learner_covered']:.1%}、確定1個あたりの予約 "
        f"{scores['learner_reserved_per_piece']:.2f} 個",
        f"; covered {scores['learner_covered']:.1%}, "
        f"{scores['learner_reserved_per_piece']:.2f} pieces reserved per piece ordered",
    ),
)


def _reservation_mark(floor: float) -> Skill:
    """The stretch task: reservations covering about nine in ten of the hidden three-month rows,
    and no larger than needed (the skill of their quantile score reaching the band ``floor``)."""
    return Skill(
        reporting_each_role(reservation_scores, "covered", "reservation_covered"),
        floor,
        _RESERVATION_SUMMARY,
        Msg("材料の予約の", "Reservation"),
        "reservation_score",
        public_outcomes,
        condition=lambda scores: covered_failure(
            scores["learner_covered"], Msg("非公開の評価データ", "the hidden holdout")
        ),
    )


MARKS = {
    "monthly_orders": Expected(reference.monthly_orders),
    "notice_wape": Expected(reference.notice_wape),
    "piece_costs": WithinRanges(reference.piece_cost_ranges),
    "error_cost_yen": Expected(reference.error_cost_yen),
    "forecast_beats_notice": _forecast_mark(0.0),
    "forecast_skill_pass": _forecast_mark(PASS_BAND),
    "plan_quantity": Expected(reference.plan_quantity),
    "plan_beats_notice": Skill(
        _plan_scores, 0.0, _PLAN_SUMMARY, Msg("計画の", "Plan"), "plan_cost", public_outcomes
    ),
    "material_reservation_merit": _reservation_mark(MERIT_BAND),
    "material_reservation_distinction": _reservation_mark(DISTINCTION_BAND),
    "business_case": Expected(reference.business_case),
}


def answers_in_text(data) -> dict[str, list[float]]:
    """Figures no question returns that would give answers away in a release's text."""
    rows = reference.with_firm_quantity(data.notices, data.orders, data.parts)
    months = sorted(data.orders["delivery_date"].dt.strftime("%Y-%m").unique())[-12:]
    rows = rows[rows["target_month"].isin(months) & (rows["horizon"] == PRODUCTION_HORIZON)]
    facts = data.parts.set_index("part_id")
    costs = [
        reference.piece_costs(part_facts(facts.loc[p].to_dict() | {"part_id": p}))
        for p in rows["part_id"]
    ]
    over = [c["over"] for c in costs]
    short = [c["short"] for c in costs]
    question = piece_costs_question
    ranges = [
        reference.piece_cost_ranges(*args)
        for args in question.inputs(question.exercises.public_draw)
    ]
    return {
        # 01's As-Is: what planning production from the notice as it is loses a year, in yen
        "annual_notice_cost_yen": [
            reference.error_cost_yen(rows["quantity"], rows["firm"], over, short)
        ],
        # 01's decision: the ends of each defensible range of the self-check's inputs
        "piece_cost_ranges": [end for r in ranges for pair in r.values() for end in pair],
    }
