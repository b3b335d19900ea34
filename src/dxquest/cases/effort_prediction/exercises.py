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

monthly_loss_yen = ask(
    "monthly_loss_yen",
    Msg("月あたりの残業・手待ちの費用（円）", "monthly cost of overtime and idle time (yen)"),
    Hints(
        nudge=Msg(
            "残業1時間と手待ち1時間は、同じ費用でしょうか。それぞれの単価は `business` にあります。期間は"
            "問題 3 と同じ最後の12か月です。",
            "Do an hour of overtime and an hour of idle time cost the same? Each rate is in "
            "`business`. The period is the last 12 months, as in question 3.",
        ),
        idea=Msg(
            "残業時間と手待ち時間に、それぞれの単価を掛けてから足し、月の数で割って月平均にします。残業の"
            "単価には割増賃金と夜間の工場の運転費が入っているので、高いほうです。取り違えないよう確かめ"
            "ましょう。",
            "Price the overtime hours and the idle hours each at their own rate, add them, and "
            "divide by the number of months for a monthly mean. The overtime rate includes the "
            "premium wage and running the plant after hours, so it is the higher one: check you "
            "have not swapped them.",
        ),
        worked_step=Msg(
            "例（架空。単価も架空）：最後の12か月で残業が合計 600時間、手待ちが合計 300時間、単価が残業 "
            "4,000円・手待ち 2,500円 なら、(600 × 4,000 ＋ 300 × 2,500) ÷ 12 ＝ 262,500円/月 です。",
            "Example (made up, rates too): 600 hours of overtime and 300 of idle time over the last "
            "12 months, at 4,000 yen an overtime hour and 2,500 an idle hour, cost "
            "(600 × 4,000 + 300 × 2,500) ÷ 12 = 262,500 yen a month.",
        ),
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
    Msg("工数予測が職長の見積もりに勝つ", "Estimates beat the foreman's"),
    _ESTIMATE_HINTS,
    estimation_windows,
    _ESTIMATES,
    expensive=True,
)
estimate_skill_pass = ask(
    "estimate_skill_pass",
    Msg("工数予測 skill ≥ 0.5（合格）", "Estimate skill ≥ 0.5 (pass)"),
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


_PLAN_HINTS = Hints(
    nudge=Msg(
        "枠が短すぎれば残業、長すぎれば手待ちです。残業1時間と手待ち1時間は、どちらが高いでしょうか。"
        "予測の中央値ちょうどで枠を取るのが、いちばん安いとは限りません。",
        "A slot too short means overtime, too long means idle time. Which costs more, an hour of "
        "overtime or an hour of idle time? Booking exactly the median estimate is not "
        "necessarily cheapest.",
    ),
    idea=Msg(
        "新聞売り子問題と同じ考え方です。枠を工数の分布の τ 分位点にすると、費用が最小になります。τ は"
        "残業と手待ちの単価から決まる比率で、`business.PLAN_QUANTILE` にあります。02 の予測区間と同じ"
        "「最近の外れ方」を使えば、その τ 分位点ぶんの余裕（バッファ）を予測に掛けることになります。",
        "It is the newsvendor problem again: booking the τ-quantile of a job's distribution of "
        "hours minimises the cost, τ being the ratio the overtime and idle rates set, "
        '`business.PLAN_QUANTILE`. With the "recent misses" of your intervals from 02, that '
        "means multiplying the estimate by a buffer taken at their τ-quantile.",
    ),
    worked_step=Msg(
        "例（架空。単価も架空）：残業1時間 6,000円、手待ち1時間 2,000円 なら、τ ＝ 6,000 ÷ (6,000 ＋ "
        "2,000) ＝ 0.75 です。最近の「実績 ÷ 予測」を小さい順に並べた75%点が 1.2 なら、予測 10時間 の"
        "仕事の枠は 12時間 にします。",
        "Example (made up, rates too): at 6,000 yen an overtime hour and 2,000 an idle hour, τ = "
        "6,000 ÷ (6,000 + 2,000) = 0.75. If the 75% point of recent actual ÷ estimate ratios is "
        "1.2, a job estimated at 10 hours gets a 12-hour slot.",
    ),
)
_PLANS = Predictions(Msg("計画工数", "the planned hours"), _future_rows, _plan_beats_foreman)

plan_beats_foreman = ask(
    "plan_beats_foreman",
    Msg("計画の残業・手待ち費用が職長の計画より低い", "Plan costs less than the foreman's"),
    _PLAN_HINTS,
    estimation_windows,
    _PLANS,
    expensive=True,
)
plan_skill_pass = ask(
    "plan_skill_pass",
    Msg("計画 skill ≥ 0.5（合格）", "Plan skill ≥ 0.5 (pass)"),
    _PLAN_HINTS,
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
    Hints(
        nudge=Msg(
            "1件ごとの残業＋手待ちは、実績と枠の差の大きさです（長すぎても短すぎても数えます）。職長の"
            "計画と新しい計画を、それぞれ合計してから比べましょう。月の数は、データに何か月分あるかで"
            "数えます。",
            "A job's overtime plus idle time is the size of the gap between its actual hours and "
            "its slot (too long or too short, both count). Total it for the foreman's plan and for "
            "the new plan, then compare. Count the months the data spans.",
        ),
        idea=Msg(
            "2つの計画の「実績と枠の差の大きさ」の合計の差を、start_date に含まれる月の数で割ります。"
            "月は年と月の組で数えましょう。1年を超えるデータでは「1月」が2回（2024年1月と2025年1月のように）出てきます。新しい計画の"
            "ほうが悪ければ、答えは負になります（0 で止めません）。",
            "Divide the difference between the two plans' total gaps by the number of months in "
            "start_date. Count months as year and month together: data longer than a year has two "
            "Januaries. If the new plan is worse, the answer is negative (do not stop at 0).",
        ),
        worked_step=Msg(
            "例（架空）：2024年12月 と 2025年1月 の仕事が3件、実績 4・6・3時間、職長の枠 5・4・3時間、"
            "新しい枠 4・5・4時間。職長の計画は 1 ＋ 2 ＋ 0 ＝ 3時間、新しい計画は 0 ＋ 1 ＋ 1 ＝ 2時間 で、"
            "月は2つなので、削減は (3 − 2) ÷ 2 ＝ 0.5時間/月 です。",
            "Example (made up): three jobs in December 2024 and January 2025 took 4, 6 and 3 hours; "
            "the foreman booked 5, 4 and 3, the new plan 4, 5 and 4. The foreman's plan is off by "
            "1 + 2 + 0 = 3 hours, the new one by 0 + 1 + 1 = 2, over 2 months: it saves "
            "(3 − 2) ÷ 2 = 0.5 hours a month.",
        ),
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
    Hints(
        nudge=Msg(
            "残業と手待ちが、それぞれ月に何時間減ったかを円に直します。残業1時間と手待ち1時間は単価が"
            "違います。答えは年間で求められています。",
            "Turn the overtime and the idle hours saved a month into yen: an hour of each has its "
            "own rate. The answer is asked for a year.",
        ),
        idea=Msg(
            "「導入前 − 導入後」で減った時間を、残業と手待ちそれぞれの単価（`business` にあります）で円に"
            "して足すと1か月の効果、その12か月分が年間の効果です。手待ちが増える計画もあります。増えた分は"
            "差し引きます（大きさだけにしません）。",
            "Price the hours saved (before minus after) at the overtime and the idle rates (in "
            "`business`) and add them: that is a month's benefit, and a year is 12 of them. A plan "
            "can increase idle time: what grew is taken off, not counted by its size.",
        ),
        worked_step=Msg(
            "例（架空。単価も架空）：残業が 200 → 80時間、手待ちが 40 → 60時間、単価が残業 4,000円・手待ち "
            "2,500円 なら、月の効果は 120 × 4,000 − 20 × 2,500 ＝ 43万円、年間 516万円 です。",
            "Example (made up, rates too): overtime falls from 200 to 80 hours and idle time "
            "rises from 40 to 60 hours, at 4,000 and 2,500 yen an hour: a month gains "
            "120 × 4,000 − 20 × 2,500 = 430,000 yen, a year 5,160,000 yen.",
        ),
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
    Hints(
        nudge=Msg(
            "回収期間は、初期費用を毎月の正味の効果で何か月かけて取り戻すかです。運用費は年額ですか、"
            "月額ですか。効果が運用費に届かなければどうなるでしょうか。",
            "The payback period is how many months of net benefit it takes to earn back the "
            "initial cost. Is the running cost given a year or a month? And what if the benefit "
            "never covers it?",
        ),
        idea=Msg(
            "年間の効果を月あたりに直してから月額の運用費を引き、初期費用をその正味の効果で割ります。正味の"
            '効果が 0 以下なら、回収できない（`float("inf")`）と返します。',
            "Turn the annual benefit into a monthly one, take off the monthly running cost, and "
            "divide the initial cost by what is left. If that is 0 or less, it never pays back "
            '(`float("inf")`).',
        ),
        worked_step=Msg(
            "例（架空）：年間効果 480万円、初期費用 300万円、月額運用費 15万円 なら、月の正味の効果は "
            "40万 − 15万 ＝ 25万円 で、回収期間は 300万 ÷ 25万 ＝ 12か月 です。",
            "Example (made up): a benefit of 4.8 million yen a year, an initial cost of 3 million "
            "and 150,000 yen a month to run leave 400,000 − 150,000 = 250,000 yen a month, so it "
            "pays back in 3 million ÷ 250,000 = 12 months.",
        ),
    ),
    _payback_inputs,
    # Leaving out the running cost is 1.9 % off or more; a break-even never pays back (inf).
    Number(Msg("回収期間（月）", "payback (months)"), 1e-6, never=True),
)
