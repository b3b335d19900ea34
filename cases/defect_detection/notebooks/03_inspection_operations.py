# %% [markdown]
# <!-- ja -->
# # 03 業務適合性の検証・運用設計
# **このノートブックでやること（約90分）**：AI のスコアを検査の流れに組み込みます。AI がしきい値以上の
# 部品だけを検査員に回し、検査員はヒートマップを見て確認します。(1) その1か月の時間・流出・過検出・
# コストを計算する関数を書き、(2) 顧客との取り決め（流出率 0.4% 以下）を守る最も安いしきい値を選び、
# (3) 検査員の時間がどれだけ減るかを示し、(4) 運用設計を文章で書きます。
#
# 使うスコア：02 と同じ作り方の LightGBM（train ロットで学習）が出した、検証ロット 600 個のスコアです
# （`load_validation_scores()`。全員が同じ数字で設計できるように、データを作るときに教材側で計算して
# `validation_scores.csv` に保存してあります）。
# <!-- en -->
# # 03 Fit to the work and operations design
# **What you will do (about 90 min)**: build the AI's scores into inspection. The AI sends only parts
# scoring at least a threshold to an inspector, who confirms them with the heatmap. You (1) write a
# function for that month's hours, escapes, false rejects and cost, (2) choose the cheapest threshold
# that keeps the customer agreement (escape rate at most 0.4 %), (3) show how many inspector hours it
# saves, and (4) write the operations design.
#
# Scores used: the validation lots' 600 parts scored by a LightGBM built as in 02 (trained on the
# train lots), from `load_validation_scores()`: the kit computes them when it builds the data and
# keeps them in `validation_scores.csv`, so every learner designs with the same numbers.

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np

from dxquest.cases.defect_detection import business, load_data
from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection.data import load_validation_scores

ex.setup(LANG)
data = load_data()
scores, labels = load_validation_scores()

fig, ax = plt.subplots(figsize=(7, 3))
ax.hist([scores[labels == 0], scores[labels == 1]], bins=30, log=True, label=[ja_en("良品", "good"), ja_en("不良", "defective")])
ax.set_xlabel(ja_en("AI のスコア", "AI score"))
ax.set_ylabel(ja_en("部品数", "parts"))
ax.legend()
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 0. 今の1か月（01 の復習）
# 比べる相手は今の目視検査です。01 で書いた関数をまとめて、`monthly_as_is(parts, log)` が今の1か月の
# `inspection_hours`（検査時間）、`escapes`（流出数）、`false_rejects`（過検出数）、`cost_yen`（コスト）の
# 辞書を返すようにしてください（01 で採点済みなので、ここでは採点しません）。
# <!-- en -->
# ## 0. Today's month (from 01)
# The comparison is today's visual inspection. Put your functions from 01 together so that
# `monthly_as_is(parts, log)` returns today's month as a dict of `inspection_hours`, `escapes`,
# `false_rejects` and `cost_yen` (01 graded them: this cell is not graded).

# %% nbgrader={"grade": false, "grade_id": "monthly_as_is", "locked": false, "schema_version": 3, "solution": true, "task": false}
def monthly_as_is(parts, log):
    ### BEGIN SOLUTION
    merged = parts.merge(log, on="part_id")
    defective, rejected = merged["label"] == 1, merged["decision"] == "NG"
    defect_rate = parts["label"].mean()
    escapes = business.MONTHLY_PARTS * defect_rate * (~rejected[defective]).mean()
    false_rejects = business.MONTHLY_PARTS * (1 - defect_rate) * rejected[~defective].mean()
    hours = business.MONTHLY_PARTS * log["seconds"].mean() / 3600
    return {
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * business.ESCAPE_COST_YEN
        + false_rejects * business.FALSE_REJECT_COST_YEN,
    }
    ### END SOLUTION


today = monthly_as_is(data.parts, data.inspection_log)
print({k: round(v) for k, v in today.items()})

# %% [markdown]
# <!-- ja -->
# ## 1. AI＋人の検査の1か月
# **問題 1**：`to_be_month(scores, labels, threshold)` を書き、`inspection_hours`（確認時間）、`escapes`
# （流出数）、`false_rejects`（過検出数）、`cost_yen` の辞書を返してください。すべて 1 か月
# （`business.MONTHLY_PARTS` 個）に拡大します。
# - 確認するのはスコアがしきい値以上の部品、1個 `REVIEW_SECONDS` 秒
# - 流出 ＝ しきい値未満の不良 ＋ 確認した不良 × (1 − `REVIEW_CATCH_RATE`)
# - 過検出 ＝ 確認した良品 × `REVIEW_FALSE_REJECT_RATE`
# - コスト ＝ 時間 × `INSPECTOR_HOURLY_COST_YEN` ＋ 流出 × `ESCAPE_COST_YEN` ＋ 過検出 × `FALSE_REJECT_COST_YEN`
# <!-- en -->
# ## 1. A month of AI + human inspection
# **Question 1**: write `to_be_month(scores, labels, threshold)` returning a dict of
# `inspection_hours`, `escapes`, `false_rejects` and `cost_yen`, all scaled to a month
# (`business.MONTHLY_PARTS` parts):
# - inspectors confirm parts scoring at least the threshold, `REVIEW_SECONDS` each
# - escapes = defects below the threshold + confirmed defects × (1 − `REVIEW_CATCH_RATE`)
# - false rejects = confirmed good parts × `REVIEW_FALSE_REJECT_RATE`
# - cost = hours × `INSPECTOR_HOURLY_COST_YEN` + escapes × `ESCAPE_COST_YEN` + false rejects ×
#   `FALSE_REJECT_COST_YEN`

# %% nbgrader={"grade": false, "grade_id": "to_be_month", "locked": false, "schema_version": 3, "solution": true, "task": false}
def to_be_month(scores, labels, threshold):
    ### BEGIN SOLUTION
    scores, defective = np.asarray(scores), np.asarray(labels) == 1
    flagged = scores >= threshold
    scale = business.MONTHLY_PARTS / len(scores)
    escapes = scale * ((defective & ~flagged).sum()
                       + (1 - business.REVIEW_CATCH_RATE) * (defective & flagged).sum())
    false_rejects = scale * business.REVIEW_FALSE_REJECT_RATE * (~defective & flagged).sum()
    hours = scale * flagged.sum() * business.REVIEW_SECONDS / 3600
    return {
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * business.ESCAPE_COST_YEN
        + false_rejects * business.FALSE_REJECT_COST_YEN,
    }
    ### END SOLUTION


# %%
ex.to_be_month.check(to_be_month)

# %% nbgrader={"grade": true, "grade_id": "to_be_month_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.to_be_month.grade(to_be_month)
### BEGIN HIDDEN TESTS
ex.to_be_month.grade_hidden(to_be_month)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 2. しきい値を決める
# 流出1件（6万円）は過検出1個（3千円）の 20 倍の損失です。しきい値を下げれば流出は減り、確認の手間が
# 増えます。**問題 2**：`choose_threshold(scores, labels)`：観測されたスコアすべてを候補に、流出率
# （流出数 ÷ MONTHLY_PARTS）が `business.MAX_ESCAPE_RATE` 以下のもののうち、月のコストが最小のしきい値を
# 返してください（満たすものがなければ最小のスコア＝全数確認）。
# <!-- en -->
# ## 2. Choose the threshold
# An escape (60,000 yen) costs 20 times a false reject (3,000 yen). A lower threshold means fewer
# escapes and more confirming. **Question 2**: `choose_threshold(scores, labels)`: among all observed
# scores as candidates whose escape rate (escapes ÷ MONTHLY_PARTS) is at most
# `business.MAX_ESCAPE_RATE`, return the one with the lowest monthly cost (if none qualifies, the
# lowest score: confirm everything).

# %% nbgrader={"grade": false, "grade_id": "choose_threshold", "locked": false, "schema_version": 3, "solution": true, "task": false}
def choose_threshold(scores, labels):
    ### BEGIN SOLUTION
    best, best_cost = float(np.min(scores)), np.inf
    for threshold in np.unique(scores):
        month = to_be_month(scores, labels, threshold)
        if month["escapes"] / business.MONTHLY_PARTS <= business.MAX_ESCAPE_RATE and month["cost_yen"] < best_cost:
            best, best_cost = float(threshold), month["cost_yen"]
    return best
    ### END SOLUTION


# %%
ex.choose_threshold.check(choose_threshold)

# %% nbgrader={"grade": true, "grade_id": "choose_threshold_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.choose_threshold.grade(choose_threshold)
### BEGIN HIDDEN TESTS
ex.choose_threshold.grade_hidden(choose_threshold)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 効果：検査員の時間とコスト
# <!-- en -->
# ## 3. The effect: inspector hours and cost

# %%
threshold = choose_threshold(scores, labels)
after = to_be_month(scores, labels, threshold)
print(ja_en(f"しきい値 {threshold:.3f}、確認する割合 {(scores >= threshold).mean():.1%}",
            f"threshold {threshold:.3f}; share confirmed {(scores >= threshold).mean():.1%}"))
for key in ("inspection_hours", "escapes", "false_rejects", "cost_yen"):
    print(f"{key:>17}: {today[key]:>14,.0f} → {after[key]:>14,.0f}")
saved = today["inspection_hours"] - after["inspection_hours"]
print(ja_en(f"検査員の時間の削減: {saved:,.0f} h/月", f"inspector hours saved: {saved:,.0f} h a month"))

# %% [markdown]
# <!-- ja -->
# ## 4. 運用設計（自由記述・相互評価）
# 誰が毎朝何を見るか、しきい値の見直し、照明やカメラの変化・材料ロットの変化（ドリフト）への気づき方、
# 新しい種類の不良が出たときの対応、再学習の頻度と注釈作業、AI が止まったときの代替手順。ルーブリックは
# `operations_design` です。
# <!-- en -->
# ## 4. Operations design (free text, peer-reviewed)
# Who looks at what each morning, reviewing the threshold, noticing drift (lighting, camera,
# material lots), what to do when a new kind of defect appears, retraining frequency and annotation
# work, and the fallback when the AI is down. The rubric is `operations_design`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "operations_design", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）スコア上位だけを検査員が確認し、確認結果を毎日記録して AI の見逃しを週次で抜き取り全数検査で
# 監視する。良品スコアの分布を毎朝グラフで見て、ずれたらカメラと照明を点検。新種の不良は品質保証部が
# 注釈し月次で再学習。AI 停止時は従来の全数目視に戻す。
# <!-- en -->
# (Example answer) Inspectors confirm only the top-scoring parts and log every decision; a weekly
# full-inspection sample watches for the AI's misses. A morning chart of good parts' scores flags
# drift, prompting a camera and lighting check. QA annotates new defect kinds for a monthly
# retraining. If the AI is down, full visual inspection resumes.

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 顧客との取り決めを守りながら、検査員が見る部品を絞り込み、時間と損失の両方を減らせることを数字で
# 示しました。04 では、これを経営層への1枚の提案にまとめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You showed in numbers that narrowing down what inspectors look at keeps the customer agreement and
# cuts both hours and losses. In 04 you put this into a one-page proposal to the executives.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
