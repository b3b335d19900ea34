# %% [markdown]
# <!-- ja -->
# # 01 ビジネス課題：目視検査で何が失われているか
# **このノートブックでやること（約60分）**：金沢精密工業の検査記録 2,000 個分を読み、今の目視検査の
# **見逃し率・過検出率・検査時間**、そして1か月あたりの **損失（円）** を数字にします。
#
# 進め方：各問題の解答セルに関数を書き、すぐ下のセルフチェックを実行します。セルフチェックは **公開
# チェック** だけです。採点時には、見たことのない別の検査記録（非公開テスト）でも関数を実行します。
# <!-- en -->
# # 01 Business problem: what visual inspection loses
# **What you will do (about 60 min)**: read Kanazawa Precision's inspection records of 2,000 parts and
# put numbers on today's visual inspection: **miss rate, false-reject rate, inspection hours**, and
# the **loss in yen a month**.
#
# How to work: write a function in each answer cell, then run the self-check below it. Self-checks
# run the **public checks** only; grading also runs your function on other inspection records you
# have never seen.

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import pandas as pd

from dxquest.cases.defect_detection import business, load_data
from dxquest.cases.defect_detection import exercises as ex

ex.setup(LANG)
data = load_data()
parts, log = data.parts, data.inspection_log
display(parts.head())
display(log.head())

# %% [markdown]
# <!-- ja -->
# ## 1. データを眺める
# `parts`：部品ごとの製品・ライン・直・ロットと、品質保証部が全数再検査で付けた正解 `label`（1＝不良）
# と不良の種類。`inspection_log`：検査員の判定 `decision`（OK/NG）と検査秒数。`data.images` が画像、
# `data.masks` が不良個所の注釈です。不良品と良品を並べて見てみましょう。
# <!-- en -->
# ## 1. Look at the data
# `parts`: product, line, shift and lot of every part, with the true `label` (1 = defective) and
# defect kind from QA's full re-inspection. `inspection_log`: the inspector's `decision` (OK/NG) and
# seconds. `data.images` holds the pictures and `data.masks` the annotated defect pixels. Look at
# defective and good parts side by side.

# %%
examples = parts[parts["label"] == 1].groupby("defect_kind").head(1).index[:4].tolist()
examples += parts[parts["label"] == 0].groupby("product").head(1).index[:4].tolist()
fig, axes = plt.subplots(2, 4, figsize=(10, 5))
for ax, row in zip(axes.ravel(), examples):
    ax.imshow(data.images[row], cmap="gray", vmin=90, vmax=170)
    kind = parts.loc[row, "defect_kind"]
    ax.set_title(f"{parts.loc[row, 'product']} {ja_en('良品', 'good') if pd.isna(kind) else kind}")
    ax.axis("off")
fig.suptitle(ja_en("不良品（上）と良品（下）", "Defective (top) and good (bottom) parts"))
plt.show()
print(parts.groupby(["line", "shift"])["label"].mean().round(3))

# %% [markdown]
# <!-- ja -->
# ## 2. 検査員の見逃し率と過検出率
# **問題 1**：`inspection_rates(parts, log)` を書き、`{"miss_rate": 見逃し率, "false_reject_rate":
# 過検出率}` を返してください。見逃し率 ＝ 不良品のうち OK とされた割合、過検出率 ＝ 良品のうち NG と
# された割合です。
# <!-- en -->
# ## 2. The inspectors' miss and false-reject rates
# **Question 1**: write `inspection_rates(parts, log)` returning `{"miss_rate": …,
# "false_reject_rate": …}`: the share of defective parts passed as OK, and of good parts rejected
# as NG.

# %% nbgrader={"grade": false, "grade_id": "inspection_rates", "locked": false, "schema_version": 3, "solution": true, "task": false}
def inspection_rates(parts, log):
    ### BEGIN SOLUTION
    merged = parts.merge(log, on="part_id")
    rejected = merged["decision"] == "NG"
    defective = merged["label"] == 1
    return {
        "miss_rate": float((~rejected[defective]).mean()),
        "false_reject_rate": float(rejected[~defective].mean()),
    }
    ### END SOLUTION


# %%
ex.inspection_rates.check(inspection_rates)

# %% nbgrader={"grade": true, "grade_id": "inspection_rates_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.inspection_rates.grade(inspection_rates)
### BEGIN HIDDEN TESTS
ex.inspection_rates.grade_hidden(inspection_rates)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 見逃しは不良の種類・直（昼/夜）でどう違うでしょうか。
# <!-- en -->
# How do misses differ by defect kind and by shift?

# %%
defective = log.set_index("part_id").join(parts.set_index("part_id")).query("label == 1")
missed = defective["decision"] == "OK"
print(missed.groupby([defective["defect_kind"], defective["shift"]]).mean().unstack().round(2))

# %% [markdown]
# <!-- ja -->
# ## 3. 検査時間
# **問題 2**：`monthly_inspection_hours(parts, log)`：1個あたりの平均検査秒数 ×
# `business.MONTHLY_PARTS`（月の検査数）÷ 3600 を返してください。
# <!-- en -->
# ## 3. Inspection hours
# **Question 2**: `monthly_inspection_hours(parts, log)`: mean seconds per part ×
# `business.MONTHLY_PARTS` (parts a month) ÷ 3600.

# %% nbgrader={"grade": false, "grade_id": "monthly_inspection_hours", "locked": false, "schema_version": 3, "solution": true, "task": false}
def monthly_inspection_hours(parts, log):
    ### BEGIN SOLUTION
    return business.MONTHLY_PARTS * log["seconds"].mean() / 3600
    ### END SOLUTION


# %%
ex.monthly_inspection_hours.check(monthly_inspection_hours)

# %% nbgrader={"grade": true, "grade_id": "monthly_inspection_hours_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.monthly_inspection_hours.grade(monthly_inspection_hours)
### BEGIN HIDDEN TESTS
ex.monthly_inspection_hours.grade_hidden(monthly_inspection_hours)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 月あたりの損失（円）
# **問題 3**：`monthly_as_is_cost(parts, log)`：検査時間 × `INSPECTOR_HOURLY_COST_YEN` ＋ 月の流出数 ×
# `ESCAPE_COST_YEN` ＋ 月の過検出数 × `FALSE_REJECT_COST_YEN`。月の流出数 ＝ MONTHLY_PARTS × 不良率 ×
# 見逃し率、月の過検出数 ＝ MONTHLY_PARTS × (1 − 不良率) × 過検出率です（不良率は `label` の平均）。
# <!-- en -->
# ## 4. The loss a month (yen)
# **Question 3**: `monthly_as_is_cost(parts, log)`: inspection hours × `INSPECTOR_HOURLY_COST_YEN` +
# escapes a month × `ESCAPE_COST_YEN` + false rejects a month × `FALSE_REJECT_COST_YEN`, where
# escapes = MONTHLY_PARTS × defect rate × miss rate and false rejects = MONTHLY_PARTS × (1 − defect
# rate) × false-reject rate (the defect rate is the mean `label`).

# %% nbgrader={"grade": false, "grade_id": "monthly_as_is_cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
def monthly_as_is_cost(parts, log):
    ### BEGIN SOLUTION
    rates = inspection_rates(parts, log)
    defect_rate = parts["label"].mean()
    escapes = business.MONTHLY_PARTS * defect_rate * rates["miss_rate"]
    false_rejects = business.MONTHLY_PARTS * (1 - defect_rate) * rates["false_reject_rate"]
    return (
        monthly_inspection_hours(parts, log) * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * business.ESCAPE_COST_YEN
        + false_rejects * business.FALSE_REJECT_COST_YEN
    )
    ### END SOLUTION


# %%
ex.monthly_as_is_cost.check(monthly_as_is_cost)
print(f"{monthly_as_is_cost(parts, log):,.0f} " + ja_en("円/月", "yen a month"))

# %% nbgrader={"grade": true, "grade_id": "monthly_as_is_cost_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.monthly_as_is_cost.grade(monthly_as_is_cost)
### BEGIN HIDDEN TESTS
ex.monthly_as_is_cost.grade_hidden(monthly_as_is_cost)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 目視検査の見逃しは「かすかな不良」と夜勤に偏り、流出1件の損失が大きいため、検査時間より流出の
# コストが支配的だとわかりました。02 では、不良を画像から見つけ、場所を示す AI を試作します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# Misses concentrate on faint defects and night shifts, and because an escape is expensive, escapes
# dominate the cost more than inspection hours. In 02 you build an AI that finds defects in the
# images and shows where they are.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
