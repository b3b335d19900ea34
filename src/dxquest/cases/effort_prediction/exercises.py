"""The graded questions of the effort-prediction case (kernel side: nothing here knows an answer).

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
Answers are functions, so hidden checks can call them on the cohort's hidden inputs; the grader
marks the outputs with the case's ``marking`` module.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dxquest.answers import Figures, Incorrect, Number, Predictions, Table, expect
from dxquest.cases.effort_prediction.business import (
    HOURLY_COST_YEN,
    OVERTIME_COST_YEN,
    SYSTEM_INITIAL_COST_YEN,
    SYSTEM_MONTHLY_COST_YEN,
)
from dxquest.cases.effort_prediction.data import (
    estimation_task,
    future_outcomes,
    holdout_cutoff,
    holdout_tasks,
    load_data,
)
from dxquest.cases.effort_prediction.schedule import plan_cost_yen
from dxquest.exercise import Draw, Exercises
from dxquest.i18n import Msg
from dxquest.synth.printing_tables import RESULT_COLUMNS, TICKET_COLUMNS

EXERCISES = Exercises("effort_prediction", load_data)
setup = EXERCISES.setup
ask = EXERCISES.question

# ---------------------------------------------------------------- 01 business problem


def _whole_export(draw: Draw) -> list[tuple]:
    return [(draw.data.jobs.copy(),)]


def _clean_properties(cleaned: pd.DataFrame, args: tuple) -> None:
    """What a cleaned export must satisfy, whatever the right rows are."""
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


clean_jobs = ask(
    "clean_jobs",
    Msg("仕事データのクレンジング", "Cleaning the job export"),
    Msg(
        "`duplicated()` で完全に同じ行を探し、`status` 列の値を `value_counts()` で確かめましょう"
        "（キャンセルされた仕事には実績工数がありません）。",
        "Look for exact duplicate rows with `duplicated()` and check the values of `status` with "
        "`value_counts()` (cancelled jobs have no actual hours).",
    ),
    _whole_export,
    Table(
        Msg("クレンジング後の仕事データ", "the cleaned jobs"),
        TICKET_COLUMNS + RESULT_COLUMNS,
        _clean_properties,
    ),
)


def _job_exports(draw: Draw) -> list[tuple]:
    """The whole export, and the export up to a day (from the draw's seed) whose day a year back
    had jobs too: the first day of its last 365 days holds jobs, so a window a day too long
    differs. Both keep the export's duplicate rows and cancelled jobs."""
    jobs = draw.data.jobs
    days = pd.Series(jobs["start_date"].unique())
    ends = days[(days - pd.Timedelta(days=365)).isin(days)].to_numpy()
    end = ends[draw.rng.integers(len(ends))]
    return [(jobs.copy(),), (jobs[jobs["start_date"] <= end].reset_index(drop=True),)]


foreman_mae = ask(
    "foreman_mae",
    Msg("直近1年の職長の見積もりの平均絶対誤差（時間）", "MAE of the foreman's estimates (hours)"),
    Msg(
        "クレンジングした仕事のうち、開始日が直近365日（最終日を含む）のものについて、"
        "|actual_hours − foreman_estimate_hours| の平均をとります。",
        "Over the cleaned jobs that started in the last 365 days (the last date included), take "
        "the mean of |actual_hours − foreman_estimate_hours|.",
    ),
    _job_exports,
    # References are exact, so only rounding is tolerated: the likeliest slips move the MAE a
    # little (a window a day too long by 0.04-0.5 %, duplicates left in by 0.08-0.2 %).
    Number(Msg("職長の見積もりの平均絶対誤差", "the foreman's MAE"), 1e-6),
)


def _attendance_records(draw: Draw) -> list[tuple]:
    """The whole record; its first 20 months (the last 12 months of a record, not of the
    calendar); and the whole record with its rows shuffled (from the draw's seed): the last 12
    months by ``month``, not by row order."""
    attendance = draw.data.attendance
    months = sorted(attendance["month"].unique())
    shuffled = attendance.sample(frac=1, random_state=draw.rng).reset_index(drop=True)
    return [
        (attendance.copy(),),
        (attendance[attendance["month"].isin(months[:20])].reset_index(drop=True),),
        (shuffled,),
    ]


_LAST_12_MONTHS = Msg(
    "行の順番に頼らず、month 列で最後の12か月を選びましょう。",
    "Select the last 12 months by the month column, not by the order of the rows.",
)

monthly_overtime_idle_hours = ask(
    "monthly_overtime_idle_hours",
    Msg("月あたりの残業＋手待ち時間（時間）", "overtime plus idle hours a month"),
    Msg(
        "attendance の最後の12か月について overtime_hours と idle_hours を合計し、12（か月）で割ります。"
        + _LAST_12_MONTHS.ja,
        "Over the last 12 months of attendance, add up overtime_hours and idle_hours and divide "
        "by 12 (months). " + _LAST_12_MONTHS.en,
    ),
    _attendance_records,
    # References are exact; the closest slips (every month of the record, the last 12 rows of
    # the shuffled record) are 3.6 % away or more.
    Number(Msg("月あたりの残業＋手待ち時間", "overtime plus idle hours a month"), 1e-6),
)

monthly_loss_yen = ask(
    "monthly_loss_yen",
    Msg("月あたりの残業・手待ちの費用（円）", "monthly cost of overtime and idle time (yen)"),
    Msg(
        f"残業は1時間 {OVERTIME_COST_YEN:,} 円（割増賃金と工場の運転費）、手待ちは1時間 "
        f"{HOURLY_COST_YEN:,} 円（仕事をしていない時間の賃金）です。最後の12か月の月平均を求めます。"
        + _LAST_12_MONTHS.ja,
        f"An overtime hour costs {OVERTIME_COST_YEN:,} yen (premium wage and running the plant), "
        f"an idle hour {HOURLY_COST_YEN:,} yen (wages with nothing produced). Take the monthly "
        "mean over the last 12 months. " + _LAST_12_MONTHS.en,
    ),
    _attendance_records,
    # The closest slips (the two rates swapped, every month, the last 12 rows) are 4 % away or
    # more.
    Number(Msg("月あたりの残業・手待ちの費用", "monthly cost of overtime and idle time"), 1e-6),
)

# ---------------------------------------------------------------- 02 estimation trial


def _metric_inputs(draw: Draw) -> list[tuple]:
    """Hand-made jobs (an error of exactly 25 %, a perfect estimate, an even number of jobs), the
    smallest case (two jobs), random jobs from the draw's seed, and the foreman's estimates of
    the completed jobs of the draw's last six months."""
    rng = draw.rng
    fixed = [
        (np.array([2.0, 4.0, 10.0, 1.0]), np.array([2.5, 4.9, 13.0, 1.0])),
        (np.array([8.0, 1.5, 3.0, 30.0, 5.0]), np.array([6.0, 2.0, 3.5, 20.0, 5.0])),
        (np.array([3.0, 5.0]), np.array([4.0, 5.0])),
    ]
    randoms = []
    for n in (40, 200, 7):
        actual = np.round(np.exp(rng.normal(1.3, 0.9, n)) * 4) / 4 + 0.25
        randoms.append((actual, actual * np.exp(rng.normal(0.05, 0.4, n))))
    _, future = estimation_task(draw.data, holdout_cutoff(draw.data))
    recent = future_outcomes(draw.data, future)
    recent = recent[recent["status"] == "completed"]  # a cancelled job has no hours
    foreman = (
        recent["actual_hours"].to_numpy(dtype=float),
        recent["foreman_estimate_hours"].to_numpy(dtype=float),
    )
    return [*fixed, *randoms, foreman]


def _metric(ja: str, en: str) -> Number:
    # References are exact; each measure's likeliest slip (the estimate as the base of PRED or
    # MMRE, < for ≤ in PRED, n² pairs or the mean guess in SA, the lower middle value as the
    # median) is 25 % or more off on one of the hand-made inputs.
    return Number(Msg(ja, en), 1e-6)


accuracy_metrics = ask(
    "accuracy_metrics",
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
    _metric_inputs,
    Figures(
        {
            "mae": _metric("MAE（平均絶対誤差）", "MAE"),
            "mdae": _metric("MdAE（絶対誤差の中央値）", "median absolute error"),
            "pred25": _metric("PRED(25)", "PRED(25)"),
            "sa": _metric("SA（標準化精度）", "standardised accuracy (SA)"),
            "mmre": _metric("MMRE", "MMRE"),
        }
    ),
)


def estimation_windows(draw: Draw) -> list[tuple]:
    """The last twelve months of the draw as two six-month windows, each as the shop knows it at
    the window's cut-off (rolling origin): what a model question's function is called on."""
    return holdout_tasks(draw.data)


def _future_rows(args: tuple) -> int:
    return len(args[1])


def _mae(actual: np.ndarray, estimate: np.ndarray) -> float:
    return float(np.mean(np.abs(actual - estimate)))


def _beats_foreman(estimates: list[float], material: dict) -> Msg | None:
    """On the last twelve months of the learner's data: the learner's MAE below the foreman's
    (the grader stored the recorded hours and the foreman's estimates there)."""
    actual = np.asarray(material["actual"])
    learner = _mae(actual, np.asarray(estimates)[material["scored"]])
    foreman = _mae(actual, np.asarray(material["foreman"]))
    print(
        Msg(
            f"MAE（あなたのデータの最後の12か月）: {learner:.2f} 時間、職長 {foreman:.2f} 時間",
            f"MAE (last 12 months of your data): {learner:.2f} h, foreman {foreman:.2f} h",
        )
    )
    if learner < foreman:
        return None
    return Msg(
        f"あなたのデータの最後の12か月で、職長の見積もり（MAE {foreman:.2f} 時間）に"
        f"勝てていません（あなた: {learner:.2f} 時間）。",
        f"On the last twelve months of your data you do not beat the foreman "
        f"(MAE {foreman:.2f} h; yours: {learner:.2f} h).",
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
_ESTIMATES = Predictions(Msg("工数の予測", "the estimates"), _future_rows, _beats_foreman)

estimate_beats_foreman = ask(
    "estimate_beats_foreman",
    Msg("工数予測が職長の見積もりに勝つ", "Estimates beat the foreman's"),
    _ESTIMATE_HINT,
    estimation_windows,
    _ESTIMATES,
    expensive=True,
)
estimate_skill_pass = ask(
    "estimate_skill_pass",
    Msg("工数予測 skill ≥ 0.5（合格）", "Estimate skill ≥ 0.5 (pass)"),
    _ESTIMATE_HINT,
    estimation_windows,
    _ESTIMATES,
    expensive=True,
)

COVERAGE_RANGE = (0.70, 0.90)
"""An honest 80 % interval covers about 80 % of jobs; this much sampling slack is allowed."""
_LOWER_AND_UPPER = Msg(
    "lower と upper の2列をもつ DataFrame を返してください。",
    "Return a DataFrame with the columns lower and upper.",
)


class Intervals(Predictions):
    """A lower and an upper bound per row: a DataFrame with the columns ``lower`` and ``upper``
    (or an array of shape (n, 2)), read as ``[lower, upper]`` pairs."""

    def read(self, output: Any, args: tuple) -> list[list[float]]:
        if isinstance(output, pd.DataFrame):
            expect({"lower", "upper"} <= set(output.columns), _LOWER_AND_UPPER)
            output = output[["lower", "upper"]]
        try:
            pairs = np.asarray(output, dtype=float)
        except (TypeError, ValueError):
            raise Incorrect(_LOWER_AND_UPPER) from None
        expect(pairs.ndim == 2 and pairs.shape[1] == 2, _LOWER_AND_UPPER)
        lower, upper = (Predictions.read(self, pairs[:, k], args) for k in (0, 1))
        expect(
            all(low <= high for low, high in zip(lower, upper, strict=True)),
            Msg(
                "下限が上限を上回る行があります。",
                "Some rows have a lower bound above the upper bound.",
            ),
        )
        return [[low, high] for low, high in zip(lower, upper, strict=True)]


def coverage_failure(share: float, where: Msg) -> Msg | None:
    """Why ``share`` of jobs inside the 80 % intervals on ``where`` is not honest, if it is not."""
    low, high = COVERAGE_RANGE
    if low <= share <= high:
        return None
    return Msg(
        f"{where.ja}で80%予測区間に入った仕事の割合が {share:.0%} です。"
        f"{low:.0%}〜{high:.0%} になるように下限・上限の分位点を見直しましょう。",
        f"On {where.en}, {share:.0%} of jobs fall inside your 80% intervals; "
        f"revise the quantiles so that {low:.0%}–{high:.0%} do.",
    )


def _honest_coverage(pairs: list[list[float]], material: dict) -> Msg | None:
    """On the last twelve months of the learner's data: the share of jobs inside the intervals
    (the grader stored the recorded hours there)."""
    actual = np.asarray(material["actual"])
    lower, upper = np.asarray(pairs)[material["scored"]].T
    share = float(np.mean((lower <= actual) & (actual <= upper)))
    width = float(np.mean(upper - lower))
    print(
        Msg(
            f"80%予測区間に入った割合（あなたのデータの最後の12か月）: {share:.0%}、"
            f"平均の幅 {width:.2f} 時間",
            f"80% interval coverage (last 12 months of your data): {share:.0%}, "
            f"mean width {width:.2f} h",
        )
    )
    return coverage_failure(
        share, Msg("あなたのデータの最後の12か月", "the last twelve months of your data")
    )


interval_coverage = ask(
    "interval_coverage",
    Msg("80%予測区間", "80% prediction intervals"),
    Msg(
        "LightGBM の `objective='quantile'` で alpha=0.1 と alpha=0.9 のモデルを作り、下限と上限に"
        "します（目的変数は点予測と同じ log(実績 ÷ 標準工数) で構いません）。",
        "Fit LightGBM with `objective='quantile'` at alpha=0.1 and alpha=0.9 for the lower and "
        "upper bounds (the same target log(actual ÷ standard) as the point estimate works).",
    ),
    estimation_windows,
    Intervals(Msg("区間の上下限", "the interval bounds"), _future_rows, _honest_coverage),
    expensive=True,
)

# ---------------------------------------------------------------- 03 schedule and operations


def _plan_beats_foreman(planned: list[float], material: dict) -> Msg | None:
    """On the last twelve months of the learner's data: the overtime plus idle cost of booking
    the learner's slots below that of booking the foreman's estimates."""
    actual, foreman = np.asarray(material["actual"]), np.asarray(material["foreman"])
    planned = np.asarray(planned)[material["scored"]]
    months = len(set(material["month"]))
    learner_cost = plan_cost_yen(planned, actual) / months
    foreman_cost = plan_cost_yen(foreman, actual) / months
    print(
        Msg(
            f"あなたのデータの最後の12か月: 残業＋手待ちの費用 月 ¥{learner_cost:,.0f}"
            f"（職長の計画 月 ¥{foreman_cost:,.0f}）",
            f"last 12 months of your data: overtime + idle cost ¥{learner_cost:,.0f}/month "
            f"(foreman's plan ¥{foreman_cost:,.0f})",
        )
    )
    if learner_cost < foreman_cost:
        return None
    return Msg(
        f"あなたのデータの最後の12か月で、残業＋手待ちの費用が職長の計画（月 ¥{foreman_cost:,.0f}）"
        f"より下がっていません（あなた: 月 ¥{learner_cost:,.0f}）。",
        f"On the last twelve months of your data, overtime plus idle cost is not below the "
        f"foreman's plan (¥{foreman_cost:,.0f}/month; yours: ¥{learner_cost:,.0f}/month).",
    )


_PLAN_HINT = Msg(
    "残業1時間は手待ち1時間より高いので、予測の中央値ではなく少し上（分位点 "
    "`business.PLAN_QUANTILE`）で枠を取ります。`objective='quantile'` の alpha にその値を使うか、"
    "02 の予測区間から中央値と上限の間をとりましょう。",
    "An hour of overtime costs more than an hour of idle time, so book slightly above the "
    "median: the quantile `business.PLAN_QUANTILE`. Use it as alpha of `objective='quantile'`, "
    "or take a point between the median and the upper bound of your interval from 02.",
)
_PLANS = Predictions(Msg("計画工数", "the planned hours"), _future_rows, _plan_beats_foreman)

plan_beats_foreman = ask(
    "plan_beats_foreman",
    Msg("計画の残業・手待ち費用が職長の計画より低い", "Plan costs less than the foreman's"),
    _PLAN_HINT,
    estimation_windows,
    _PLANS,
    expensive=True,
)
plan_skill_pass = ask(
    "plan_skill_pass",
    Msg("計画 skill ≥ 0.5（合格）", "Plan skill ≥ 0.5 (pass)"),
    _PLAN_HINT,
    estimation_windows,
    _PLANS,
    expensive=True,
)


def _plans(draw: Draw) -> list[tuple]:
    """The draw's last 18 months of jobs (more than a year: months are told apart by year too)
    with two plans: the foreman's slots stretched by a tenth (worse than his: negative savings),
    and slots scattered around the recorded hours (from the draw's seed)."""
    _, future = estimation_task(draw.data, holdout_cutoff(draw.data, months=18))
    jobs = future_outcomes(draw.data, future)
    scattered = jobs["actual_hours"] * np.exp(draw.rng.normal(0.05, 0.2, len(jobs)))
    return [
        (jobs.assign(planned_hours=jobs["foreman_estimate_hours"] * 1.1),),
        (jobs.assign(planned_hours=scattered.round(2)),),
    ]


hours_saved_per_month = ask(
    "hours_saved_per_month",
    Msg("月あたりの残業＋手待ちの削減時間", "Overtime plus idle hours saved a month"),
    Msg(
        "仕事ごとに、職長の計画の残業＋手待ちは |実績 − 職長の見積もり|、新しい計画では "
        "|実績 − planned_hours| です。その差の合計を、start_date の月の数で割ります。",
        "Per job, the foreman's plan costs |actual − foreman's estimate| hours of overtime plus "
        "idle time, the new plan |actual − planned_hours|. Divide the difference of the totals "
        "by the number of months of start_date.",
    ),
    _plans,
    # The closest slip (months told apart by calendar month only) is 50 % off; the others
    # (savings clipped at 0, overtime alone, signed errors) more, on at least one input.
    Number(Msg("月あたりの削減時間", "hours saved a month"), 1e-6),
)

# ---------------------------------------------------------------- 04 executive pitch

_HOURS_KEYS = ("overtime_hours", "idle_hours")


def _benefit_inputs(draw: Draw) -> list[tuple]:
    """A made-up example, one where idle time grows while overtime shrinks (a buffered plan), and
    random before/after figures from the draw's seed."""
    rng = draw.rng
    randoms = [
        (
            dict(zip(_HOURS_KEYS, rng.uniform(50, 400, 2), strict=True)),
            dict(zip(_HOURS_KEYS, rng.uniform(20, 200, 2), strict=True)),
        )
        for _ in range(3)
    ]
    return [
        (
            {"overtime_hours": 180.0, "idle_hours": 120.0},
            {"overtime_hours": 60.0, "idle_hours": 70.0},
        ),
        (
            {"overtime_hours": 180.0, "idle_hours": 60.0},
            {"overtime_hours": 40.0, "idle_hours": 90.0},
        ),
        *randoms,
    ]


annual_benefit = ask(
    "annual_benefit",
    Msg("年間効果額（円）", "Annual benefit (yen)"),
    Msg(
        "月あたりの効果 = 残業の減少 × business.OVERTIME_COST_YEN + 手待ちの減少 × "
        "business.HOURLY_COST_YEN。年間はその12倍です。",
        "Monthly benefit = fewer overtime hours × business.OVERTIME_COST_YEN + fewer idle hours "
        "× business.HOURLY_COST_YEN; the annual benefit is 12 times that.",
    ),
    _benefit_inputs,
    # The closest slip (the size of each change, ignoring its sign) is 30 % off on the second input.
    Number(Msg("年間効果額", "annual benefit"), 1e-6),
)


def _payback_inputs(draw: Draw) -> list[tuple]:
    """The case's own costs, a benefit that exactly pays the running cost (never pays back), one
    below it, and random figures from the draw's seed."""
    rng = draw.rng
    randoms = [
        (float(rng.uniform(1e6, 3e7)), float(rng.uniform(1e6, 8e6)), float(rng.uniform(2e4, 3e5)))
        for _ in range(3)
    ]
    break_even = 12.0 * SYSTEM_MONTHLY_COST_YEN
    return [
        (9e6, SYSTEM_INITIAL_COST_YEN, SYSTEM_MONTHLY_COST_YEN),
        (break_even, SYSTEM_INITIAL_COST_YEN, SYSTEM_MONTHLY_COST_YEN),
        (0.5 * break_even, SYSTEM_INITIAL_COST_YEN, SYSTEM_MONTHLY_COST_YEN),
        *randoms,
    ]


payback_months = ask(
    "payback_months",
    Msg("投資回収期間（月）", "Payback period (months)"),
    Msg(
        "月あたりの正味効果 = 年間効果 ÷ 12 − 月額運用費。回収期間 = 初期費用 ÷ 月あたりの正味効果。"
        "正味効果が 0 以下なら回収できません。",
        "Net monthly benefit = annual benefit ÷ 12 − monthly running cost; payback = initial "
        "cost ÷ net monthly benefit. With a net benefit of 0 or less it never pays back.",
    ),
    _payback_inputs,
    # Leaving out the running cost is 1.9 % off or more; a break-even never pays back (inf).
    Number(Msg("回収期間（月）", "payback (months)"), 1e-6, never=True),
)
