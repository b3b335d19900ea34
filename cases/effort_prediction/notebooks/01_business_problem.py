# %% [markdown]
# <!-- ja -->
# # 01 ビジネス課題：工数の見積もり違いで何が失われているか
# **このノートブックでやること（約60分）**：ひばり印刷の3年分の仕事データと勤怠の記録を読み、
# 職長の経験による工数見積もりが **どれだけ外れているか**（平均絶対誤差）、その結果の **残業と手待ち**
# が月に何時間になっているかを数字にします。残業と手待ちの1時間がそれぞれ何円の損かは、ストーリーの事実から
# **あなたが定義します**。最後に、改善の目標（KPI と目標値）を文章で書きます。
# <!-- en -->
# # 01 Business problem: what wrong work-hour estimates cost
# **What you will do (about 60 min)**: read three years of Hibari Printing's jobs and attendance
# records, and put numbers on **how far off** the foreman's experience-based estimates are (mean
# absolute error) and how many hours of **overtime and idle time** result a month. What an hour of
# each loses in yen is **yours to define** from the story's facts. Then write the improvement goal
# (KPI and target) in your own words.

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np
import pandas as pd

from dxquest.cases.effort_prediction import business, load_data
from dxquest.cases.effort_prediction import exercises as ex

ex.setup(LANG)
data = load_data()
jobs, attendance = data.jobs, data.attendance
jobs.head()

# %% [markdown]
# <!-- ja -->
# ## 1. データを眺める
# 表は5つです。`jobs`（作業指示書と実績：1行が1つの仕事）、`machines`（印刷機）、`processes`
# （営業が見積もりに使う積算基準）、`operators`（オペレーター）、`attendance`（製造現場の月次勤怠集計）。
# 工数はすべて **人時**（2人で3時間なら6人時）です。まず印刷機と、仕事の工数の分布を見ます。
# <!-- en -->
# ## 1. Look at the data
# Five tables: `jobs` (job tickets and results, one row per job), `machines` (the presses),
# `processes` (the standard costing sheet sales uses for quotes), `operators` and `attendance` (the
# production floor's monthly attendance summary). All hours are **person-hours** (two people for
# three hours is six). Start with the presses and the distribution of job hours.

# %%
display(data.machines)
display(data.processes)

fig, ax = plt.subplots(figsize=(8, 3))
ax.hist(jobs["actual_hours"].dropna(), bins=np.arange(0, 60, 1))
ax.set_title(ja_en("仕事ごとの実績工数", "Actual hours per job"))
ax.set_xlabel(ja_en("人時", "person-hours"))
ax.set_ylabel(ja_en("仕事の数", "jobs"))
plt.show()
print(jobs["actual_hours"].describe().round(2))

# %% [markdown]
# <!-- ja -->
# 分布の形を見てください。平均と中央値はどちらが大きく、それはどんな仕事があるからでしょうか（故障や
# 刷り直しのあった仕事も記録に入っています）。このことは、後で見積もりの外れ方を測るときに効いてきます。
# <!-- en -->
# Look at the shape of the distribution. Which is larger, the mean or the median, and which jobs
# make it so (jobs with breakdowns or reprints are in the record too)? It will matter when you
# measure how far estimates miss.

# %% [markdown]
# <!-- ja -->
# ## 2. データの「汚れ」を直す
# 生産管理システムから書き出したデータには、**まったく同じ行が2回** 入っているところ（入力の二重送信）と、
# **キャンセルされた仕事**（`status` が `cancelled`、実績工数なし）があります。
#
# **問題 1**：`clean_jobs(jobs)` を書いてください。重複行を除き、完了した仕事（`status == "completed"`）
# だけを残した DataFrame を返します。
# <!-- en -->
# ## 2. Clean the export
# The export from the production system has **exact duplicate rows** (entries sent twice) and
# **cancelled jobs** (`status` is `cancelled`, no actual hours).
#
# **Question 1**: write `clean_jobs(jobs)`. Return a DataFrame without duplicate rows, keeping only
# completed jobs (`status == "completed"`).

# %%
print(jobs.duplicated().sum(), jobs["job_id"].duplicated().sum())
print(jobs["status"].value_counts())

# %% nbgrader={"grade": false, "grade_id": "clean_jobs", "locked": false, "schema_version": 3, "solution": true, "task": false}
def clean_jobs(jobs):
    ### BEGIN SOLUTION
    unique = jobs.drop_duplicates()
    return unique[unique["status"] == "completed"].reset_index(drop=True)
    ### END SOLUTION


# %%
ex.clean_jobs.check(clean_jobs)

# %% nbgrader={"grade": true, "grade_id": "clean_jobs_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.clean_jobs.grade(clean_jobs)
### BEGIN HIDDEN TESTS
ex.clean_jobs.grade_hidden(clean_jobs)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 職長の見積もりはどれだけ外れているか
# 作業指示書が出ると、職長の田村さんが経験から工数を見積もり（`foreman_estimate_hours`、30分単位）、
# 週の予定表に枠を取ります。見積もりと実績を比べてみましょう（両対数の散布図）。
# <!-- en -->
# ## 3. How far off are the foreman's estimates?
# When a job ticket is issued, Mr Tamura, the foreman, estimates its hours from experience
# (`foreman_estimate_hours`, in half hours) and books a slot on the week's schedule. Compare the
# estimates with the actual hours (log-log scatter plot).

# %%
done = jobs.drop_duplicates().dropna(subset=["actual_hours"])
fig, ax = plt.subplots(figsize=(5, 5))
ax.scatter(done["foreman_estimate_hours"], done["actual_hours"], s=4, alpha=0.3)
ax.plot([0.25, 100], [0.25, 100], color="black", linewidth=1)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel(ja_en("職長の見積もり", "foreman's estimate (h)"))
ax.set_ylabel(ja_en("実績", "actual (h)"))
ax.set_title(ja_en("見積もりと実績", "Estimate vs actual"))
plt.show()

ratio = done["actual_hours"] / done["foreman_estimate_hours"]
for column in ("product", "machine_id", "paper", "rush"):
    display(ratio.groupby(done[column]).median().round(2).rename(ja_en("実績÷見積もり（中央値）", "actual ÷ estimate (median)")))

# %% [markdown]
# <!-- ja -->
# 外れ方には **くせ** があります。どの製品・機械・用紙・特急で、見積もりが短すぎたり長すぎたりするでしょうか。
# このくせ（系統的な誤差）と、ばらつき（偶然の誤差）の両方が残業と手待ちを生みます。
#
# **問題 2**：`foreman_mae(jobs)` を書いてください。クレンジングした仕事のうち、開始日 `start_date` が
# **直近365日**（最終日を含む）のものについて、職長の見積もりの **平均絶対誤差**
# mean(|actual_hours − foreman_estimate_hours|)（時間）を返します。
# <!-- en -->
# The misses have **habits**: for which products, presses, papers and rush jobs is the estimate
# too short, or too long? Both the habits (systematic error) and the scatter (random error) cause
# overtime and idle time.
#
# **Question 2**: write `foreman_mae(jobs)`: over the cleaned jobs whose `start_date` lies in the
# **last 365 days** (the last date included), return the **mean absolute error** of the foreman's
# estimates, mean(|actual_hours − foreman_estimate_hours|), in hours.

# %% nbgrader={"grade": false, "grade_id": "foreman_mae", "locked": false, "schema_version": 3, "solution": true, "task": false}
def last_365_days(frame):
    return frame[frame["start_date"] > frame["start_date"].max() - pd.Timedelta(days=365)]


def foreman_mae(jobs):
    ### BEGIN SOLUTION
    recent = last_365_days(clean_jobs(jobs))
    return float((recent["actual_hours"] - recent["foreman_estimate_hours"]).abs().mean())
    ### END SOLUTION


# %%
ex.foreman_mae.check(foreman_mae)
print(f"{foreman_mae(jobs):.2f} h")

# %% nbgrader={"grade": true, "grade_id": "foreman_mae_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.foreman_mae.grade(foreman_mae)
### BEGIN HIDDEN TESTS
ex.foreman_mae.grade_hidden(foreman_mae)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 見積もり違いは残業と手待ちになる
# ひばり印刷では、仕事ごとに **見積もった時間の枠** を予定表に取ります。
# - 仕事が枠より長引けば、次の枠を遅らせないよう **残業** で仕上げます（残業 = 実績 − 枠）。
# - 早く終われば、次の仕事の用紙・刷版・お客様の校正が次の枠の時刻にそろう段取りなので、作業者は
#   **手待ち** になります（手待ち = 枠 − 実績）。
#
# `attendance` は、こうして生じた残業時間と手待ち時間を月ごとに集計した勤怠の記録です。
#
# **問題 3**：`monthly_overtime_idle_hours(attendance)` を書いてください。記録の **最後の12か月**（行の並び順
# ではなく `month` 列で選びます）について、`overtime_hours` と `idle_hours` の合計を月数（12）で割った、
# **月あたりの残業＋手待ち時間** を返します。
# <!-- en -->
# ## 4. Wrong estimates become overtime and idle time
# At Hibari Printing each job gets a **slot of its estimated hours** on the schedule.
# - A job that runs past its slot is finished in **overtime**, so the next slot still starts on
#   time (overtime = actual − slot).
# - A job that ends early leaves its crew **idle**: the next job's paper, plates and the customer's
#   proof are lined up for the next slot's start (idle = slot − actual).
#
# `attendance` is the monthly attendance summary with the overtime and idle hours this produced.
#
# **Question 3**: write `monthly_overtime_idle_hours(attendance)`: over the **last 12 months** of
# the record (chosen by `month`, not by the order of the rows), the total of `overtime_hours` and
# `idle_hours` divided by the number of months (12), i.e. **overtime plus idle hours a month**.

# %%
attendance.tail(12)

# %% nbgrader={"grade": false, "grade_id": "monthly_overtime_idle_hours", "locked": false, "schema_version": 3, "solution": true, "task": false}
def last_12_months(attendance):
    months = sorted(attendance["month"].unique())[-12:]
    return attendance[attendance["month"].isin(months)]


def monthly_overtime_idle_hours(attendance):
    ### BEGIN SOLUTION
    recent = last_12_months(attendance)
    total_hours = recent["overtime_hours"].sum() + recent["idle_hours"].sum()
    return float(total_hours / recent["month"].nunique())
    ### END SOLUTION


# %%
ex.monthly_overtime_idle_hours.check(monthly_overtime_idle_hours)
overtime_idle_month = monthly_overtime_idle_hours(attendance)
print(ja_en(f"残業と手待ち：月 {overtime_idle_month:,.0f} 人時", f"overtime and idle time: {overtime_idle_month:,.0f} person-hours a month"))

# %% nbgrader={"grade": true, "grade_id": "monthly_overtime_idle_hours_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.monthly_overtime_idle_hours.grade(monthly_overtime_idle_hours)
### BEGIN HIDDEN TESTS
ex.monthly_overtime_idle_hours.grade_hidden(monthly_overtime_idle_hours)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 5. 円にすると：枠の過不足1時間は、いくらの損か
# 総務の資料から、製造現場の人件費と工場の費用について次のことが分かっています（`business` にあります）。
# - 定時の1人時：賃金（社会保険料込み）`business.REGULAR_WAGE_YEN` 円と、工場の経費（昼間の電力、印刷機の
#   減価償却・保守の按分）`business.REGULAR_OVERHEAD_YEN` 円。作業があってもなくても払います。
# - 残業の1人時：賃金に `business.OVERTIME_PREMIUM`（25%）の割増がつき、さらに夜間に工場を動かす費用
#   （照明・空調・印刷機の電力、立ち会う管理者の分）が1人時あたり `business.AFTER_HOURS_RUNNING_YEN` 円。
#   残業1時間の支払いは合計 `business.OVERTIME_COST_YEN` 円です。
#
# 仕事の作業そのものは、予定の組み方がどうであれ必要です。予定が変えるのは、その1時間を定時にするか残業に
# するか、予定した定時の1時間に作業があるか待つか、です。
#
# **問題 4（判断）**：`hour_costs(facts)` を書いてください。`facts` は `business.COST_FACTS` と同じ形の
# dict（キー `"wage_yen"`, `"overhead_yen"`, `"overtime_premium"`, `"after_hours_yen"`）です。
# **枠が1時間短すぎたとき**（その時間は残業になる）と **1時間長すぎたとき**（その時間は手待ちになる）に、
# それぞれ何円を失うかを自分で定義し、キー `"booked_short"`, `"booked_long"` の dict で返してください。
# どのお金を数え、どれを数えないかがこの問題の判断です。採点では、別の工場の事実でも、あなたの定義が筋の通る
# 範囲に入るかを確かめます。この2つの費用は、03 で予定の枠を決めるとき、04 で効果を円にするときにも使います。
# <!-- en -->
# ## 5. In yen: what does an hour booked too short or too long lose?
# From the accounts you know the following about the floor's labour and the plant's costs (all in
# `business`):
# - A regular person-hour: the wage (social insurance included), `business.REGULAR_WAGE_YEN` yen,
#   and the plant's overhead (daytime power, the presses' share of depreciation and upkeep),
#   `business.REGULAR_OVERHEAD_YEN` yen. Both are paid whether the crew works or waits.
# - An overtime person-hour: the wage plus a `business.OVERTIME_PREMIUM` (25 %) premium, and
#   running the plant after hours (lights, air conditioning, the presses' power, the supervisor
#   who stays), `business.AFTER_HOURS_RUNNING_YEN` yen a person-hour. An overtime hour pays out
#   `business.OVERTIME_COST_YEN` yen in all.
#
# The work of a job has to be done however it is scheduled. The schedule decides whether an hour
# of it is done in regular time or in overtime, and whether a booked regular hour is worked or
# waited.
#
# **Question 4 (decision)**: write `hour_costs(facts)`. `facts` is a dict shaped like
# `business.COST_FACTS` (keys `"wage_yen"`, `"overhead_yen"`, `"overtime_premium"`,
# `"after_hours_yen"`). Define what the shop loses, in yen, when a slot is **one hour too short**
# (that hour is worked in overtime) and when it is **one hour too long** (that hour is waited),
# and return them as a dict with the keys `"booked_short"` and `"booked_long"`. Which money counts
# and which does not is the decision here. Grading checks, on other shops' facts too, that your
# definition falls in the range the facts can justify. You will use these two costs again in 03 to
# choose the slots and in 04 to put the benefit in yen.

# %%
business.COST_FACTS

# %% nbgrader={"grade": false, "grade_id": "hour_costs", "locked": false, "schema_version": 3, "solution": true, "task": false}
def hour_costs(facts):
    ### BEGIN SOLUTION
    regular_hour = facts["wage_yen"] + facts["overhead_yen"]
    overtime_hour = facts["wage_yen"] * (1 + facts["overtime_premium"]) + facts["after_hours_yen"]
    # ja: 残業の1時間は、同じ作業を定時にした場合より余計に払う分だけが損です。手待ちの1時間は、
    # ja: 払った定時の1時間がまるごと損です。2つを足すと残業1時間の支払いになり、二重には数えません。
    # en: An overtime hour loses only what it pays beyond the same work in regular time; an idle
    # en: hour loses the whole regular hour. Together they are one overtime hour's pay, once.
    return {"booked_short": overtime_hour - regular_hour, "booked_long": regular_hour}
    ### END SOLUTION


# %%
ex.hour_costs.check(hour_costs)

# %% nbgrader={"grade": true, "grade_id": "hour_costs_test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.hour_costs.grade(hour_costs)
### BEGIN HIDDEN TESTS
ex.hour_costs.grade_hidden(hour_costs)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# あなたの定義で、最後の12か月の残業と手待ちは月に何円の損になるでしょうか。
# <!-- en -->
# With your definition, what do the last 12 months' overtime and idle time lose a month?

# %%
costs = hour_costs(business.COST_FACTS)
last_year = last_12_months(attendance)
monthly_loss = (
    last_year["overtime_hours"].sum() * costs["booked_short"]
    + last_year["idle_hours"].sum() * costs["booked_long"]
) / last_year["month"].nunique()
print(f"{monthly_loss:,.0f} " + ja_en("円/月", "yen a month"))

# %% [markdown]
# <!-- ja -->
# 月ごとの推移も見ておきましょう。残業が多いのはどの月で、それはなぜでしょうか。KPI の目標を決めるとき、
# その月をどう扱いますか。
# <!-- en -->
# Look at the months too. In which months is overtime highest, and why? How will your KPI's target
# treat those months?

# %%
monthly = attendance.set_index("month")[["overtime_hours", "idle_hours"]]
fig, ax = plt.subplots(figsize=(10, 3))
monthly.plot.bar(stacked=True, ax=ax, width=0.8)
ax.set_title(ja_en("月ごとの残業と手待ち", "Overtime and idle hours per month"))
ax.set_xlabel(ja_en("月", "month"))
ax.set_ylabel(ja_en("人時", "person-hours"))
ax.legend([ja_en("残業", "overtime"), ja_en("手待ち", "idle")])
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 6. KPI と目標（自由記述・受講生同士で相互評価）
# 上の数字をもとに、この取り組みで追うべき **KPI** と **目標値**（いつまでに、どこから、どこまで）、
# その **測り方** を書いてください。ルーブリックは `rubric.md` にあります。
# <!-- en -->
# ## 6. KPI and target (free text, peer-reviewed)
# From the numbers above, write the **KPI** this project should track, a **target** (by when, from
# what level to what level) and **how it is measured**. The rubric is in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "kpi_and_target", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）KPI は「残業＋手待ち時間（人時/月）とその費用（円/月）」と「見積もりの平均絶対誤差（時間）」。
# 現状は月約300人時・約72万円（残業は定時より余計に払う分、手待ちは払った定時の時間で数えて）、誤差は約3.1時間。
# 本番開始から6か月で残業＋手待ちを月150人時以下に、
# 誤差を1.5時間以下にする。勤怠集計と作業日報から毎月、製品別・機械別に測る。
# <!-- en -->
# (Example answer) KPIs: overtime plus idle person-hours a month and their cost in yen, and the
# mean absolute error of the estimates in hours. Today: about 300 person-hours and 720,000 yen a
# month (overtime counted at what it pays beyond regular time, idle time at the regular hour paid
# for nothing), and an error of about 3.1 hours. Target: at most 150 person-hours a month and an error of at
# most 1.5 hours within six months of go-live, measured monthly per product and press from the
# attendance summary and the daily job reports.

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 見積もり違いが、残業と手待ちとして月に何時間・何円になっているかが数字になりました。次のノートブック
# **02** では、作業指示書と積算基準から工数を予測するモデルを作り、職長の見積もりと比べます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You have put hours and yen on what wrong estimates cost as overtime and idle time. In notebook
# **02** you build a model that estimates work hours from the job ticket and the costing sheet, and
# compare it with the foreman's estimates.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
