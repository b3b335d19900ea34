"""The graded questions of the effort-prediction case, one :class:`~dxquest.exercise.Question` each.

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
Answers are functions, so hidden checks can call them on the cohort's hidden data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.effort_prediction import SPEC, metrics, reference
from dxquest.cases.effort_prediction.business import (
    HOURLY_COST_YEN,
    OVERTIME_COST_YEN,
    SYSTEM_INITIAL_COST_YEN,
    SYSTEM_MONTHLY_COST_YEN,
)
from dxquest.cases.effort_prediction.data import holdout_cutoff, holdout_windows
from dxquest.cases.effort_prediction.evaluation import (
    estimate_scores,
    interval_scores,
    plan_scores,
)
from dxquest.cases.spec import hidden_task_scores, once_per_answer, skill_questions
from dxquest.exercise import (
    Question,
    call_learner,
    expect,
    expect_close,
    payback_checks,
    report_metric,
)
from dxquest.i18n import Msg
from dxquest.skill import report_scores

__all__ = ["setup"]

COVERAGE_RANGE = (0.70, 0.90)
"""An honest 80 % interval covers about 80 % of jobs; this much sampling slack is allowed."""
MAX_WIDTH_OVER_ORACLE = 1.5
"""Intervals may be at most this much wider on average than the oracle's exact ones."""

setup = SPEC.setup
_public = SPEC.public
hidden_data = SPEC.hidden_data


def _public_window(data) -> list:
    """The learner's check window: the last six months of their own data."""
    return [(holdout_cutoff(data), None)]


# ---------------------------------------------------------------- 01 business problem


def _check_clean(data):
    def checks(answer):
        jobs = data().jobs
        cleaned = call_learner(answer, jobs.copy())
        expected = reference.clean_jobs(jobs)
        expect(
            hasattr(cleaned, "columns"), Msg("DataFrame を返してください。", "Return a DataFrame.")
        )
        expect(
            "job_id" in cleaned.columns and "actual_hours" in cleaned.columns,
            Msg(
                "元の列（job_id, actual_hours など）を残してください。",
                "Keep the original columns (job_id, actual_hours, ...).",
            ),
        )
        expect(
            not cleaned["job_id"].duplicated().any(),
            Msg("同じ job_id の行が残っています。", "Rows with the same job_id remain."),
        )
        expect(
            cleaned["actual_hours"].notna().all(),
            Msg(
                "実績工数のない行（キャンセルされた仕事）が残っています。",
                "Rows without actual hours (cancelled jobs) remain.",
            ),
        )
        expect(
            len(cleaned) == len(expected),
            Msg(
                f"行数が違います（あなた: {len(cleaned):,}）。消しすぎていないか確認しましょう。",
                f"Wrong number of rows (yours: {len(cleaned):,}). Did you drop too many?",
            ),
        )

    return checks


clean_jobs = Question(
    "ex.clean_jobs",
    Msg("仕事データのクレンジング", "Cleaning the job export"),
    Msg(
        "`duplicated()` で完全に同じ行を探し、`status` 列の値を `value_counts()` で確かめましょう"
        "（キャンセルされた仕事には実績工数がありません）。",
        "Look for exact duplicate rows with `duplicated()` and check the values of `status` with "
        "`value_counts()` (cancelled jobs have no actual hours).",
    ),
    _check_clean(_public),
    _check_clean(hidden_data),
)

foreman_mae = SPEC.same_number(
    "ex.foreman_mae",
    Msg("直近1年の職長の見積もりの平均絶対誤差（時間）", "MAE of the foreman's estimates (hours)"),
    Msg(
        "クレンジングした仕事のうち、開始日が直近365日（最終日を含む）のものについて、"
        "|actual_hours − foreman_estimate_hours| の平均をとります。",
        "Over the cleaned jobs that started in the last 365 days (the last date included), take "
        "the mean of |actual_hours − foreman_estimate_hours|.",
    ),
    reference.foreman_mae,
    0.005,
    lambda d: (d.jobs.copy(),),
)

monthly_overtime_idle_hours = SPEC.same_number(
    "ex.monthly_overtime_idle_hours",
    Msg("月あたりの残業＋手待ち時間（時間）", "overtime plus idle hours a month"),
    Msg(
        "attendance の最後の12か月について overtime_hours と idle_hours を合計し、12（か月）で割ります。",
        "Over the last 12 months of attendance, add up overtime_hours and idle_hours and divide "
        "by 12 (months).",
    ),
    reference.monthly_overtime_idle_hours,
    0.005,
    lambda d: (d.attendance.copy(),),
)

monthly_loss_yen = SPEC.same_number(
    "ex.monthly_loss_yen",
    Msg("月あたりの残業・手待ちの費用（円）", "monthly cost of overtime and idle time (yen)"),
    Msg(
        f"残業は1時間 {OVERTIME_COST_YEN:,} 円（割増賃金と工場の運転費）、手待ちは1時間 "
        f"{HOURLY_COST_YEN:,} 円（仕事をしていない時間の賃金）です。最後の12か月の月平均を求めます。",
        f"An overtime hour costs {OVERTIME_COST_YEN:,} yen (premium wage and running the plant), "
        f"an idle hour {HOURLY_COST_YEN:,} yen (wages with nothing produced). Take the monthly "
        "mean over the last 12 months.",
    ),
    reference.monthly_loss_yen,
    0.005,
    lambda d: (d.attendance.copy(),),
)

# ---------------------------------------------------------------- 02 estimation trial

_METRIC_KEYS = ("mae", "mdae", "pred25", "sa", "mmre")
_METRIC_CASES = [
    (np.array([2.0, 4.0, 10.0, 1.0]), np.array([2.5, 4.9, 13.0, 1.0])),
    (np.array([8.0, 1.5, 3.0, 30.0, 5.0]), np.array([6.0, 2.0, 3.5, 20.0, 5.0])),
]


def _expected_metrics(actual, estimate) -> dict[str, float]:
    return {
        "mae": metrics.mae(actual, estimate),
        "mdae": metrics.mdae(actual, estimate),
        "pred25": metrics.pred(actual, estimate, 0.25),
        "sa": metrics.standardised_accuracy(actual, estimate),
        "mmre": metrics.mmre(actual, estimate),
    }


_METRIC_NAMES = {
    "mae": Msg("MAE（平均絶対誤差）", "MAE"),
    "mdae": Msg("MdAE（絶対誤差の中央値）", "median absolute error"),
    "pred25": Msg("PRED(25)", "PRED(25)"),
    "sa": Msg("SA（標準化精度）", "standardised accuracy (SA)"),
    "mmre": Msg("MMRE", "MMRE"),
}


def _check_metrics(cases):
    def checks(answer):
        for actual, estimate in cases():
            got = call_learner(answer, actual.copy(), estimate.copy())
            expect(
                isinstance(got, dict) and set(_METRIC_KEYS) <= set(got),
                Msg(
                    f"キー {list(_METRIC_KEYS)} をもつ dict を返してください。",
                    f"Return a dict with the keys {list(_METRIC_KEYS)}.",
                ),
            )
            for key, value in _expected_metrics(actual, estimate).items():
                expect_close(got[key], value, 1e-6, _METRIC_NAMES[key])

    return checks


def _random_metric_cases():
    rng = np.random.default_rng(17)
    out = []
    for n in (40, 200, 7):
        actual = np.round(np.exp(rng.normal(1.3, 0.9, n)) * 4) / 4 + 0.25
        out.append((actual, actual * np.exp(rng.normal(0.05, 0.4, n))))
    return out


accuracy_metrics = Question(
    "ex.accuracy_metrics",
    Msg("見積もり精度の指標", "Accuracy measures of estimates"),
    Msg(
        "PRED(25) は |実績 − 予測| ≤ 0.25 × 実績 の仕事の割合（実績を基準に）。SA = 1 − MAE ÷ "
        "（ランダムな推測の MAE）で、ランダムな推測の MAE は、すべての異なる2件の組 (i, j) について "
        "|実績_i − 実績_j| を平均したものです。MMRE は |実績 − 予測| ÷ 実績 の平均。",
        "PRED(25) is the share of jobs with |actual − estimate| ≤ 0.25 × actual (relative to the "
        "actual). SA = 1 − MAE ÷ (MAE of random guessing), where random guessing's MAE is the mean "
        "of |actual_i − actual_j| over all pairs of different jobs (i, j). MMRE is the mean of "
        "|actual − estimate| ÷ actual.",
    ),
    _check_metrics(lambda: _METRIC_CASES),
    _check_metrics(_random_metric_cases),
)

_hidden_estimate = hidden_task_scores(SPEC, "estimate_mae")


@once_per_answer
def _public_estimate(answer) -> dict[str, float]:
    data = _public()
    return estimate_scores(answer, data, _public_window(data), False)


def _public_beats_foreman(answer):
    scores = _public_estimate(answer)
    print(
        f"MAE (last 6 months of your data): {scores['learner']:.2f} h, "
        f"foreman {scores['baseline']:.2f} h"
    )
    expect(
        scores["learner"] < scores["baseline"],
        Msg(
            f"あなたのデータの最後の6か月で、職長の見積もり（MAE {scores['baseline']:.2f} 時間）に"
            f"勝てていません（あなた: {scores['learner']:.2f} 時間）。",
            f"On the last six months of your data you do not beat the foreman "
            f"(MAE {scores['baseline']:.2f} h; yours: {scores['learner']:.2f} h).",
        ),
    )


_ESTIMATE_HINT = Msg(
    "積算基準の標準工数（`standard_hours`）を特徴量にし、目的変数を log(実績 ÷ 標準工数) に"
    "しましょう。外れ値（故障・刷り直し）に強い損失（huber か l1）で、機械・紙・オペレーター・"
    "新規客・リピート・月・オペレーターの経験月数も特徴量に。",
    "Use the costing sheet's standard hours (`standard_hours`) as features and model "
    "log(actual ÷ standard). Use a loss robust to breakdowns and reprints (huber or l1), and "
    "add machine, paper, operator, new customer, repeat order, month and the operator's months "
    "of experience.",
)
estimate_beats_foreman, estimate_skill_pass = skill_questions(
    ("ex.estimate_beats_foreman", "ex.estimate_skill_pass"),
    (
        Msg("工数予測が職長の見積もりに勝つ", "Estimates beat the foreman's"),
        Msg("工数予測 skill ≥ 0.5（合格）", "Estimate skill ≥ 0.5 (pass)"),
    ),
    _ESTIMATE_HINT,
    _public_beats_foreman,
    _hidden_estimate,
    lambda s: (
        f"hidden holdout MAE {s['learner']:.2f} h (foreman {s['baseline']:.2f} h, "
        f"oracle {s['oracle']:.2f} h); skill {s['skill']:.2f}"
    ),
    Msg("工数予測の", "Estimate"),
)


def _coverage_ok(scores: dict[str, float], where: Msg) -> None:
    low, high = COVERAGE_RANGE
    expect(
        low <= scores["coverage"] <= high,
        Msg(
            f"{where.ja}で80%予測区間に入った仕事の割合が {scores['coverage']:.0%} です。"
            f"{low:.0%}〜{high:.0%} になるように下限・上限の分位点を見直しましょう。",
            f"On {where.en}, {scores['coverage']:.0%} of jobs fall inside your 80% intervals; "
            f"revise the quantiles so that {low:.0%}–{high:.0%} do.",
        ),
    )


@once_per_answer
def _public_interval_scores(answer) -> dict[str, float]:
    data = _public()
    return interval_scores(answer, data, _public_window(data), False)


def _public_interval(answer):
    scores = _public_interval_scores(answer)
    print(
        f"80% interval coverage (last 6 months of your data): {scores['coverage']:.0%}, "
        f"mean width {scores['width']:.2f} h"
    )
    _coverage_ok(scores, Msg("あなたのデータの最後の6か月", "the last six months of your data"))


@once_per_answer
def _hidden_interval_scores(answer) -> dict[str, float]:
    data = hidden_data()
    scores = interval_scores(answer, data, holdout_windows(data), True)
    for key in ("coverage", "width", "oracle_width", "oracle_coverage"):
        report_metric(f"interval_{key}", scores[key])
    return scores


def _hidden_interval(answer):
    scores = _hidden_interval_scores(answer)
    print(
        f"hidden holdout: coverage {scores['coverage']:.0%}, mean width {scores['width']:.2f} h "
        f"(oracle {scores['oracle_width']:.2f} h)"
    )
    _coverage_ok(scores, Msg("非公開データ", "the hidden holdout"))
    limit = MAX_WIDTH_OVER_ORACLE * scores["oracle_width"]
    expect(
        scores["width"] <= limit,
        Msg(
            f"区間の平均幅 {scores['width']:.2f} 時間が広すぎます（上限 {limit:.2f} 時間）。"
            "幅の広い区間は当たりやすくても、計画には使えません。",
            f"The mean interval width {scores['width']:.2f} h is too wide (limit {limit:.2f} h): "
            "wide intervals are often right but useless for planning.",
        ),
    )


interval_coverage = Question(
    "ex.interval_coverage",
    Msg("80%予測区間", "80% prediction intervals"),
    Msg(
        "LightGBM の `objective='quantile'` で alpha=0.1 と alpha=0.9 のモデルを作り、下限と上限に"
        "します（目的変数は点予測と同じ log(実績 ÷ 標準工数) で構いません）。",
        "Fit LightGBM with `objective='quantile'` at alpha=0.1 and alpha=0.9 for the lower and "
        "upper bounds (the same target log(actual ÷ standard) as the point estimate works).",
    ),
    _public_interval,
    _hidden_interval,
)

# ---------------------------------------------------------------- 03 schedule and operations


@once_per_answer
def _hidden_plan(answer) -> dict[str, float]:
    data = hidden_data()
    scores = plan_scores(answer, data, holdout_windows(data), True)
    report_scores("plan_cost", scores)
    report_metric("hours_saved_per_month", scores["hours_saved_per_month"])
    for role in ("learner", "baseline", "oracle"):
        report_metric(
            f"overtime_idle_hours_{role}",
            scores[f"{role}_overtime_hours"] + scores[f"{role}_idle_hours"],
        )
    return scores


@once_per_answer
def _public_plan(answer) -> dict[str, float]:
    data = _public()
    return plan_scores(answer, data, _public_window(data), False)


def _public_plan_beats_foreman(answer):
    s = _public_plan(answer)
    print(
        f"last 6 months of your data: overtime + idle cost ¥{s['learner']:,.0f}/month "
        f"(foreman's plan ¥{s['baseline']:,.0f}); hours saved {s['hours_saved_per_month']:.0f} h/month"
    )
    expect(
        s["learner"] < s["baseline"],
        Msg(
            f"あなたのデータの最後の6か月で、残業＋手待ちの費用が職長の計画（月 ¥{s['baseline']:,.0f}）"
            f"より下がっていません（あなた: 月 ¥{s['learner']:,.0f}）。",
            f"On the last six months of your data, overtime plus idle cost is not below the "
            f"foreman's plan (¥{s['baseline']:,.0f}/month; yours: ¥{s['learner']:,.0f}/month).",
        ),
    )


_PLAN_HINT = Msg(
    "残業1時間は手待ち1時間より高いので、予測の中央値ではなく少し上（分位点 "
    "`business.PLAN_QUANTILE`）で枠を取ります。`objective='quantile'` の alpha にその値を使うか、"
    "02 の予測区間から中央値と上限の間をとりましょう。",
    "An hour of overtime costs more than an hour of idle time, so book slightly above the "
    "median: the quantile `business.PLAN_QUANTILE`. Use it as alpha of `objective='quantile'`, "
    "or take a point between the median and the upper bound of your interval from 02.",
)
plan_beats_foreman, plan_skill_pass = skill_questions(
    ("ex.plan_beats_foreman", "ex.plan_skill_pass"),
    (
        Msg("計画の残業・手待ち費用が職長の計画より低い", "Plan costs less than the foreman's"),
        Msg("計画 skill ≥ 0.5（合格）", "Plan skill ≥ 0.5 (pass)"),
    ),
    _PLAN_HINT,
    _public_plan_beats_foreman,
    _hidden_plan,
    lambda s: (
        f"hidden holdout overtime + idle cost ¥{s['learner']:,.0f}/month (foreman's plan "
        f"¥{s['baseline']:,.0f}, oracle ¥{s['oracle']:,.0f}); skill {s['skill']:.2f}; "
        f"hours saved {s['hours_saved_per_month']:.0f} h/month"
    ),
    Msg("計画の", "Plan"),
)


def _plans_frame(data, windows, planned_from) -> pd.DataFrame:
    """Actual hours, the foreman's estimates and some other plan of the completed jobs in
    ``windows``: the input ``hours_saved_per_month`` receives."""
    jobs = reference.clean_jobs(data.jobs)
    first = windows[0][0]
    jobs = jobs[jobs["start_date"] >= first].reset_index(drop=True)
    return pd.DataFrame(
        {
            "job_id": jobs["job_id"],
            "start_date": jobs["start_date"],
            "actual_hours": jobs["actual_hours"],
            "foreman_estimate_hours": jobs["foreman_estimate_hours"],
            "planned_hours": planned_from(jobs),
        }
    )


def _check_saved(data, planned_from):
    def checks(answer):
        d = data()
        windows = holdout_windows(d) if d.truth is not None else _public_window(d)
        plans = _plans_frame(d, windows, planned_from)
        expect_close(
            call_learner(answer, plans.copy()),
            reference.hours_saved_per_month(plans),
            1e-6,
            Msg("月あたりの削減時間", "hours saved a month"),
        )

    return checks


def _noisy_plan(jobs: pd.DataFrame) -> np.ndarray:
    rng = np.random.default_rng(23)
    return np.round(jobs["actual_hours"].to_numpy() * np.exp(rng.normal(0.05, 0.2, len(jobs))), 2)


hours_saved_per_month = Question(
    "ex.hours_saved_per_month",
    Msg("月あたりの残業＋手待ちの削減時間", "Overtime plus idle hours saved a month"),
    Msg(
        "仕事ごとに、職長の計画の残業＋手待ちは |実績 − 職長の見積もり|、新しい計画では "
        "|実績 − planned_hours| です。その差の合計を、start_date の月の数で割ります。",
        "Per job, the foreman's plan costs |actual − foreman's estimate| hours of overtime plus "
        "idle time, the new plan |actual − planned_hours|. Divide the difference of the totals "
        "by the number of months of start_date.",
    ),
    _check_saved(_public, lambda jobs: jobs["foreman_estimate_hours"].to_numpy() * 0.8 + 1.0),
    _check_saved(hidden_data, _noisy_plan),
)

# ---------------------------------------------------------------- 04 executive pitch

_BENEFIT_CASES = [
    (
        {"overtime_hours": 180.0, "idle_hours": 120.0},
        {"overtime_hours": 60.0, "idle_hours": 70.0},
    ),
]


def _check_benefit(cases):
    def checks(answer):
        for as_is, to_be in cases():
            expect_close(
                call_learner(answer, dict(as_is), dict(to_be)),
                reference.annual_benefit_yen(as_is, to_be),
                1e-6,
                Msg("年間効果額", "annual benefit"),
            )

    return checks


def _random_benefit_cases():
    rng = np.random.default_rng(29)
    keys = ("overtime_hours", "idle_hours")
    return [
        (
            dict(zip(keys, rng.uniform(50, 400, 2), strict=True)),
            dict(zip(keys, rng.uniform(20, 200, 2), strict=True)),
        )
        for _ in range(3)
    ]


annual_benefit = Question(
    "ex.annual_benefit",
    Msg("年間効果額（円）", "Annual benefit (yen)"),
    Msg(
        "月あたりの効果 = 残業の減少 × business.OVERTIME_COST_YEN + 手待ちの減少 × "
        "business.HOURLY_COST_YEN。年間はその12倍です。",
        "Monthly benefit = fewer overtime hours × business.OVERTIME_COST_YEN + fewer idle hours "
        "× business.HOURLY_COST_YEN; the annual benefit is 12 times that.",
    ),
    _check_benefit(lambda: _BENEFIT_CASES),
    _check_benefit(_random_benefit_cases),
)


payback_months = Question(
    "ex.payback_months",
    Msg("投資回収期間（月）", "Payback period (months)"),
    Msg(
        "月あたりの正味効果 = 年間効果 ÷ 12 − 月額運用費。回収期間 = 初期費用 ÷ 月あたりの正味効果。",
        "Net monthly benefit = annual benefit ÷ 12 − monthly running cost; payback = initial "
        "cost ÷ net monthly benefit.",
    ),
    payback_checks(
        reference.payback_months, [(9e6, SYSTEM_INITIAL_COST_YEN, SYSTEM_MONTHLY_COST_YEN)]
    ),
    payback_checks(
        reference.payback_months, [(3e6, 5e6, 1e5), (0.9e6, 4e6, 80_000), (24e6, 6e6, 2.5e5)]
    ),
)
