# %% [markdown]
# <!-- ja -->
# # 02 要求定義・要件定義と AI トライアル
# **このノートブックでやること（約120分）**：まず、AI に何を求めるのか（要求定義・要件定義）を自分の言葉で
# 決めます。そのうえで、(1) 評価指標を選んで実装し、(2) 積算基準を使った説明しやすいモデルを作り、
# (3) LightGBM の予測モデルで職長の見積もりに勝ち、(4) 予測区間（どこからどこまでに収まりそうか）を
# 出します。
#
# 採点では、あなたの `estimate_hours` を **非公開の会社の最後の12か月**（6か月ずつ2回、それぞれ
# それより前の履歴だけで学習）で実行し、
# 改善到達度 ＝（職長の MAE − あなたの MAE）÷（職長の MAE − 理論上の最善の MAE）を計算します。
# 理論上の最善とは、各仕事の本当の工数の分布を知っている場合の見積もりです。合格 0.5（優良 0.75・秀 0.9 は記録されます）。
# <!-- en -->
# # 02 Requirements and the AI trial
# **What you will do (about 120 min)**: first decide, in your own words, what the AI is needed
# for (business and system requirements). Then you (1) choose and implement the accuracy measures,
# (2) build an explainable model from the standard costing sheet, (3) beat the foreman with a
# LightGBM model, and (4) give prediction intervals (the range a job will probably fall in).
#
# Grading runs your `estimate_hours` on **the last 12 months of a hidden company history** (two
# windows of six months, each trained only on the history before it) and computes
# skill = (foreman's MAE − your MAE) ÷ (foreman's MAE − oracle's MAE), where the oracle knows each
# job's true distribution of hours, the best any model could do. Pass 0.5 (merit 0.75 and
# distinction 0.9 are recorded).

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

from dxquest.cases.effort_prediction import exercises as ex
from dxquest.cases.effort_prediction import load_data, press_layout, standard_hours
from dxquest.cases.effort_prediction.data import estimation_task, holdout_cutoff

ex.setup(LANG)
data = load_data()

# %% [markdown]
# <!-- ja -->
# ## 0. 要求定義・要件定義（自由記述・相互評価）：モデルを作る前に
# 01 で、見積もり違いが残業と手待ちになっていることを数字にしました。AI を試す前に、何のための予測かを
# 決めておきます。次の2つを分けて書いてください。
# - **要求定義**：だれが（例：職長、営業）、どの判断を（例：週の予定の枠、納期の回答）、いつ（例：受注時、
#   前の週の金曜）行うために予測を使うのか。その判断がよくなったことを、どの KPI で確かめるのか。
# - **要件定義**：予測に使えるデータ（その時点で分かっている項目はどれか、だれが入れるか）、予測の対象と
#   粒度（仕事ごと、工程ごと、人時か機械時間か）、どれだけ先の仕事まで予測するか（例：翌週分）、いつの時点で
#   出すか、出力（1つの数字か、幅もか）、必要な精度とその理由（どの指標で、どこまで外れても業務が回るか）。
#
# この後のトライアルで分かったことに合わせて、書き直してかまいません。
# <!-- en -->
# ## 0. Requirements (free text, peer-reviewed): before building a model
# Notebook 01 put numbers on the overtime and idle time wrong estimates cause. Before trying an
# AI, decide what the estimate is for. Write the two parts separately:
# - **Business requirements**: who (e.g. the foreman, sales) uses the estimate for which decision
#   (e.g. the week's slots, the delivery date promised) and when (e.g. at order intake, on the
#   Friday before); and by which KPI you will tell that the decision got better.
# - **System requirements**: the data the estimate may use (which fields are known at that point,
#   and who enters them), what is estimated and at what granularity (per job or per process,
#   person-hours or press hours), how far ahead (e.g. next week's jobs), when it is produced, the
#   output (one figure, or a range too), and the accuracy needed and why (by which measure, and how
#   far off the work can still run).
#
# You may revise it after the trial.

# %% [markdown] nbgrader={"grade": true, "grade_id": "requirements_definition", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）要求：職長が毎週金曜に翌週の予定の枠を組むとき、仕事ごとの工数を使う。営業は受注時に納期を
# 答えるときに使う。KPI は残業＋手待ちの時間（人時/月）とその費用。要件：入力は作業指示書の全項目（製品・
# 部数・色数・用紙・機械・加工など、受注時に営業がタブレットで入力）で、実績や故障の記録は使わない。予測は
# 仕事ごとの人時で、指示書の登録から1分以内に、中央値と80%区間を出す。指標は MAE（残業・手待ちは時間で
# 生じるため。MMRE は短めの見積もりを良く見せるので使わない）。目標は MAE を職長の半分以下にすること。
# 区間は予定の余裕を決めるのに要る。
# <!-- en -->
# (Example answer) Business: the foreman uses each job's hours every Friday to book next week's
# slots; sales uses them at order intake to promise a delivery date. KPI: overtime plus idle
# person-hours a month and their cost. System: inputs are all ticket fields (product, copies,
# colours, paper, press, finishing..., entered by sales on a tablet at order intake), never the
# actual hours or breakdown records. The estimate is per job in person-hours, within a minute of
# ticket entry, as the median and an 80% interval. The measure is the MAE (overtime and idle time
# come in hours; MMRE flatters low estimates). Target: MAE at most half the foreman's. The
# interval is needed to set the schedule's margin.

# %% [markdown]
# <!-- ja -->
# ## 1. 予測の「問題設定」
# `estimation_task(data, cutoff)` は、`cutoff` の時点で会社が知っている情報 `history`（納期が `cutoff` より
# 前の、実績工数が確定した仕事と、それより前の月の勤怠、印刷機・積算基準・オペレーターの表）と、予測すべき
# 仕事 `future`（`cutoff` 以降に始まる仕事の **作業指示書の列だけ**：実績工数やトラブルの記録は入っていません。
# あとでキャンセルされる仕事も、その時点では分からないので入っています）を返します。ここでは自分のデータの
# 最後の6か月を `future` にして、モデルを試します。実績と比べるのは完了した仕事だけです。
# <!-- en -->
# ## 1. The estimation task
# `estimation_task(data, cutoff)` returns what the company knows at `cutoff` as `history` (the jobs
# due before it, whose hours are final; attendance of the months before it; and the press,
# costing-sheet and operator tables) and the jobs to estimate as `future` (jobs starting from
# `cutoff` on, **ticket columns only**: no actual hours, no record of problems; jobs that will be
# cancelled are there too, since nobody knows that yet). Here the last six months of your data are
# `future`, to try models; comparisons with the actual hours use the completed jobs.

# %%
cutoff = holdout_cutoff(data)
history, future = estimation_task(data, cutoff)
print(cutoff.date(), len(history.jobs), len(future))
recorded = data.jobs.drop_duplicates("job_id").set_index("job_id").loc[future["job_id"]]
# ja: 後で取り消された仕事には比べる実績がないので、完了した仕事で比べます。
# en: Jobs later cancelled have no hours to compare with: compare on the completed ones.
future = future[(recorded["status"] == "completed").to_numpy()].reset_index(drop=True)
outcome = recorded.loc[future["job_id"], "actual_hours"].to_numpy()
future.head()

# %% [markdown]
# <!-- ja -->
# ## 2. 評価指標を選ぶ
# 残業と手待ちは「時間」で生じるので、主指標は **MAE（平均絶対誤差、時間）** にします。各仕事の工数の
# 分布の **中央値** を予測すると MAE が最小になります。補助に次の指標も見ます。
# - **MdAE**（絶対誤差の中央値）：典型的な仕事でどれだけ外れるか
# - **PRED(25)**：誤差が実績の25%以内だった仕事の割合
# - **SA（標準化精度）**：1 − MAE ÷（ランダムな推測の MAE）。ランダムな推測とは、各仕事の工数を
#   **ほかの仕事の実績工数** から無作為に選んで答えることで、その MAE は異なる2件の組すべてについての
#   |実績_i − 実績_j| の平均です。0 ならランダムと同じ、1 なら完璧。
# - **MMRE**：|実績 − 予測| ÷ 実績 の平均。ソフトウェア工数の分野で長く使われてきましたが、この後で見るように
#   **誤解を招きます**。
#
# **問題 1**：`accuracy_metrics(actual, estimate)` を書いてください。NumPy 配列を受け取り、キー
# `"mae"`, `"mdae"`, `"pred25"`, `"sa"`, `"mmre"` の dict を返します。
# <!-- en -->
# ## 2. Choosing the accuracy measures
# Overtime and idle time come in hours, so the primary measure is the **MAE (mean absolute error,
# hours)**. Estimating the **median** of each job's distribution of hours minimises it. We also look
# at:
# - **MdAE** (median absolute error): how far off a typical job is;
# - **PRED(25)**: the share of jobs whose error is within 25% of the actual hours;
# - **SA (standardised accuracy)**: 1 − MAE ÷ (MAE of random guessing). Random guessing answers
#   each job with **another job's actual hours**, chosen at random; its MAE is the mean of
#   |actual_i − actual_j| over all pairs of different jobs. 0 is no better than guessing, 1 is perfect.
# - **MMRE**: the mean of |actual − estimate| ÷ actual, long used for software effort, and, as you
#   will see, **misleading**.
#
# **Question 1**: write `accuracy_metrics(actual, estimate)`: take NumPy arrays and return a dict
# with the keys `"mae"`, `"mdae"`, `"pred25"`, `"sa"` and `"mmre"`.

# %% nbgrader={"grade": false, "grade_id": "accuracy_metrics", "locked": false, "schema_version": 3, "solution": true, "task": false}
def accuracy_metrics(actual, estimate):
    ### BEGIN SOLUTION
    actual = np.asarray(actual, dtype=float)
    estimate = np.asarray(estimate, dtype=float)
    error = np.abs(actual - estimate)
    n = len(actual)
    # ja: ランダムな推測：ほかの仕事の実績工数のどれかを、どれも同じ確率で答えます。
    # en: Random guessing: any other job's actual hours, all equally likely.
    guess_mae = np.abs(actual[:, None] - actual[None, :]).sum() / (n * (n - 1))
    return {
        "mae": float(error.mean()),
        "mdae": float(np.median(error)),
        "pred25": float(np.mean(error <= 0.25 * actual)),
        "sa": float(1 - error.mean() / guess_mae),
        "mmre": float(np.mean(error / actual)),
    }
    ### END SOLUTION


# %%
ex.accuracy_metrics.check(accuracy_metrics)

# %% nbgrader={"grade": true, "grade_id": "accuracy_metrics_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.accuracy_metrics.grade(accuracy_metrics)
### BEGIN HIDDEN TESTS
ex.accuracy_metrics.grade_hidden(accuracy_metrics)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ### MMRE はなぜ誤解を招くか
# 職長の見積もりを一律に 0.6 倍、0.8 倍…にして比べます。実績より短く見積もった誤差は最大でも100%ですが、
# 長く見積もった誤差には上限がありません。そのため MMRE は **短めの見積もりほどよく見えます**。MAE
# （と残業時間）はその逆を示します。
# <!-- en -->
# ### Why MMRE misleads
# Scale the foreman's estimates by 0.6, 0.8, ... and compare. An underestimate can be wrong by at
# most 100% but an overestimate without limit, so MMRE makes **low estimates look better**. The MAE
# (and the overtime) say the opposite.

# %%
foreman = future["foreman_estimate_hours"].to_numpy()
scaled = {ja_en("職長", "foreman") + f" × {k}": accuracy_metrics(outcome, foreman * k) for k in (0.6, 0.8, 1, 1.2)}
# ja: 表の列は、dict のキーではなく本文の指標名で。
# en: The tables' columns carry the measures' names, not the dict's keys.
METRIC_NAMES = {"mae": "MAE", "mdae": "MdAE", "pred25": "PRED(25)", "sa": "SA", "mmre": "MMRE"}
display(pd.DataFrame(scaled).T.rename(columns=METRIC_NAMES).round(3))

# %% [markdown]
# <!-- ja -->
# ## 3. 積算基準と、説明しやすいモデル
# 営業は見積書のために **積算基準**（`machines` の標準準備時間・定格速度と、`processes` の工程ごとの標準）
# を使っています。`standard_hours(jobs, machines, processes)` は、それで各仕事の **標準工数**（人時）を
# 工程ごとに計算します。ただし実際の速さは機械の年式、用紙、オペレーター、お客様によって標準と違います。
#
# まず、いちばん単純で説明しやすいモデルを作ります：「標準工数 × 機械ごとの補正係数」。係数は過去の
# 仕事の「実績 ÷ 標準」の中央値です。
# <!-- en -->
# ## 3. The costing sheet, and an explainable model
# Sales quotes jobs with the **standard costing sheet** (standard make-ready times and rated speeds in
# `machines`, standards per process in `processes`). `standard_hours(jobs, machines, processes)`
# computes each job's **standard hours** (person-hours) per process. Real speed differs from the
# standard with the press's age, the paper, the operator and the customer.
#
# First the simplest, most explainable model: "standard hours × a correction factor per press", the
# factor being the median of actual ÷ standard over past jobs.

# %%
past = history.jobs.drop_duplicates().dropna(subset=["actual_hours"])
past_standard = standard_hours(past, history.machines, history.processes)
display(past_standard.head().round(2))
press_factor = (past["actual_hours"] / past_standard["total"]).groupby(past["machine_id"]).median()
print(press_factor.round(2))
explainable = (
    standard_hours(future, history.machines, history.processes)["total"]
    * future["machine_id"].map(press_factor)
).to_numpy()
comparison = {
    ja_en("職長", "foreman"): accuracy_metrics(outcome, foreman),
    ja_en("標準×機械係数", "standard × press factor"): accuracy_metrics(outcome, explainable),
}
display(pd.DataFrame(comparison).T.rename(columns=METRIC_NAMES).round(3))

# %% [markdown]
# <!-- ja -->
# ## 4. LightGBM で予測する
# 標準工数は「仕事の大きさ」をよく表しますが、標準からのずれ方は、機械・用紙・オペレーター（得意な機械か、
# 入社何か月目か）・新規のお客様・リピート（増刷）・季節（夏の湿気）などで変わります。そこで、
# **目的変数を log(実績 ÷ 標準工数)** にし、ずれ方を LightGBM に学ばせます。対数にすると、右に裾の長い
# 工数でも大きな仕事に引っぱられにくく、予測は `exp(予測) × 標準工数` で時間に戻せます。故障や刷り直しの
# 外れ値に強い損失（`huber` か `l1`）を使えば、予測はおよそ中央値になり、MAE に合います。
#
# **問題 2**：`estimate_hours(history, future)` を書いてください。`future` の仕事ごとの工数（人時）の
# 予測を返します。下の関数は 03 でも使います。**実績の後にしか分からない列**（`actual_hours`、`issue`、
# `status`）を特徴量にしてはいけません。採点では非公開データで2回学習するので、1回数秒で終わるように。
# `n_jobs=1` はそのままにしてください（README 参照）。
# <!-- en -->
# ## 4. Estimating with LightGBM
# Standard hours capture a job's size well, but how far real time departs from the standard depends
# on the press, the paper, the operator (on their own press? how many months in?), new customers,
# repeat orders and the season (summer humidity). So **model log(actual ÷ standard hours)** and let
# LightGBM learn the departures. On the log scale the long right tail does not let big jobs dominate,
# and `exp(prediction) × standard hours` turns it back into hours. A loss robust to breakdowns and
# reprints (`huber` or `l1`) makes the estimate close to the median, which is what the MAE rewards.
#
# **Question 2**: write `estimate_hours(history, future)`: return an estimate of the work hours
# (person-hours) of each job of `future`. Notebook 03 reuses the functions below. Columns known **only
# after the job** (`actual_hours`, `issue`, `status`) must not be features. Grading trains twice on
# hidden data, so keep one run to a few seconds. Keep `n_jobs=1` (see the README).

# %% nbgrader={"grade": false, "grade_id": "estimate_hours", "locked": false, "schema_version": 3, "solution": true, "task": false}
CATEGORICAL = ["product", "paper", "machine_id", "operator_id", "binding"]
PARAMS = dict(
    n_estimators=1500, learning_rate=0.01, num_leaves=5, min_child_samples=40,
    subsample=0.8, subsample_freq=1, colsample_bytree=0.7,
    n_jobs=1, verbose=-1, random_state=0,
)


def clean_jobs(jobs):
    ### BEGIN SOLUTION
    unique = jobs.drop_duplicates()
    return unique[unique["status"] == "completed"].reset_index(drop=True)
    ### END SOLUTION


def job_features(jobs, history):
    # ja: 作業指示書を出す時点で分かっていること（actual_hours、issue、status は使いません）。
    # en: What is known when the ticket is issued (never actual_hours, issue or status).
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def fit_model(history, **objective):
    # ja: 履歴の完了した仕事の log(実績 ÷ 標準時間) を学習する LightGBM。
    # en: LightGBM on log(actual ÷ standard hours) of the history's completed jobs.
    ### BEGIN SOLUTION
    train = clean_jobs(history.jobs)
    x_train = job_features(train, history)
    y_train = np.log(train["actual_hours"] / x_train["std_total"])
    return lgb.LGBMRegressor(**objective, **PARAMS).fit(x_train, y_train)
    ### END SOLUTION


def predict_hours(model, jobs, history):
    # ja: `fit_model` で作ったモデルによる `jobs` の工数。
    # en: Hours of `jobs` from a model made by `fit_model`.
    ### BEGIN SOLUTION
    x_jobs = job_features(jobs, history)
    return np.exp(model.predict(x_jobs)) * x_jobs["std_total"].to_numpy()
    ### END SOLUTION


def estimate_hours(history, future):
    ### BEGIN SOLUTION
    robust = fit_model(history, objective="huber", alpha=0.3)
    return predict_hours(robust, future, history)
    ### END SOLUTION


# %%
ex.estimate_beats_foreman.check(estimate_hours)

# %% nbgrader={"grade": true, "grade_id": "estimate_beats_foreman_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.estimate_beats_foreman.grade(estimate_hours)
### BEGIN HIDDEN TESTS
ex.estimate_beats_foreman.grade_hidden(estimate_hours)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "estimate_skill_pass_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.estimate_skill_pass.grade(estimate_hours)
### BEGIN HIDDEN TESTS
ex.estimate_skill_pass.grade_hidden(estimate_hours)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 3つのやり方を、同じ最後の6か月で比べます。モデルが何を手がかりにしたかも見ておきましょう（gain による重要度）。
# <!-- en -->
# Compare the three approaches on the same last six months, and see what the model relied on
# (importance by gain).

# %%
model = fit_model(history, objective="huber", alpha=0.3)
ai = predict_hours(model, future, history)
comparison["LightGBM"] = accuracy_metrics(outcome, ai)
display(pd.DataFrame(comparison).T.rename(columns=METRIC_NAMES).round(3))

importance = pd.Series(model.booster_.feature_importance("gain"), index=model.booster_.feature_name())
fig, ax = plt.subplots(figsize=(6, 4))
importance.sort_values().tail(12).plot.barh(ax=ax)
ax.set_title(ja_en("特徴量の重要度（gain）", "Feature importance (gain)"))
ax.set_xlabel(ja_en("重要度（分岐で減った損失の合計）", "importance (loss reduction summed over splits)"))
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 5. 予測区間：どこからどこまでに収まりそうか
# 予定を組むには「だいたい何時間か」だけでなく「どのくらい外れうるか」も必要です。**80%予測区間**
# （10%点から90%点）を作ります。まず、LightGBM の分位点回帰（`objective="quantile"`）で下限と上限を
# 直接学習してみます。最後の6か月で、実績が区間に入った割合を数えます。
# <!-- en -->
# ## 5. Prediction intervals: the range a job will probably fall in
# Scheduling needs not only "about how many hours" but also "how far off it may be". Build **80%
# prediction intervals** (from the 10% to the 90% quantile). First try LightGBM's quantile
# regression (`objective="quantile"`) for the lower and upper bounds directly, and count the share of
# the last six months' jobs that fall inside.

# %%
lower_q = predict_hours(fit_model(history, objective="quantile", alpha=0.1), future, history)
upper_q = predict_hours(fit_model(history, objective="quantile", alpha=0.9), future, history)
inside = (lower_q <= outcome) & (outcome <= upper_q)
print(ja_en(f"分位点モデル: 80% 区間に入った割合 {inside.mean():.0%}",
            f"quantile models: {inside.mean():.0%} inside the 80% interval"))

# %% [markdown]
# <!-- ja -->
# 分位点ブースティングは区間が **狭くなりがち** で、80%より少ない仕事しか入りません。そこで、**最近の
# 実際の外れ方** で区間を決めます（コンフォーマル予測の考え方）。履歴の最後の6か月より前だけで学習した
# モデルで、その6か月の仕事を予測し、誤差 log(実績 ÷ 予測) の10%点と90%点を求めます。新しい仕事の区間は
# 「予測 × exp(10%点)」から「予測 × exp(90%点)」です。誤差が「何割外れるか」で決まる（掛け算の）ばらつき
# なので、大きな仕事ほど区間は広くなります。
#
# **問題 3**：`estimate_interval(history, future)` を書いてください。列 `lower` と `upper`（人時）をもつ、
# `future` と同じ行数の DataFrame を返します。採点では、非公開データで区間に入った仕事の割合が70%〜90%で、
# 区間の平均の幅が理論上の最善の区間の1.5倍以下であることを確かめます。
# <!-- en -->
# Quantile boosting tends to give **too narrow** intervals: fewer than 80% of jobs fall inside. So
# set the interval from **how far off recent estimates really were** (the idea of conformal
# prediction): train only on the history before its last six months, estimate those six months'
# jobs, and take the 10% and 90% quantiles of the errors log(actual ÷ estimate). A new job's
# interval runs from estimate × exp(10% quantile) to estimate × exp(90% quantile). The errors are
# multiplicative (jobs miss by a share), so bigger jobs get wider intervals.
#
# **Question 3**: write `estimate_interval(history, future)`: return a DataFrame with the columns
# `lower` and `upper` (person-hours), one row per row of `future`. Grading checks on hidden data
# that 70%–90% of jobs fall inside, and that the mean width is at most 1.5 times the oracle's.

# %% nbgrader={"grade": false, "grade_id": "estimate_interval", "locked": false, "schema_version": 3, "solution": true, "task": false}
def recent_log_errors(history, months=6):
    # ja: 履歴の最後の `months` か月の log(実績 ÷ 見積もり)。見積もりはそれより前の月から作ります。
    # en: log(actual ÷ estimate) of the history's last `months`, estimated from the months before.
    ### BEGIN SOLUTION
    split = history.jobs["start_date"].max() - pd.DateOffset(months=months)
    earlier = replace(history, jobs=history.jobs[history.jobs["start_date"] <= split])
    recent = clean_jobs(history.jobs[history.jobs["start_date"] > split])
    estimated = predict_hours(fit_model(earlier, objective="huber", alpha=0.3), recent, earlier)
    return np.log(recent["actual_hours"].to_numpy() / estimated)
    ### END SOLUTION


def estimate_interval(history, future):
    ### BEGIN SOLUTION
    low, high = np.quantile(recent_log_errors(history), [0.1, 0.9])
    middle = estimate_hours(history, future)
    return pd.DataFrame({"lower": middle * np.exp(low), "upper": middle * np.exp(high)})
    ### END SOLUTION


# %%
ex.interval_coverage.check(estimate_interval)

# %% nbgrader={"grade": true, "grade_id": "interval_coverage_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.interval_coverage.grade(estimate_interval)
### BEGIN HIDDEN TESTS
ex.interval_coverage.grade_hidden(estimate_interval)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 最後の6か月のうち30件の仕事について、予測（点）と区間（線）と実績（×）を並べます。
# <!-- en -->
# For 30 jobs of the last six months: the estimate (dot), the interval (line) and the actual (×).

# %%
band = estimate_interval(history, future)
show = np.arange(30)
fig, ax = plt.subplots(figsize=(10, 3.5))
ax.vlines(show, band["lower"].iloc[show], band["upper"].iloc[show], color="tab:blue", alpha=0.5)
ax.plot(show, ai[show], "o", color="tab:blue", label=ja_en("予測", "estimate"))
ax.plot(show, outcome[show], "x", color="black", label=ja_en("実績", "actual"))
ax.set_yscale("log")
ax.set_xlabel(ja_en("仕事", "job"))
ax.set_ylabel(ja_en("人時", "person-hours"))
ax.set_title(ja_en("80%予測区間", "80% prediction intervals"))
ax.legend()
plt.show()

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 工数予測が職長の見積もりをどれだけ上回り、理論上の最善にどこまで近いか、そして予測がどのくらい
# 外れうるか（区間）が分かりました。次の **03** では、予測と区間を使って週の予定を組み、残業と手待ちが
# 月に何時間減るかを確かめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You know how far your estimates beat the foreman's, how close they get to the best possible (the
# oracle), and how far off they may be (the intervals). In **03** you plan the week's schedule with
# the estimates and intervals and check how many hours of overtime and idle time a month that saves.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
