"""How the grader marks each question of the effort-prediction case (grader side only).

Numbers, tables and accuracy measures are compared with the reference's on the same inputs; the
hour costs a learner defines must fall in the range the defensible definitions give; the
estimator and the schedule plan are scored on the hidden holdout against the foreman and the
oracle; the intervals must be honest (coverage) and useful (width against the oracle's). See
:mod:`dxquest.marks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dxquest.cases.effort_prediction import reference
from dxquest.cases.effort_prediction.declaration import SPEC
from dxquest.cases.effort_prediction.evaluation import (
    interval_scores,
    plan_scores,
    promise_scores,
    public_outcomes,
    scored_rows,
)
from dxquest.cases.effort_prediction.exercises import coverage_failure, kept_failure
from dxquest.exercise import Draw, Question
from dxquest.i18n import Msg
from dxquest.marks import (
    Expected,
    Skill,
    SkillSummary,
    Verdict,
    WithinRanges,
    ai_task_scores,
    read_outputs,
)
from dxquest.skill import DISTINCTION_BAND, MERIT_BAND, report_metric, reporting_each_role

MAX_WIDTH_OVER_ORACLE = 1.5
"""Intervals may be at most this much wider on average than the oracle's exact ones."""


_ESTIMATE_SUMMARY = SkillSummary(
    Msg("平均絶対誤差（MAE）", "MAE"),
    Msg("職長の見積もり", "foreman"),
    Msg("{:.2f} 時間", "{:.2f} h"),
)


def _estimate_mark(floor: float) -> Skill:
    return Skill(
        ai_task_scores(SPEC, scored_rows),
        floor,
        _ESTIMATE_SUMMARY,
        Msg("工数予測の", "Estimate"),
        "estimate_mae",
        public_outcomes,
    )


def _plan_scores(truth, plans: list) -> dict:
    scores = plan_scores(truth, plans)
    # The benchmark's business figures besides the skill's, which the mark reports itself.
    report_metric("hours_saved_per_month", scores["hours_saved_per_month"])
    for role in ("learner", "baseline", "oracle"):
        report_metric(
            f"overtime_idle_hours_{role}",
            scores[f"{role}_overtime_hours"] + scores[f"{role}_idle_hours"],
        )
    return scores


_PLAN_SUMMARY = SkillSummary(
    Msg("残業と手待ちのコスト", "overtime + idle cost"),
    Msg("職長の予定", "foreman's plan"),
    Msg("月 {:,.0f} 円", "¥{:,.0f}/month"),
    lambda scores: Msg(
        f"、削減時間 月 {scores['hours_saved_per_month']:.0f} 時間",
        f"; hours saved {scores['hours_saved_per_month']:.0f} h/month",
    ),
)


def _plan_mark(floor: float) -> Skill:
    return Skill(
        _plan_scores,
        floor,
        _PLAN_SUMMARY,
        Msg("計画の", "Plan"),
        "plan_cost",
        public_outcomes,
    )


_PROMISE_SUMMARY = SkillSummary(
    Msg("約束の分位点スコア", "quantile score of the promises"),
    Msg("職長の見積もりに一律の倍率", "foreman's estimate times one factor"),
    Msg("{:.3f} 時間", "{:.3f} h"),
    lambda scores: Msg(
        f"、約束の時間内に終わった割合 {scores['learner_kept']:.1%}、約束の平均 "
        f"{scores['learner_mean_hours']:.2f} 時間",
        f"; kept {scores['learner_kept']:.1%}, mean promise {scores['learner_mean_hours']:.2f} h",
    ),
)


def _promise_mark(floor: float) -> Skill:
    """The stretch task: promises kept on about 95 % of hidden jobs, and short (the skill of their
    quantile score reaching the band ``floor``)."""
    return Skill(
        reporting_each_role(promise_scores, "kept", "promise_kept"),
        floor,
        _PROMISE_SUMMARY,
        Msg("約束する時間の", "Promise"),
        "promise_score",
        public_outcomes,
        condition=lambda scores: kept_failure(
            scores["learner_kept"], Msg("非公開の評価データ", "the hidden holdout")
        ),
    )


@dataclass(frozen=True)
class HonestIntervals:
    """80 % intervals on the hidden holdout: the share of jobs inside them within
    :data:`~.exercises.COVERAGE_RANGE` (honest), and their mean width at most ``max_width``
    times the oracle's exact intervals' (useful: a wide interval is often right but plans
    nothing)."""

    max_width: float

    def public_material(self, question: Question, draw: Draw, salt: str) -> dict:
        return public_outcomes(draw.data)

    def judge(
        self, question: Question, args_list: list[tuple], outputs: list, truth: Any
    ) -> Verdict:
        bounds, refused = read_outputs(outputs, args_list, question.kind.read)
        if refused is not None:
            return refused
        scores = interval_scores(truth, bounds)
        for key, value in scores.items():
            report_metric(f"interval_{key}", value)
        summary = Msg(
            f"非公開の評価データでの区間: 実績が区間に入った割合 {scores['coverage']:.0%}、"
            f"平均の幅 {scores['width']:.2f} 時間"
            f"（理論上の最善 {scores['oracle_width']:.2f} 時間）",
            f"hidden holdout: coverage {scores['coverage']:.0%}, mean width "
            f"{scores['width']:.2f} h (best possible {scores['oracle_width']:.2f} h)",
        )
        limit = self.max_width * scores["oracle_width"]
        failure = coverage_failure(scores["coverage"], Msg("非公開データ", "the hidden holdout"))
        if failure is None and scores["width"] > limit:
            failure = Msg(
                f"区間の平均幅 {scores['width']:.2f} 時間が広すぎます（上限 {limit:.2f} 時間）。"
                "幅の広い区間は当たりやすくても、計画には使えません。",
                f"The mean interval width {scores['width']:.2f} h is too wide (limit "
                f"{limit:.2f} h): wide intervals are often right but useless for planning.",
            )
        return Verdict(failure is None, failure, summary)


MARKS = {
    "clean_jobs": Expected(reference.clean_jobs),
    "foreman_mae": Expected(reference.foreman_mae),
    "monthly_overtime_idle_hours": Expected(reference.monthly_overtime_idle_hours),
    "hour_costs": WithinRanges(reference.hour_cost_ranges),
    "accuracy_metrics": Expected(reference.accuracy_metrics),
    "estimate_beats_foreman": _estimate_mark(0.0),
    "estimate_skill_pass": _estimate_mark(0.5),
    "interval_coverage": HonestIntervals(MAX_WIDTH_OVER_ORACLE),
    "plan_beats_foreman": _plan_mark(0.0),
    "plan_skill_pass": _plan_mark(0.5),
    "booking_quantile": Expected(reference.booking_quantile),
    "delivery_promise_merit": _promise_mark(MERIT_BAND),
    "delivery_promise_distinction": _promise_mark(DISTINCTION_BAND),
    "business_case": Expected(reference.business_case),
}


def answers_in_text(data) -> dict[str, list[float]]:
    """Figures no question returns that would give answers away in a release's text: what the
    last 12 months' overtime and idle time lose a month at the grader's hour costs (01)."""
    costs = reference.hour_costs(reference.business.COST_FACTS)
    return {"monthly_loss_yen": [reference.monthly_loss_yen(data.attendance, costs)]}
