# %% [markdown]
# <!-- ja -->
# # 03 業務適合性の検証・運用設計
# **このノートブックでやること（約90分）**：予測と区間を使って **予定の枠の取り方** を決めます。
# 枠が短すぎれば残業、長すぎれば手待ちになり、残業1時間は手待ち1時間より高くつきます。この非対称から
# 「予測にどれだけ余裕（バッファ）を足すか」を決め、計画 `plan_hours` を作ります。ある週の予定表で職長の
# 計画と比べ、残業＋手待ちが月に何時間減るかを、実際の会社の例（月約180時間）と比べます。最後に運用設計を
# 文章で書きます。
#
# 採点では非公開の会社の最後の12か月で、あなたの計画の残業＋手待ちの費用（円）を、職長の計画と、オラクル
# （各仕事の本当の工数の分布を知る最良の計画）と比べます。
# <!-- en -->
# # 03 Fit to the work and operations design
# **What you will do (about 90 min)**: use the estimates and intervals to decide **how long a slot
# to book** for each job. A slot too short means overtime, too long means idle time, and an hour of
# overtime costs more than an hour of idle time. That asymmetry sets how much buffer to add, which
# gives your plan `plan_hours`. You compare it with the foreman's plan on one week's schedule, count
# the overtime plus idle hours it saves a month, and compare that with a real company's result
# (about 180 hours a month). Then you write the operations design.
#
# Grading compares the cost (yen) of your plan's overtime and idle time on the last 12 months of a
# hidden company history with the foreman's plan and with the oracle (the best plan given each job's
# true distribution of hours).

# %% tags=["parameters"]
LANG = "ja"

# %%
from dataclasses import replace

import lightgbm as lgb
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np
import pandas as pd

from dxquest.cases.effort_prediction import business, load_data, press_layout, standard_hours
from dxquest.cases.effort_prediction import exercises as ex
from dxquest.cases.effort_prediction.data import estimation_task, holdout_cutoff
from dxquest.cases.effort_prediction.schedule import monthly_summary, week_timeline

ex.setup(LANG)
data = load_data()
cutoff = holdout_cutoff(data)
history, future = estimation_task(data, cutoff)
recorded = data.jobs.drop_duplicates("job_id").set_index("job_id").loc[future["job_id"]]
# ja: 後で取り消された仕事には比べる実績がないので、完了した仕事で比べます。
# en: Jobs later cancelled have no hours to compare with: compare on the completed ones.
future = future[(recorded["status"] == "completed").to_numpy()].reset_index(drop=True)
outcome = recorded.loc[future["job_id"], "actual_hours"].to_numpy()

# %% [markdown]
# <!-- ja -->
# ## 1. 予測モデル（02 から貼り付け）
# 02 で作った `clean_jobs`、`job_features`、`fit_model`、`predict_hours`、`estimate_hours`、
# `recent_log_errors` をここに貼り付けてください。
# <!-- en -->
# ## 1. The model (paste from 02)
# Paste `clean_jobs`, `job_features`, `fit_model`, `predict_hours`, `estimate_hours` and
# `recent_log_errors` from notebook 02 here.

# %% nbgrader={"grade": false, "grade_id": "model_from_02", "locked": false, "schema_version": 3, "solution": true, "task": false}
CATEGORICAL = ["product", "paper", "machine_id", "operator_id", "binding"]
PARAMS = dict(
    n_estimators=1500, learning_rate=0.01, num_leaves=5, min_child_samples=40,
    subsample=0.8, subsample_freq=1, colsample_bytree=0.7,
    n_jobs=1, verbose=-1, random_state=0,
)

### BEGIN SOLUTION
def clean_jobs(jobs):
    unique = jobs.drop_duplicates()
    return unique[unique["status"] == "completed"].reset_index(drop=True)


def job_features(jobs, history):
    standard = standard_hours(jobs, history.machines, history.processes)
    layout = press_layout(jobs, history.machines)
    operators = history.operators.set_index("operator_id")
    x = jobs[["pages", "copies", "sheets", "folds", "lamination", "die_cut", "rush",
              "repeat_order", "new_customer"]].copy()
    for column in CATEGORICAL:
        x[column] = pd.Categorical(jobs[column], categories=sorted(history.jobs[column].unique()))
    x["month"] = jobs["start_date"].dt.month
    main_machine = jobs["operator_id"].map(operators["main_machine"])
    x["off_main_machine"] = (main_machine != jobs["machine_id"]).astype(int)
    joined = jobs["operator_id"].map(operators["joined"])
    x["operator_months"] = (jobs["start_date"] - joined).dt.days / 30.4
    x[["forms", "passes", "plates"]] = layout[["forms", "passes", "plates"]]
    for part in ("prepress", "makeready", "run"):
        x[f"std_{part}"] = standard[part]
    x["std_finishing"] = standard["total"] - standard[["prepress", "makeready", "run"]].sum(axis=1)
    x["std_total"] = standard["total"]
    for part in ("prepress", "makeready", "run", "finishing"):
        x[f"share_{part}"] = x[f"std_{part}"] / x["std_total"]
    return x


def fit_model(history, **objective):
    train = clean_jobs(history.jobs)
    x_train = job_features(train, history)
    y_train = np.log(train["actual_hours"] / x_train["std_total"])
    return lgb.LGBMRegressor(**objective, **PARAMS).fit(x_train, y_train)


def predict_hours(model, jobs, history):
    x_jobs = job_features(jobs, history)
    return np.exp(model.predict(x_jobs)) * x_jobs["std_total"].to_numpy()


def estimate_hours(history, future):
    robust = fit_model(history, objective="huber", alpha=0.3)
    return predict_hours(robust, future, history)


def recent_log_errors(history, months=6):
    split = history.jobs["start_date"].max() - pd.DateOffset(months=months)
    earlier = replace(history, jobs=history.jobs[history.jobs["start_date"] <= split])
    recent = clean_jobs(history.jobs[history.jobs["start_date"] > split])
    estimated = predict_hours(fit_model(earlier, objective="huber", alpha=0.3), recent, earlier)
    return np.log(recent["actual_hours"].to_numpy() / estimated)
### END SOLUTION


# %% [markdown]
# <!-- ja -->
# ## 2. 枠をどれだけ取るか
# 仕事ごとに、枠が1時間短いと残業1時間（`business.OVERTIME_COST_YEN` 円）、1時間長いと手待ち1時間
# （`business.HOURLY_COST_YEN` 円）を失います。新聞売り子問題と同じ考え方で、**枠を工数の分布の
# τ 分位点にすると費用が最小** になります：
#
# τ ＝ 残業の費用 ÷（残業の費用 ＋ 手待ちの費用）＝ `business.PLAN_QUANTILE`
#
# 中央値（τ = 0.5）なら残業と手待ちの **時間** の合計が最小、τ > 0.5 なら少し長めに取って高い残業を減らします。
# 02 の区間と同じ「最近の外れ方」を使えば、バッファは誤差 log(実績 ÷ 予測) の τ 分位点です。
# 下の図は、最後の6か月で、予測に足すバッファ（%）ごとの費用を描いたものです。
# <!-- en -->
# ## 2. How long a slot to book
# Per job, a slot one hour too short loses an hour of overtime (`business.OVERTIME_COST_YEN` yen),
# one hour too long an hour of idle time (`business.HOURLY_COST_YEN` yen). As in the newsvendor
# problem, **booking the τ-quantile of the job's distribution of hours minimises the cost**:
#
# τ = overtime cost ÷ (overtime cost + idle cost) = `business.PLAN_QUANTILE`
#
# The median (τ = 0.5) minimises the total **hours** of overtime and idle time; τ > 0.5 books a
# little longer to avoid the dearer overtime. With the "recent misses" of notebook 02's intervals,
# the buffer is the τ-quantile of the errors log(actual ÷ estimate). The plot shows the cost of each
# buffer (%) added to the estimates over the last six months.

# %%
print(f"τ = {business.PLAN_QUANTILE:.3f}")
middle = estimate_hours(history, future)
buffers = np.linspace(-0.2, 0.5, 29)
costs = []
for b in buffers:
    slots = middle * (1 + b)
    overtime = np.maximum(outcome - slots, 0).sum()
    idle = np.maximum(slots - outcome, 0).sum()
    costs.append((overtime * business.OVERTIME_COST_YEN + idle * business.HOURLY_COST_YEN) / 6)
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(buffers * 100, np.array(costs) / 1e4)
ax.set_xlabel(ja_en("予測に足すバッファ", "buffer added to the estimate (%)"))
ax.set_ylabel(ja_en("万円/月", "10,000 yen a month"))
ax.set_title(ja_en("バッファと残業・手待ちの費用", "Buffer vs overtime and idle cost"))
plt.show()

# %% [markdown]
# <!-- ja -->
# **問題 1**：`plan_hours(history, future)` を書いてください。`future` の仕事ごとに予定表に取る枠の時間
# （人時）を返します。予測に、最近の誤差の τ 分位点ぶんのバッファを掛けるのが出発点です。
# <!-- en -->
# **Question 1**: write `plan_hours(history, future)`: for each job of `future`, the slot (person-hours)
# to book on the schedule. A good start: multiply the estimate by the buffer given by the τ-quantile
# of recent errors.

# %% nbgrader={"grade": false, "grade_id": "plan_hours", "locked": false, "schema_version": 3, "solution": true, "task": false}
def plan_hours(history, future):
    ### BEGIN SOLUTION
    buffer = np.quantile(recent_log_errors(history), business.PLAN_QUANTILE)
    return estimate_hours(history, future) * np.exp(buffer)
    ### END SOLUTION


# %%
ex.plan_beats_foreman.check(plan_hours)

# %% nbgrader={"grade": true, "grade_id": "plan_beats_foreman_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.plan_beats_foreman.grade(plan_hours)
### BEGIN HIDDEN TESTS
ex.plan_beats_foreman.grade_hidden(plan_hours)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "plan_skill_pass_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.plan_skill_pass.grade(plan_hours)
### BEGIN HIDDEN TESTS
ex.plan_skill_pass.grade_hidden(plan_hours)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. ある1週間の予定表
# 最後の6か月から、仕事がいちばん多かったオペレーターの1週間を取り出し、職長の計画と AI の計画を並べます。
# 薄い帯が予定の枠、濃い帯が実際にかかった時間です。濃い帯が枠をはみ出した分が残業、枠に届かなかった分が
# 手待ちです（横軸は仕事の人時を順に並べたもの）。
# <!-- en -->
# ## 3. One week of the schedule
# From the last six months, take the week of the operator with the most jobs and put the foreman's
# plan next to the AI plan. Light bars are the booked slots, dark bars the time the jobs really took:
# a dark bar past its slot is overtime, one that stops short is idle time (the axis lays the jobs'
# person-hours end to end).

# %%
plans = future[["job_id", "start_date", "operator_id", "foreman_estimate_hours"]].assign(
    actual_hours=outcome, planned_hours=plan_hours(history, future)
)
plans["week"] = plans["start_date"].dt.to_period("W").dt.start_time
operator, week_start = plans.groupby(["operator_id", "week"]).size().idxmax()
week = plans[(plans["operator_id"] == operator) & (plans["week"] == week_start)]

fig, axes = plt.subplots(2, 1, figsize=(10, 5), sharex=True)
for ax, (label, column) in zip(
    axes, [(ja_en("職長の計画", "foreman's plan"), "foreman_estimate_hours"), (ja_en("AIの計画", "AI plan"), "planned_hours")]
):
    timeline = week_timeline(week, week[column], week["actual_hours"])
    rows = np.arange(len(timeline))
    ax.barh(rows, timeline["slot_end"] - timeline["slot_start"], left=timeline["slot_start"],
            color="tab:blue", alpha=0.25, edgecolor="tab:blue")
    ax.barh(rows, timeline["actual_end"] - timeline["slot_start"], left=timeline["slot_start"],
            height=0.35, color="tab:red")
    overtime = np.maximum(week["actual_hours"] - week[column], 0).sum()
    idle = np.maximum(week[column] - week["actual_hours"], 0).sum()
    ax.set_title(f"{label}: " + ja_en(f"残業 {overtime:.1f} h、手待ち {idle:.1f} h",
                                         f"overtime {overtime:.1f} h, idle {idle:.1f} h"))
    ax.set_yticks(rows, timeline["job_id"])
    ax.invert_yaxis()
axes[-1].set_xlabel(ja_en(f"{operator}、{week_start.date()} の週: 人時",
                          f"{operator}, week of {week_start.date()}: person-hours"))
plt.tight_layout()
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 4. 月に何時間減るか
# **問題 2**：`hours_saved_per_month(plans)` を書いてください。`plans` は仕事ごとに `start_date`、
# `actual_hours`、`foreman_estimate_hours`（職長の計画の枠）、`planned_hours`（新しい計画の枠）をもつ
# DataFrame です。職長の計画の残業＋手待ち（仕事ごとに |実績 − 枠|）の合計から、新しい計画のそれを引き、
# `start_date` の月の数で割った **月あたりの削減時間** を返します。
# <!-- en -->
# ## 4. How many hours a month does it save?
# **Question 2**: write `hours_saved_per_month(plans)`. `plans` is a DataFrame with `start_date`,
# `actual_hours`, `foreman_estimate_hours` (the foreman's slot) and `planned_hours` (the new slot)
# per job. Return the overtime plus idle hours of the foreman's plan (per job |actual − slot|) minus
# those of the new plan, divided by the number of months of `start_date`: the **hours saved a month**.

# %% nbgrader={"grade": false, "grade_id": "hours_saved_per_month", "locked": false, "schema_version": 3, "solution": true, "task": false}
def hours_saved_per_month(plans):
    ### BEGIN SOLUTION
    foreman_hours = (plans["actual_hours"] - plans["foreman_estimate_hours"]).abs().sum()
    new_hours = (plans["actual_hours"] - plans["planned_hours"]).abs().sum()
    months = plans["start_date"].dt.strftime("%Y-%m").nunique()
    return float((foreman_hours - new_hours) / months)
    ### END SOLUTION


# %%
ex.hours_saved_per_month.check(hours_saved_per_month)
saved = hours_saved_per_month(plans)
real = business.REFERENCE_HOURS_SAVED_PER_MONTH
print(ja_en(f"削減: {saved:,.0f} h/月（実際の会社の例: {real} h/月）",
            f"saved: {saved:,.0f} h a month (the real company: {real} h a month)"))

# %% nbgrader={"grade": true, "grade_id": "hours_saved_per_month_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.hours_saved_per_month.grade(hours_saved_per_month)
### BEGIN HIDDEN TESTS
ex.hours_saved_per_month.grade_hidden(hours_saved_per_month)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 月ごとに見ると、残業が大きく減り、手待ちも減っています。残った残業と手待ちは、主に予測しようのない
# ばらつきと、故障・刷り直しによるものです。
# <!-- en -->
# Month by month, overtime falls a lot and idle time falls too. What remains comes mostly from
# scatter nobody can predict, and from breakdowns and reprints.

# %%
as_is = monthly_summary(plans["start_date"], plans["foreman_estimate_hours"], outcome)
to_be = monthly_summary(plans["start_date"], plans["planned_hours"], outcome)
display(pd.concat({ja_en("職長", "foreman"): as_is, "AI": to_be}, axis=1).round(0))

# %% [markdown]
# <!-- ja -->
# ## 5. 運用設計（自由記述・相互評価）
# As-Is と To-Be の業務の流れ（だれが作業指示書の項目を入れ、いつ予測が出て、職長はどう確認・修正するか）、
# 精度の監視と再学習、データの保管、例外（新しい製品や機械、特急、故障・刷り直し、新人のオペレーター）
# への対応を書いてください。
# <!-- en -->
# ## 5. Operations design (free text, peer-reviewed)
# Describe the As-Is and To-Be process (who enters the ticket fields, when the estimate appears, how
# the foreman reviews and overrides it), accuracy monitoring and retraining, data storage, and how
# exceptions are handled (new products or presses, rush jobs, breakdowns and reprints, a new operator).

# %% [markdown] nbgrader={"grade": true, "grade_id": "operations_design", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）As-Is：職長が指示書を見て経験で見積もり、ホワイトボードに枠を書く。To-Be：営業が受注時に指示書を
# タブレットで入力し、AI が工数と区間を表示。職長は毎週金曜に翌週の予定を AI の枠（τ分位点）で組み、
# 区間が広い仕事と初めての製品だけ見直す（修正は理由つきで記録）。毎月、製品・機械別の MAE と残業・手待ちを
# 確認し、3か月続けて悪化したら再学習。新しい機械は3か月は職長の見積もりと併用。日報の実績工数は15分単位で
# 必ず入力し、故障・刷り直しは理由コードで残す。
# <!-- en -->
# (Example answer) As-Is: the foreman reads the ticket, estimates from experience and writes the slot
# on the whiteboard. To-Be: sales enters the ticket on a tablet at order intake and the AI shows the
# estimate and its range; every Friday the foreman plans next week with the AI's slots (the
# τ-quantile) and reviews only wide-interval jobs and first-time products, logging a reason for each
# override. Each month MAE, overtime and idle time are checked per product and press; three months
# of decline trigger retraining. A new press runs alongside the foreman's estimates for three months.
# Actual hours are always entered in 15-minute units, and breakdowns and reprints get a reason code.

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 予測と区間から予定の枠を決め、残業と手待ちが月に何時間・何円減るかを確かめました。最後の **04** では、
# これまでの数字で社長への提案を1枚にまとめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You turned estimates and intervals into schedule slots and measured the overtime and idle hours
# (and yen) saved a month. In the last notebook, **04**, you put the numbers into a one-page proposal
# to the president.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
