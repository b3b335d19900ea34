# %% [markdown]
# <!-- ja -->
# # 04 プレゼン課題：経営層への提案
# **このノートブックでやること（約70分）**：01〜03 の数字から、大森社長に向けた1枚の提案をまとめます。
# 年間の正味効果と投資回収期間を計算する関数を書き（自動採点）、KPI 表とグラフを作り、提案文と、最後に
# 短いふりかえりを書きます（どちらも受講生同士の相互評価）。
# <!-- en -->
# # 04 Pitch to the executives
# **What you will do (about 70 min)**: put the numbers from 01–03 into a one-page proposal to
# President Omori. You write a function for the annual net benefit and the payback period (autograded),
# build a KPI table and a chart, and write the pitch and, to close, a short look back (both
# peer-reviewed).

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
from dxquest.cases.effort_prediction.schedule import monthly_summary

ex.setup(LANG)
print(business.SYSTEM_INITIAL_COST_YEN, business.SYSTEM_MONTHLY_COST_YEN)

# %% [markdown]
# <!-- ja -->
# ## 1. 数字を集める（03 から貼り付け）
# 提案の数字は、あなたが 03 で公開データを使って比べた結果です。03 で使った以下の関数を、下のセルにそのまま
# 貼り付けてください（01〜03 で採点済みなので、ここでは採点しません）：01 で定義した `hour_costs`、
# `booking_quantile`、02 のモデル（`clean_jobs`、`job_features`、`fit_model`、`predict_hours`、
# `estimate_hours`、`recent_log_errors`）、`plan_hours`。モデルの設定 `CATEGORICAL` と `PARAMS` は、03 と
# 同じものがセルに入っています（03 で変えた人は、同じように変えてください）。貼り付ける前に先へ進むと、
# 関数が定義されていないため `NameError` で止まります。
#
# 貼り付けたセルの次のセルが、03 と同じ最後の6か月の仕事（完了したもの）で、職長の計画（As-Is）とあなたの
# 計画（To-Be）の **月あたりの残業・手待ち時間** を計算し、01 で定義した枠の過不足1時間の費用 `costs` も
# 求めます。モデルを学習し直すので、少し時間がかかります。
# <!-- en -->
# ## 1. Gather the numbers (paste from 03)
# The pitch's figures are those you compared in notebook 03 on the public data. Paste these
# functions from notebook 03 into the next cell as they are (notebooks 01–03 graded them: this
# cell is not graded): `hour_costs` as you defined it in 01, `booking_quantile`, the model of 02
# (`clean_jobs`, `job_features`, `fit_model`, `predict_hours`, `estimate_hours`,
# `recent_log_errors`) and `plan_hours`. The cell already holds the model's settings,
# `CATEGORICAL` and `PARAMS`, as in 03 (if you changed them there, change them here too). Until
# you paste the functions, the cell after it stops with a `NameError`: they are not defined yet.
#
# That next cell takes the last six months' jobs (the completed ones), as notebook 03 did, and
# computes the **monthly overtime and idle hours** of the foreman's plan (As-Is) and of yours
# (To-Be), and `costs`, what an hour booked too short or too long costs by your definition in 01.
# It trains the model again, so it takes a little while.

# %% nbgrader={"grade": false, "grade_id": "plans_from_03", "locked": false, "schema_version": 3, "solution": true, "task": false}
CATEGORICAL = ["product", "paper", "machine_id", "operator_id", "binding"]
PARAMS = dict(
    n_estimators=1500, learning_rate=0.01, num_leaves=5, min_child_samples=40,
    subsample=0.8, subsample_freq=1, colsample_bytree=0.7,
    n_jobs=1, verbose=-1, random_state=0,
)

### BEGIN SOLUTION
def hour_costs(facts):
    regular_hour = facts["wage_yen"] + facts["overhead_yen"]
    overtime_hour = facts["wage_yen"] * (1 + facts["overtime_premium"]) + facts["after_hours_yen"]
    return {"booked_short": overtime_hour - regular_hour, "booked_long": regular_hour}


def booking_quantile(booked_short_yen, booked_long_yen):
    return booked_short_yen / (booked_short_yen + booked_long_yen)


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


def plan_hours(history, future):
    buffer = np.quantile(recent_log_errors(history), tau)
    return estimate_hours(history, future) * np.exp(buffer)
### END SOLUTION


# %%
data = load_data()
costs = hour_costs(business.COST_FACTS)
tau = booking_quantile(costs["booked_short"], costs["booked_long"])
history, future = estimation_task(data, holdout_cutoff(data))
recorded = data.jobs.drop_duplicates("job_id").set_index("job_id").loc[future["job_id"]]
future = future[(recorded["status"] == "completed").to_numpy()].reset_index(drop=True)
outcome = recorded.loc[future["job_id"], "actual_hours"].to_numpy()
hours = ["overtime_hours", "idle_hours"]
as_is = monthly_summary(future["start_date"], future["foreman_estimate_hours"], outcome)
to_be = monthly_summary(future["start_date"], plan_hours(history, future), outcome)
# ja: 最後の6か月の、1か月あたりの平均
# en: The mean month of the last six
as_is, to_be = as_is[hours].mean().to_dict(), to_be[hours].mean().to_dict()
too_short_yen, too_long_yen = costs["booked_short"], costs["booked_long"]
print(ja_en(f"枠が1時間短すぎたときの損 {too_short_yen:,.0f} 円、1時間長すぎたときの損 {too_long_yen:,.0f} 円 → τ = {tau:.3f}",
            f"an hour booked too short loses {too_short_yen:,.0f} yen, too long {too_long_yen:,.0f} yen → τ = {tau:.3f}"))

# %% [markdown]
# <!-- ja -->
# ## 2. 年間の正味効果と投資回収期間
# このキットでは、どのケースでも **年間効果は運用費を差し引いた正味** で数えます。回収期間は、初期費用を
# 取り戻すまでの月数です。
#
# **問題 1**：`business_case(as_is, to_be, costs)` を書いてください。残業と手待ちの減少を `costs`（01 の定義）で
# 円にし、`business.SYSTEM_MONTHLY_COST_YEN`（月額の運用費）を差し引いた **年間の正味効果**（円）と、
# `business.SYSTEM_INITIAL_COST_YEN`（初期費用）の **回収期間**（月。回収できなければ `float("inf")`）を、
# キー `"annual_net_benefit_yen"`, `"payback_months"` の dict で返します。
# <!-- en -->
# ## 2. Annual net benefit and payback
# In this kit, every case counts **the annual benefit net of the running cost**. The payback is the
# number of months to earn back the initial cost.
#
# **Question 1**: write `business_case(as_is, to_be, costs)`: put the fall in overtime and idle time
# in yen with `costs` (your definition from 01), take off `business.SYSTEM_MONTHLY_COST_YEN` (the
# monthly running cost), and return the **annual net benefit** (yen) and the **payback** of
# `business.SYSTEM_INITIAL_COST_YEN` (the initial cost; months, or `float("inf")` if it never pays
# back) as a dict with the keys `"annual_net_benefit_yen"` and `"payback_months"`.

# %% nbgrader={"grade": false, "grade_id": "business_case", "locked": false, "schema_version": 3, "solution": true, "task": false}
def business_case(as_is, to_be, costs):
    ### BEGIN SOLUTION
    fewer_overtime = as_is["overtime_hours"] - to_be["overtime_hours"]
    fewer_idle = as_is["idle_hours"] - to_be["idle_hours"]
    monthly = fewer_overtime * costs["booked_short"] + fewer_idle * costs["booked_long"]
    net_monthly = monthly - business.SYSTEM_MONTHLY_COST_YEN
    payback = (
        float("inf") if net_monthly <= 0 else business.SYSTEM_INITIAL_COST_YEN / net_monthly
    )
    return {"annual_net_benefit_yen": float(12 * net_monthly), "payback_months": float(payback)}
    ### END SOLUTION


# %%
ex.business_case.check(business_case)

# %% nbgrader={"grade": true, "grade_id": "business_case_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.business_case.grade(business_case)
### BEGIN HIDDEN TESTS
ex.business_case.grade_hidden(business_case)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. KPI 表とグラフ
# <!-- en -->
# ## 3. KPI table and chart

# %%
kpi = pd.DataFrame({"As-Is": as_is, "To-Be": to_be})
kpi.loc[ja_en("合計", "total")] = kpi.sum()
kpi[ja_en("差", "change")] = kpi["To-Be"] - kpi["As-Is"]
kpi = kpi.rename(index={
    "overtime_hours": ja_en("残業（人時/月）", "overtime (person-hours a month)"),
    "idle_hours": ja_en("手待ち（人時/月）", "idle time (person-hours a month)"),
})
display(kpi.round(1))
case = business_case(as_is, to_be, costs)
benefit, months = case["annual_net_benefit_yen"], case["payback_months"]
print(ja_en(f"年間の正味効果: {benefit:,.0f} 円、回収: {months:.1f} か月",
            f"annual net benefit: {benefit:,.0f} yen; payback: {months:.1f} months"))

fig, ax = plt.subplots(figsize=(6, 3))
labels = [ja_en("残業", "overtime"), ja_en("手待ち", "idle")]
ax.bar([0, 1], [as_is["overtime_hours"], as_is["idle_hours"]], width=0.4, label="As-Is")
ax.bar([0.4, 1.4], [to_be["overtime_hours"], to_be["idle_hours"]], width=0.4, label="To-Be")
ax.set_xticks([0.2, 1.2], labels)
ax.set_ylabel(ja_en("人時/月", "person-hours a month"))
ax.set_title(ja_en("導入前後の残業と手待ち", "Overtime and idle time before and after"))
ax.legend()
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 4. 提案文（自由記述・相互評価）
# 社長に向けて1枚で：課題（時間と円）、提案（業務がどう変わるか）、トライアルの根拠とリスク、投資対効果と
# 回収期間、ご判断いただきたい事項（次の一歩）。ルーブリックは `rubric.md` の `executive_pitch` です。
# <!-- en -->
# ## 4. The pitch (free text, peer-reviewed)
# One page for the president: the problem (hours and yen), the proposal (how the work changes),
# evidence from the trial and its risks, ROI and payback, and the ask (next step). The rubric is
# `executive_pitch` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "executive_pitch", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）いま見積もり違いで月約<!-- fig:as_is_overtime_idle_hours_per_month ~2 -->300<!-- /fig -->人時の残業と手待ちが生じ、損失は月約
# <!-- fig:as_is_loss_yen_per_month 万 ~2 -->72<!-- /fig -->万円です（残業は定時より余計に払う分、手待ちは払った定時の時間で数え、二重には数えていません）。
# 作業指示書と積算基準から工数を予測する AI で、過去のデータでのトライアルでは見積もりの誤差（MAE）が職長の約<!-- fig:ai_mae_share_of_foreman % .0f -->48<!-- /fig -->%になり、
# 予定の枠を AI で取ると、同じ仕事で職長の計画より残業＋手待ちが月約<!-- fig:hours_saved_per_month ~2 -->150<!-- /fig -->人時減りました（実際の
# 印刷会社の例は月約<!-- fig:reference_hours_saved_per_month -->180<!-- /fig -->人時）。運用費を差し引いた正味の効果は年約<!-- fig:net_benefit_yen_per_year 万 ~2 -->340<!-- /fig -->万円で、
# 初期費用<!-- fig:system_initial_cost_yen 万 ,.0f -->400<!-- /fig -->万円は約<!-- fig:payback_months .0f -->14<!-- /fig -->か月で回収できます。新しい機械や製品では外れやすいため、
# 職長の確認を残します。まず3か月、2台の機械で職長の計画と週ごとに入れ替えて試すことをご承認ください。
# <!-- en -->
# (Example answer) Wrong estimates cause about <!-- fig:as_is_overtime_idle_hours_per_month ~2 -->300<!-- /fig --> person-hours of overtime and idle
# time a month, a loss of about <!-- fig:as_is_loss_yen_per_month ~2 -->720,000<!-- /fig --> yen (overtime counted at what it pays beyond
# regular time, idle time at the regular hour paid for nothing, nothing twice). An AI that
# estimates job hours from the ticket and the costing sheet cut the estimation error (MAE) to about
# <!-- fig:ai_mae_share_of_foreman % .0f -->48<!-- /fig --> % of the foreman's in a trial on past data, and booking slots with it cut overtime plus idle time on the same jobs by about
# <!-- fig:hours_saved_per_month ~2 -->150<!-- /fig --> person-hours a month against the foreman's plan (a real printing company reported about
# <!-- fig:reference_hours_saved_per_month -->180<!-- /fig -->). Net of the running cost that is about <!-- fig:net_benefit_yen_per_year million .1f -->3.4<!-- /fig --> million yen a year, so the
# <!-- fig:system_initial_cost_yen million .0f -->4<!-- /fig --> million yen set-up pays back in about <!-- fig:payback_months .0f -->14<!-- /fig --> months. It misses more on new presses
# and products, so the foreman keeps reviewing. We ask you to approve a three-month pilot on two
# presses, alternating weeks with the foreman's plan.

# %% [markdown]
# <!-- ja -->
# ## 5. ふりかえり（自由記述・相互評価）
# 最後に、4本のノートブックを通した取り組みをふりかえります。次の2つを、それぞれ数文で具体的に書いてください。
# - **もう一度やるなら変えること**：工数の特徴量の作り方、予測区間や予定の枠の決め方、作業の進め方など、
#   自分のやり方で何を変えるか。うまくいかなかったことや、自分の結果の数字にふれてかまいません。
# - **ひばり印刷が次にやるべきこと**：提案が承認されたその先に、だれが・いつまでに・何をするか。
#   トライアルで見えた限界やリスクのどれに手を打つものかも添えてください。
#
# ルーブリックは `rubric.md` の `closing_reflection` です。
# <!-- en -->
# ## 5. Looking back (free text, peer-reviewed)
# To close, look back on your work across the four notebooks. Write a few concrete sentences on each:
# - **What you would do differently**: in building the features, setting the intervals and the
#   slots, or the way you worked. What did not work, and your own figures, are welcome.
# - **What Hibari Printing should do next**: beyond approving the proposal, who does what and by
#   when, and which limit or risk seen in the trial it addresses.
#
# The rubric is `closing_reflection` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "closing_reflection", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）変えること：製品別の外れ方を見ないまま特徴量を足していったため、LightGBM の調整に時間を
# かけすぎた。次は 01 の「実績÷見積もり」の表から効きそうな特徴量を先に決め、02 の最後の6か月で一つずつ
# 効果を確かめる。予定の枠も、τ をそのまま使う前に機械ごとのバッファを比べたい。次にやるべきこと：新しい
# 機械と初めての製品で外れやすかったので、職長が3か月間、AI の枠と自分の見積もりを並べて記録し、月次の
# 会議で製品・機械別の誤差を確認する。営業は受注時の指示書の入力漏れを毎週確認する。
# <!-- en -->
# (Example answer) Differently: I added features before looking at how the misses differ per
# product, and spent too long tuning LightGBM. Next time I would pick the likely features from
# notebook 01's actual ÷ estimate tables first and test them one at a time on notebook 02's last
# six months; I would also compare buffers per press before taking τ as given. Next: the AI
# missed most on new presses and first-time products, so for three months the foreman records
# his own estimate beside the AI's slot and the monthly meeting reviews the error per product
# and press; sales checks every week that tickets are entered in full at order intake.

# %% [markdown]
# <!-- ja -->
# ## まとめ
# ビジネス課題の数値化から、AI トライアル、予定の組み方への組み込み、運用設計、経営層への提案まで、DX の
# 一連の流れを通して経験しました。提出後、自由記述は他の受講生がルーブリックで評価します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved
# You went the whole way of a DX project: quantifying the business problem, an AI trial, building it
# into scheduling, operations design, and a pitch to the executives. After you submit, other
# learners review your free-text answers with the rubric.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
