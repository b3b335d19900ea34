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

from dxquest.answers import Figures, Incorrect, Number, Predictions, Ranges, Table, expect
from dxquest.cases.effort_prediction.business import COST_FACTS
from dxquest.cases.effort_prediction.data import (
    estimation_task,
    future_outcomes,
    holdout_cutoff,
    holdout_tasks,
    load_data,
)
from dxquest.cases.effort_prediction.schedule import slot_outcomes
from dxquest.exercise import Draw, Exercises
from dxquest.hints import Hints
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
    Hints(
        nudge=Msg(
            "同じ行が2回入っていないか、status 列にどんな値があるかを確かめましょう。実績工数のない仕事は、"
            "見積もりとの比べようがありません。",
            "Check whether some rows are in there twice, and which values the status column "
            "holds. A job without actual hours cannot be compared with its estimate.",
        ),
        idea=Msg(
            "汚れは2種類です：入力の二重送信でできた、まったく同じ行と、キャンセルされた仕事（実績工数なし）"
            "です。同じ行は1行だけ残し、完了した仕事だけを残します。",
            "There are two kinds of dirt: identical rows from entries sent twice, and cancelled "
            "jobs (no actual hours). Keep one of each set of identical rows, and only the "
            "completed jobs.",
        ),
        worked_step=Msg(
            "例（架空）：job_id が J1・J2・J2・J3 の4行で、J2 の2行はまったく同じ、J3 の status は "
            "cancelled なら、残るのは J1 と J2 の2行です。",
            "Example (made up): four rows with job_id J1, J2, J2 and J3, the two J2 rows "
            "identical and J3's status cancelled: J1 and J2 remain, one row each.",
        ),
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
    Hints(
        nudge=Msg(
            "まず問題 1 の関数でクレンジングしてから、期間を絞りましょう。「直近365日」は start_date の"
            "最終日を含めて数えます。長すぎる見積もりと短すぎる見積もりが、打ち消し合っていませんか。",
            "Clean the jobs with your function from question 1 first, then narrow the period: "
            '"the last 365 days" count the last start_date in. And do estimates that were too '
            "long cancel out those that were too short?",
        ),
        idea=Msg(
            "平均絶対誤差（MAE）は、誤差の大きさ（絶対値）の平均です。向きの違う誤差が打ち消し合わないので、"
            "「1件あたり平均で何時間外れるか」を表します。期間の境界の日を入れると 366日 になるので注意"
            "しましょう。",
            "The mean absolute error (MAE) is the mean size (absolute value) of the errors: errors "
            "in opposite directions do not cancel, so it says by how many hours a job is off on "
            "average. Mind the boundary day: counting it in makes 366 days.",
        ),
        worked_step=Msg(
            "例（架空）：実績 5・2・8時間、見積もり 4・3・8時間 なら、誤差の大きさは 1・1・0 で、MAE は "
            "2 ÷ 3 ≈ 0.67時間 です（誤差をそのまま平均すると 0 になってしまいます）。",
            "Example (made up): actual 5, 2 and 8 hours against estimates of 4, 3 and 8 are off by "
            "1, 1 and 0, so the MAE is 2 ÷ 3 ≈ 0.67 hours (the plain mean of the errors would be "
            "0).",
        ),
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


monthly_overtime_idle_hours = ask(
    "monthly_overtime_idle_hours",
    Msg("月あたりの残業＋手待ち時間（時間）", "overtime plus idle hours a month"),
    Hints(
        nudge=Msg(
            "attendance の行は、月の順に並んでいるとは限りません。「最後の12か月」は、行の位置ではなく"
            "何で選べばよいでしょうか。",
            "The rows of attendance are not necessarily in month order. By what, rather than by "
            'their position, do you pick "the last 12 months"?',
        ),
        idea=Msg(
            "month 列の値を並べ替えて最後の12か月を選び、その期間の残業時間と手待ち時間をすべて足して、"
            "月の数で割ります（月平均）。",
            "Sort the values of the month column, keep the last 12 months, add up all their "
            "overtime and idle hours, and divide by the number of months (a monthly mean).",
        ),
        worked_step=Msg(
            "例（架空）：記録が 2023年1月〜2024年2月 の14か月分（行の順はばらばら）なら、最後の12か月は "
            "2023年3月〜2024年2月 です。その12か月の残業が合計 960時間、手待ちが合計 480時間 なら、"
            "月あたり (960 ＋ 480) ÷ 12 ＝ 120時間 です。",
            "Example (made up): a record of 14 months from January 2023 to February 2024, rows in "
            "no order, has March 2023 to February 2024 as its last 12 months. With 960 hours of "
            "overtime and 480 of idle time in those months, that is (960 + 480) ÷ 12 = 120 hours "
            "a month.",
        ),
    ),
    _attendance_records,
    # References are exact; the closest slips (every month of the record, the last 12 rows of
    # the shuffled record) are 3.6 % away or more.
    Number(Msg("月あたりの残業＋手待ち時間", "overtime plus idle hours a month"), 1e-6),
)

COST_LABELS = {
    "booked_short": Msg("短すぎた枠の1時間の費用", "the cost of an hour booked too short"),
    "booked_long": Msg("長すぎた枠の1時間の費用", "the cost of an hour booked too long"),
}
"""What a learner's cost definition returns: the cost (yen) of an hour booked too short (the job
runs into overtime) and of an hour booked too long (the crew waits)."""
HOUR_COST_KEYS = tuple(COST_LABELS)
RANGE_SLACK = 0.005
"""A cost a little outside the defensible range, by rounding, is inside: 0.5 %."""


def _cost_facts(draw: Draw) -> list[tuple]:
    """The story's facts, and facts of other shops drawn from the draw's seed: wages, overheads,
    premiums and after-hours costs such that each hurried definition (the whole overtime hour,
    the premium alone, the after-hours cost alone, an idle hour as free) falls outside the
    defensible range (the overhead stays below both the premium and the after-hours cost)."""
    rng = draw.rng
    others = []
    for _ in range(4):
        wage = float(rng.integers(20, 33) * 100)
        premium = float(rng.choice([0.25, 0.3, 0.35]))
        overhead = float(rng.integers(4, int(wage * premium * 0.8) // 50) * 50)
        after_hours = float(rng.integers(max(overhead, 1_200) // 50 + 2, 60) * 50)
        others.append(
            (
                {
                    "wage_yen": wage,
                    "overhead_yen": overhead,
                    "overtime_premium": premium,
                    "after_hours_yen": after_hours,
                },
            )
        )
    return [(dict(COST_FACTS),), *others]


hour_costs = ask(
    "hour_costs",
    Msg("枠の過不足1時間の費用（円）", "What an hour booked too short or too long costs (yen)"),
    Hints(
        nudge=Msg(
            "仕事の作業そのものは、計画がどうであれ必要です。計画が変えるのは、その1時間を定時にするか"
            "残業でするか、予定した定時の1時間に作業があるか待つか、だけです。それぞれの場合に、計画が"
            "完璧なら払わずにすんだお金はいくらでしょうか。",
            "The work of a job has to be done whatever the plan. A plan only decides whether an "
            "hour of it is done in regular time or in overtime, and whether a booked regular "
            "hour is worked or waited. In each case, what money would a perfect plan not have "
            "paid out?",
        ),
        idea=Msg(
            "費用は「増分」で考えます。短すぎた枠の1時間は残業になりますが、その作業は定時にしても"
            "賃金がかかります。残業で増えるのは、定時の1時間と比べて余計に払う分です。長すぎた枠の"
            "1時間は、定時の賃金（と経費）を払って何も生まない時間です。ある仕事の残業1時間と別の仕事の"
            "手待ち1時間は、計画が完璧なら手待ちの時間でその作業ができたので、2つ合わせて損は残業1時間分の"
            "支払いです。同じお金を二重に数えないよう確かめましょう。",
            "Think in increments. An hour booked too short is worked in overtime, but the same "
            "work in regular time would have been paid too: overtime adds what it pays beyond a "
            "regular hour. An hour booked too long is a regular hour paid (wage, and overhead) "
            "for nothing. An overrun hour on one job and an idle hour on another together lose "
            "one overtime hour's pay, since a perfect plan would have done that work in the idle "
            "hour: check that no money is counted twice.",
        ),
        worked_step=Msg(
            "例（架空。別の工場の話です）：定時の1人時が 賃金 2,000円 ＋ 経費 500円、残業は賃金の30%増しに夜間の"
            "運転費 1,000円。残業1時間の支払いは 2,600 ＋ 1,000 ＝ 3,600円 です。これを定時の 2,500円 と"
            "比べると、短すぎた枠の1時間で増えるのは 1,100円（経費は定時でもかかるとみれば、割増 600 ＋ "
            "運転費 1,000 ＝ 1,600円）。長すぎた枠の1時間は、払って何も生まない 2,500円（経費は払っても"
            "払わなくても同じとみれば賃金の 2,000円）です。3,600円 や 0円 は、どちらかを二重に、または"
            "まったく数えていません。",
            "Example (made up, another shop): a regular person-hour is a 2,000 yen wage plus 500 "
            "yen of overhead; overtime pays the wage plus 30 % and 1,000 yen of after-hours "
            "running. An overtime hour pays 2,600 + 1,000 = 3,600 yen; against a regular hour's "
            "2,500 yen, an hour booked too short adds 1,100 yen (or, if the overhead is paid in "
            "regular time anyway, the premium 600 + the running 1,000 = 1,600 yen). An hour "
            "booked too long is 2,500 yen paid for nothing (or the 2,000 yen wage, if the "
            "overhead is the same either way). 3,600 yen or 0 yen counts something twice or not "
            "at all.",
        ),
    ),
    _cost_facts,
    # Each cost is graded against the range the defensible definitions give (the grader's
    # reference.hour_cost_ranges), not against one constant.
    Ranges(
        COST_LABELS,
        RANGE_SLACK,
        Msg(
            "その1時間で、予定が正確なら払わずにすんだお金はどれか、同じお金を二重に数えていないかを"
            "見直しましょう。",
            "Check which money that hour pays out that a perfect plan would not, and that no "
            "money is counted twice.",
        ),
    ),
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
    Hints(
        nudge=Msg(
            "5つの指標は、どれも実績と予測の差から作ります。割合の基準（割る数）は実績でしょうか、予測"
            "でしょうか。件数が偶数のとき、中央値はどう決まりますか。誤差がちょうど25%の仕事は、PRED(25) "
            "に入りますか。",
            "All five measures start from the gap between actual and estimate. Is a relative "
            "error taken relative to the actual or to the estimate? How is the median found for "
            "an even number of jobs? Does a job off by exactly 25% count in PRED(25)?",
        ),
        idea=Msg(
            "MAE は誤差の大きさの平均、MdAE はその中央値、PRED(25) は誤差が実績の25%以内の仕事の割合"
            "（ちょうど25%も入ります）、MMRE は「誤差 ÷ 実績」の平均です。SA はランダムな推測と比べて"
            "どれだけ良いかで、ランダムな推測の MAE は、異なる2件の組すべてについての実績の差の大きさの"
            "平均です（同じ仕事どうしの組は入れません）。",
            "MAE is the mean size of the errors and MdAE their median; PRED(25) is the share of "
            "jobs off by at most 25% of their actual hours (exactly 25% counts); MMRE is the mean "
            "of error ÷ actual. SA says how much better than random guessing, whose MAE is the "
            "mean size of the difference in actual hours over all pairs of different jobs (no job "
            "paired with itself).",
        ),
        worked_step=Msg(
            "例（架空）：実績 2・4・12、予測 3・4・9 なら、誤差の大きさは 1・0・3 で、MAE ≈ 1.33、"
            "MdAE ＝ 1 です。誤差 ÷ 実績 は 0.5・0・0.25 なので、PRED(25) は 2 ÷ 3（ちょうど25%の3件目も"
            "入ります）、MMRE は 0.75 ÷ 3 ＝ 0.25 です。異なる2件の組は、順番を区別して6通りで、実績の差は "
            "2・10・8 が2回ずつ、平均 20 ÷ 3 ≈ 6.67。SA は 1 − 1.33 ÷ 6.67 ≈ 0.8 です。",
            "Example (made up): actual 2, 4 and 12 against estimates of 3, 4 and 9 are off by 1, "
            "0 and 3: MAE ≈ 1.33, MdAE = 1. Error ÷ actual is 0.5, 0 and 0.25, so PRED(25) is "
            "2 ÷ 3 (the third job, exactly 25% off, counts) and MMRE 0.75 ÷ 3 = 0.25. Counting "
            "(i, j) and (j, i) apart there are 6 pairs of different jobs, with differences 2, 10 "
            "and 8 twice each, 20 ÷ 3 ≈ 6.67 on average, so SA is 1 − 1.33 ÷ 6.67 ≈ 0.8.",
        ),
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


_ESTIMATE_HINTS = Hints(
    nudge=Msg(
        "作業指示書が出た時点で分かっていることだけを使っていますか（actual_hours・issue・status は"
        "使えません）。また、仕事の大きさは数時間から数十時間まで大きく違います。その違いまで、モデルが"
        "一から学ぶ必要があるでしょうか。",
        "Do you use only what is known when the job ticket is issued (not actual_hours, issue or "
        "status)? And jobs range from a few hours to tens of hours: must the model learn that "
        "size from scratch?",
    ),
    idea=Msg(
        "積算基準の標準工数は、仕事の大きさをよく表します。目的変数を「実績 ÷ 標準工数」の対数にすると、"
        "モデルは標準からのずれ方だけを学べばよくなります。ずれ方は機械・用紙・オペレーター（得意な機械"
        "か、入社何か月目か）・新規のお客様・リピート（増刷）・季節で変わります。故障や刷り直しの外れ値に強い"
        "損失（huber や l1）を使うと、予測は中央値に近づき、MAE に合います。",
        "The costing sheet's standard hours capture a job's size well. Model the logarithm of "
        "actual ÷ standard hours, and the model only has to learn how jobs depart from the "
        "standard, which depends on the press, the paper, the operator (on their own press? how "
        "many months in?), new customers, repeat orders and the season. A loss robust to "
        "breakdowns and reprints (huber or l1) brings the estimate near the median, which is what "
        "the MAE rewards.",
    ),
    worked_step=Msg(
        "例（架空）：標準工数 8時間 の仕事で、似た過去の仕事の「実績 ÷ 標準」が 0.9・1.1・1.2・3.0（故障）"
        "だったとします。中央値は 1.15 で、時間に戻すと 1.15 × 8 ＝ 9.2時間 です。平均の 1.55 を使うと "
        "12.4時間 になり、故障のないふだんの仕事で手待ちが増えます。",
        "Example (made up): a job's standard hours are 8, and similar past jobs took 0.9, 1.1, "
        "1.2 and 3.0 (a breakdown) times their standard. The median ratio is 1.15, which is "
        "1.15 × 8 = 9.2 hours; the mean, 1.55, gives 12.4 hours and leaves the crew idle on "
        "every ordinary job without a breakdown.",
    ),
)
_ESTIMATES = Predictions(Msg("工数の予測", "the estimates"), _future_rows, _beats_foreman)

estimate_beats_foreman = ask(
    "estimate_beats_foreman",
    Msg("工数予測が職長の見積もりを上回る", "Estimates beat the foreman's"),
    _ESTIMATE_HINTS,
    estimation_windows,
    _ESTIMATES,
    expensive=True,
)
estimate_skill_pass = ask(
    "estimate_skill_pass",
    Msg("工数予測の改善到達度 ≥ 0.5（合格）", "Estimate skill ≥ 0.5 (pass)"),
    _ESTIMATE_HINTS,
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
    Hints(
        nudge=Msg(
            "80%予測区間なら、実績が区間に入る仕事はおよそ8割のはずです。あなたの区間には何割入っていますか。"
            "分位点回帰の区間は狭くなりがちです。逆に、広げすぎた区間も合格しません。",
            "With 80% intervals, about eight jobs in ten should fall inside. What share falls "
            "inside yours? Quantile regression tends to give intervals too narrow; intervals made "
            "far too wide do not pass either.",
        ),
        idea=Msg(
            "最近の実際の外れ方から区間を決めます（コンフォーマル予測の考え方）。履歴の最後の数か月を、"
            "それより前だけで学んだモデルで予測し、「実績 ÷ 予測」の対数の下側と上側の分位点を求めます。"
            "新しい仕事の区間は、予測にその2つの倍率を掛けた範囲です。外れ方は「何割外れるか」なので、"
            "大きな仕事ほど区間は広くなります。",
            "Set the intervals from how far recent estimates really missed (the idea of conformal "
            "prediction): estimate the history's last months with a model learnt only from the "
            "months before, and take a low and a high quantile of the logarithm of actual ÷ "
            "estimate. A new job's interval is its estimate times those two factors. Jobs miss by "
            "a share, so bigger jobs get wider intervals.",
        ),
        worked_step=Msg(
            "例（架空）：最近の10件の「実績 ÷ 予測」が 0.7・0.8・0.9・0.95・1.0・1.0・1.1・1.2・1.4・1.8 "
            "だったとします。両端の1件ずつを除いた 0.8〜1.4 の範囲に、10件中8件が入ります。予測 5時間 の"
            "仕事の区間は 4〜7時間、予測 20時間 なら 16〜28時間 です。",
            "Example (made up): the last 10 jobs took 0.7, 0.8, 0.9, 0.95, 1.0, 1.0, 1.1, 1.2, 1.4 "
            "and 1.8 times their estimates. Leaving out one job at each end, 0.8 to 1.4 holds 8 of "
            "the 10. A job estimated at 5 hours gets the interval 4 to 7 hours; one estimated at "
            "20 hours, 16 to 28 hours.",
        ),
    ),
    estimation_windows,
    Intervals(Msg("区間の上下限", "the interval bounds"), _future_rows, _honest_coverage),
    expensive=True,
)

# ---------------------------------------------------------------- 03 schedule and operations


def _cost_pairs(draw: Draw) -> list[tuple]:
    """Made-up cost pairs: equal costs, an hour short far dearer, an hour long far dearer, and
    pairs drawn from the draw's seed (none of them the story's)."""
    rng = draw.rng
    drawn = [(float(rng.integers(5, 80) * 50), float(rng.integers(5, 80) * 50)) for _ in range(4)]
    return [(1_000.0, 1_000.0), (4_500.0, 500.0), (700.0, 2_800.0), *drawn]


booking_quantile = ask(
    "booking_quantile",
    Msg("予定の枠に取る分位点", "The quantile to book"),
    Hints(
        nudge=Msg(
            "枠を少し長くすると、残業になるはずだった時間が減る代わりに、手待ちになる時間が増えます。"
            "枠を伸ばすのをどこで止めればよいか、1時間ずつ考えてみましょう。",
            "A slightly longer slot turns some would-be overtime into time booked, but leaves "
            "more idle time when the job ends early. Think hour by hour: where should lengthening "
            "the slot stop?",
        ),
        idea=Msg(
            "新聞売り子問題と同じ形です。枠をあと少し伸ばすと、仕事がそれより長くかかる確率の分だけ"
            "短すぎた枠の費用が減り、それより早く終わる確率の分だけ長すぎた枠の費用が増えます。2つが"
            "釣り合うところが最適で、その分位点は2つの費用の比で決まります（臨界比率）。",
            "It is the newsvendor problem. Lengthening the slot a little saves the cost of an "
            "hour booked too short with the probability that the job takes longer, and adds the "
            "cost of an hour booked too long with the probability that it ends sooner. The best "
            "slot balances the two, at a quantile the ratio of the two costs sets (the critical "
            "ratio).",
        ),
        worked_step=Msg(
            "例（架空）：売れ残り1個の損が 100円、売り切れて1個足りない損が 300円 のパン屋なら、"
            "需要の分布の 300 ÷ (300 ＋ 100) ＝ 0.75 の点まで焼きます。費用が同じなら 0.5（中央値）です。",
            "Example (made up): a bakery that loses 100 yen on a loaf left over and 300 yen on a "
            "loaf it lacks bakes up to the 300 ÷ (300 + 100) = 0.75 point of demand. With equal "
            "costs, it is 0.5 (the median).",
        ),
    ),
    _cost_pairs,
    # References are exact; the likeliest slips (the two costs swapped, their plain ratio, the
    # median whatever the costs) are far off on at least one pair.
    Number(Msg("分位点", "the quantile"), 1e-6),
)


def _plan_beats_foreman(planned: list[float], material: dict) -> Msg | None:
    """On the last twelve months of the learner's data: fewer overtime plus idle hours booking
    the learner's slots than booking the foreman's estimates. In hours, not yen: the yen depend
    on the hour costs the learner defines, and the grader prices the hidden holdout's hours."""
    actual, foreman = np.asarray(material["actual"]), np.asarray(material["foreman"])
    planned = np.asarray(planned)[material["scored"]]
    months = len(set(material["month"]))
    learner = slot_outcomes(planned, actual).sum() / months
    baseline = slot_outcomes(foreman, actual).sum() / months
    learner_hours = float(learner.sum())
    foreman_hours = float(baseline.sum())
    print(
        Msg(
            f"あなたのデータの最後の12か月（月あたり）: 残業 {learner['overtime_hours']:,.0f} 時間、"
            f"手待ち {learner['idle_hours']:,.0f} 時間（職長の計画: 残業 "
            f"{baseline['overtime_hours']:,.0f} 時間、手待ち {baseline['idle_hours']:,.0f} 時間）",
            f"last 12 months of your data, a month: overtime {learner['overtime_hours']:,.0f} h, "
            f"idle {learner['idle_hours']:,.0f} h (foreman's plan: overtime "
            f"{baseline['overtime_hours']:,.0f} h, idle {baseline['idle_hours']:,.0f} h)",
        )
    )
    if learner_hours < foreman_hours:
        return None
    return Msg(
        f"あなたのデータの最後の12か月で、残業＋手待ちが職長の計画（月 {foreman_hours:,.0f} 時間）"
        f"より減っていません（あなた: 月 {learner_hours:,.0f} 時間）。",
        f"On the last twelve months of your data, overtime plus idle time is not below the "
        f"foreman's plan ({foreman_hours:,.0f} h a month; yours: {learner_hours:,.0f} h).",
    )


_PLAN_HINTS = Hints(
    nudge=Msg(
        "枠が短すぎれば残業、長すぎれば手待ちです。問題 1 で決めた分位点を、仕事ごとの工数の分布の"
        "どこで読めばよいでしょうか。予測の中央値ちょうどで枠を取るのが、いちばん安いとは限りません。",
        "A slot too short means overtime, too long means idle time. Where in each job's "
        "distribution of hours do you read the quantile you chose in question 1? Booking exactly "
        "the median estimate is not necessarily cheapest.",
    ),
    idea=Msg(
        "02 の予測区間と同じ「最近の外れ方」を使います。最近の「実績 ÷ 予測」の分布から、問題 1 の"
        "分位点の倍率を求め、それを予測に掛けて枠にします。分位点は自分の費用の定義から出したものを"
        "使いましょう。",
        'Use the "recent misses" of your intervals from 02: take the factor at the quantile of '
        "question 1 from the distribution of recent actual ÷ estimate ratios, and multiply the "
        "estimate by it. Use the quantile your own cost definition gave.",
    ),
    worked_step=Msg(
        "例（架空）：分位点が 0.75 で、最近の「実績 ÷ 予測」を小さい順に並べた75%点が 1.2 なら、"
        "予測 10時間 の仕事の枠は 12時間 にします。",
        "Example (made up): with a quantile of 0.75, if the 75% point of recent actual ÷ "
        "estimate ratios is 1.2, a job estimated at 10 hours gets a 12-hour slot.",
    ),
)
_PLANS = Predictions(Msg("計画工数", "the planned hours"), _future_rows, _plan_beats_foreman)

plan_beats_foreman = ask(
    "plan_beats_foreman",
    Msg("計画が職長の計画を上回る", "Plan beats the foreman's"),
    _PLAN_HINTS,
    estimation_windows,
    _PLANS,
    expensive=True,
)
plan_skill_pass = ask(
    "plan_skill_pass",
    Msg("計画の改善到達度 ≥ 0.5（合格）", "Plan skill ≥ 0.5 (pass)"),
    _PLAN_HINTS,
    estimation_windows,
    _PLANS,
    expensive=True,
)

# ---------------------------------------------------------------- 03 stretch task (optional)

KEPT_RANGE = (0.935, 0.965)
"""Promises meant to hold on 95 % of jobs must hold on a share in this range: about two standard
errors of the share on the twelve months of jobs a check counts (some 1,100), so an honest 95 %
promise passes and a 92 % or 98 % one does not."""


def kept_failure(share: float, where: Msg) -> Msg | None:
    """Why promises kept on ``share`` of the jobs of ``where`` are not the 95 % asked, if not."""
    low, high = KEPT_RANGE
    if low <= share <= high:
        return None
    advice = (
        Msg("短すぎます。約束が守れない仕事が多すぎます。", "too short: too many are broken.")
        if share < low
        else Msg(
            "長すぎます。お客様に必要以上に待っていただいています。",
            "too long: customers wait longer than they need to.",
        )
    )
    return Msg(
        f"{where.ja}で約束の時間内に終わった仕事の割合が {share:.1%} です"
        f"（{low:.1%}〜{high:.1%} が目安）。約束が" + advice.ja,
        f"On {where.en}, {share:.1%} of jobs finished within the promised hours "
        f"({low:.1%}–{high:.1%} expected): the promises are " + advice.en,
    )


def _promises_kept(promised: list[float], material: dict) -> Msg | None:
    """On the last twelve months of the learner's data: the share of jobs finished within the
    promised hours, and the mean promise (the grader stored the recorded hours there)."""
    actual = np.asarray(material["actual"])
    promised = np.asarray(promised)[material["scored"]]
    share = float(np.mean(actual <= promised))
    print(
        Msg(
            f"約束の時間内に終わった割合（あなたのデータの最後の12か月）: {share:.1%}、"
            f"約束の平均 {promised.mean():.2f} 時間",
            f"kept promises (last 12 months of your data): {share:.1%}, mean promise "
            f"{promised.mean():.2f} h",
        )
    )
    return kept_failure(
        share, Msg("あなたのデータの最後の12か月", "the last twelve months of your data")
    )


_PROMISE_HINTS = Hints(
    nudge=Msg(
        "工数の予測（中央値）どおりに約束すると、守れるのはおよそ半分の仕事です。95%の仕事で守るには、"
        "予測にどれだけ上乗せすればよいでしょうか。その上乗せは、小さな仕事と大きな仕事で同じ時間で"
        "よいでしょうか。",
        "Promise the estimate (a median) and about half the jobs keep it. How much must you add to "
        "keep 95 % of them? And should a small job and a large one get the same number of hours "
        "added?",
    ),
    idea=Msg(
        "02 の予測区間と同じく、最近の実際の外れ方から上乗せを決めます（コンフォーマル予測の考え方）。"
        "最近の仕事の「実績 ÷ 予測」の分布で、`business.PROMISE_KEPT` の点の倍率を読み、予測に掛けます。"
        "分位点回帰でモデルに直接その分位点を学ばせる方法もありますが、02 で見たとおり分布の端は狭く"
        "なりがちなので、最近の月で何割守れたかを必ず確かめましょう。一律の上乗せ率を勘で決めると、"
        "守れる割合は偶然で決まります。",
        "As for the intervals of 02, set the margin from how far recent estimates really missed (the "
        "idea of conformal prediction): read the factor at `business.PROMISE_KEPT` in the "
        "distribution of recent actual ÷ estimate ratios, and multiply the estimate by it. A quantile "
        "model can learn that quantile directly, but as 02 showed its tails come out too narrow: "
        "always check what share of recent jobs it would have kept. A flat margin picked by feel "
        "keeps whatever share chance gives it.",
    ),
    worked_step=Msg(
        "例（架空）：最近の20件の「実績 ÷ 予測」を小さい順に並べ、19件目（95%の点）が 1.6 だったとします。"
        "予測 4時間 の仕事には 4 × 1.6 ＝ 6.4時間、予測 15時間 の仕事には 24時間 と約束します。"
        "同じ20件で、約束の時間内に終わった仕事が何件あったかも数えて確かめます。",
        "Example (made up): sort the last 20 jobs' actual ÷ estimate ratios; the 19th (the 95 % "
        "point) is 1.6. A job estimated at 4 hours is promised 4 × 1.6 = 6.4 hours, one estimated at "
        "15 hours, 24 hours. Then count how many of those 20 jobs finished within their promise.",
    ),
)
_PROMISES = Predictions(Msg("約束する時間", "the promised hours"), _future_rows, _promises_kept)

delivery_promise_merit, delivery_promise_distinction = EXERCISES.stretch(
    "delivery_promise",
    Msg("約束する時間", "promised hours"),
    _PROMISE_HINTS,
    estimation_windows,
    _PROMISES,
    expensive=True,
)

# ---------------------------------------------------------------- 04 executive pitch

_HOURS_KEYS = ("overtime_hours", "idle_hours")


def _business_inputs(draw: Draw) -> list[tuple]:
    """Before and after hours with hour costs: a made-up example, one where idle time grows while
    overtime shrinks (a buffered plan), one whose benefit never covers the running cost, and
    random figures from the draw's seed."""
    rng = draw.rng
    randoms = [
        (
            dict(zip(_HOURS_KEYS, rng.uniform(80, 400, 2), strict=True)),
            dict(zip(_HOURS_KEYS, rng.uniform(20, 80, 2), strict=True)),
            dict(zip(HOUR_COST_KEYS, rng.uniform(1_500, 4_000, 2), strict=True)),
        )
        for _ in range(3)
    ]
    costs = {"booked_short": 2_500.0, "booked_long": 2_000.0}
    return [
        (
            {"overtime_hours": 180.0, "idle_hours": 120.0},
            {"overtime_hours": 60.0, "idle_hours": 70.0},
            costs,
        ),
        (
            {"overtime_hours": 180.0, "idle_hours": 60.0},
            {"overtime_hours": 40.0, "idle_hours": 90.0},
            costs,
        ),
        (
            {"overtime_hours": 50.0, "idle_hours": 40.0},
            {"overtime_hours": 40.0, "idle_hours": 35.0},
            costs,
        ),
        *randoms,
    ]


business_case = ask(
    "business_case",
    Msg("年間の正味効果と投資回収期間", "Annual net benefit and payback"),
    Hints(
        nudge=Msg(
            "減った残業と手待ちは、それぞれ1時間いくらの価値があるでしょうか。01 で自分が決めた費用と"
            "同じ定義を使います。運用費は効果から差し引きますか。手待ちが増える計画もあります。",
            "What is an hour of overtime saved worth, and an hour of idle time? Use the same "
            "definition as your costs of 01. Does the running cost come off the benefit? And "
            "some plans increase idle time.",
        ),
        idea=Msg(
            "減った時間に、それぞれ自分の費用を掛けて足したものが月の効果です（増えた分は差し引きます）。"
            "月額の運用費を引いたものが正味の効果で、その12か月分が年間の正味効果です。回収期間は、"
            '初期費用を月の正味効果で割った月数で、正味効果が 0 以下なら回収できません（`float("inf")`）。',
            "Price each kind of hour saved at your cost and add them: a month's benefit (what "
            "grew is taken off). Less the monthly running cost, that is the net benefit; a year "
            "is 12 of them. The payback is the initial cost over the monthly net benefit, in "
            'months; if that benefit is 0 or less, it never pays back (`float("inf")`).',
        ),
        worked_step=Msg(
            "例（架空）：残業が月 100 → 40時間、手待ちが 30 → 40時間、費用が残業 2,500円・手待ち "
            "2,000円、運用費が月 5万円、初期費用 300万円 なら、月の効果は 60 × 2,500 − 10 × 2,000 ＝ "
            "13万円、正味 8万円、年間 96万円 で、回収は 300万 ÷ 8万 ＝ 37.5か月 です。",
            "Example (made up): overtime falls from 100 to 40 hours a month and idle time grows "
            "from 30 to 40, at 2,500 and 2,000 yen an hour, with 50,000 yen a month to run and 3 "
            "million yen to set up: a month gains 60 × 2,500 − 10 × 2,000 = 130,000 yen, 80,000 "
            "net, 960,000 a year, and it pays back in 3 million ÷ 80,000 = 37.5 months.",
        ),
    ),
    _business_inputs,
    # References are exact; the likeliest slips (the gross benefit, the size of each change
    # ignoring its sign, a negative payback for a plan that never pays back) are 8 % or more off.
    Figures(
        {
            "annual_net_benefit_yen": Number(Msg("年間の正味効果", "the annual net benefit"), 1e-6),
            "payback_months": Number(Msg("回収期間（月）", "payback (months)"), 1e-6, never=True),
        }
    ),
)
