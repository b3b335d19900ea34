# %% [markdown]
# <!-- ja -->
# # 01 ビジネス課題：目視検査で何が失われているか
# **このノートブックでやること（約60分）**：金沢精密工業の検査記録 2,000 個分を読み、今の目視検査の
# **見逃し率・過検出率・検査時間**、そして1か月あたりの **損失（円）** を数字にします。流出1件の
# コストは、会社の事実からあなたが定義します。最後に、取り組みを判断する KPI と目標を書きます。
# <!-- en -->
# # 01 Business problem: what visual inspection loses
# **What you will do (about 60 min)**: read Kanazawa Precision's inspection records of 2,000 parts and
# put numbers on today's visual inspection: **miss rate, false-reject rate, inspection hours**, and
# the **loss in yen a month**, with the cost of an escape defined by you from the company's facts.
# Then you set the KPIs and targets the project will be judged by.

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
from dxquest.cases.defect_detection.data import name_of

ex.setup(LANG)
data = load_data()
parts, log = data.parts, data.inspection_log
display(parts.head())
display(log.head())

# %% [markdown]
# <!-- ja -->
# ## 1. データを眺める
# `parts`：部品ごとの製品・ライン・直・ロットと、品質保証課が全数再検査で付けた正解 `label`（1＝不良）
# と不良の種類。`inspection_log`：検査員の判定 `decision`（OK/NG）と検査秒数。`data.images` が画像、
# `data.masks` が不良個所の注釈です。この 2,000 個は、AI の開発のために品質保証課が不良品を多めに集めた
# 記録です。工程で出る不良は `business.DEFECT_RATE_IN_PRODUCTION`（品質保証課が過去1年の検査と返品から
# 数えた割合）で、記録の不良の割合よりずっと少なくなります。不良品と良品を並べて見てみましょう。
# <!-- en -->
# ## 1. Look at the data
# `parts`: product, line, shift and lot of every part, with the true `label` (1 = defective) and
# defect kind from QA's full re-inspection. `inspection_log`: the inspector's `decision` (OK/NG) and
# seconds. `data.images` holds the pictures and `data.masks` the annotated defect pixels. QA
# collected extra defective parts into these 2,000 records for the AI: production makes defects at
# `business.DEFECT_RATE_IN_PRODUCTION` (QA's count over the last year of inspections and returns),
# far fewer than the records' share. Look at defective and good parts side by side.

# %%
examples = parts[parts["label"] == 1].groupby("defect_kind").head(1).index[:4].tolist()
examples += parts[parts["label"] == 0].groupby("product").head(1).index[:4].tolist()
fig, axes = plt.subplots(2, 4, figsize=(10, 5))
for ax, row in zip(axes.ravel(), examples):
    ax.imshow(data.images[row], cmap="gray", vmin=90, vmax=170)
    kind = parts.loc[row, "defect_kind"]
    what = ja_en("良品", "good") if pd.isna(kind) else name_of(kind)
    ax.set_title(f"{name_of(parts.loc[row, 'product'])} {what}")
    ax.axis("off")
fig.suptitle(ja_en("不良品（上）と良品（下）", "Defective (top) and good (bottom) parts"))
plt.show()
print(parts.groupby(["line", "shift"])["label"].mean().round(3))

# %% [markdown]
# <!-- ja -->
# ## 2. 流出1件のコスト
# 不良品がお客様に届く（流出する）と、金沢精密工業は何を負うでしょうか。品質保証課長の森さんに
# 聞いた事実が `business.FACTS` にあります。
# - 部品：`part_cost_yen`（1個を作る材料費と加工費）、`part_price_yen`（お客様への売値）。ラインには
#   余力があり、捨てた部品や代品は作り直します。
# - クレーム：流出品は1個ごとにクレームになります。品質保証課の担当者が原因調査・不具合報告書・
#   対策に `claim_hours_low`〜`claim_hours_high` 時間（1時間 `qa_hourly_yen` 円）、お客様が同じロットの
#   在庫を選別して `customer_sorting_yen` 円を請求し、返品と代品の送料が `return_freight_yen` 円です。
# - AI の警告の確認：検査員（1時間 `inspector_hourly_yen` 円）が1個 `review_seconds` 秒で確認し、
#   確認した良品の `review_reject_good_share` の割合をそれでも NG にして捨てます（03 で使います）。
#
# **問題 1（判断）**：`escape_cost_yen(facts)` を書き、流出1件のコスト（円）を `facts`（`business.FACTS`
# と同じ形の辞書）から計算して返してください。どの項目を数え、どれを数えないか、幅のある数字をどう
# 扱うかはあなたの判断です。理由をコメントに書きましょう。採点では、数字の違う `facts` でも確かめます。
# <!-- en -->
# ## 2. What one escape costs
# What does Kanazawa Precision bear when a defective part reaches the customer (an escape)? The
# facts QA manager Mori gave are in `business.FACTS`:
# - the part: `part_cost_yen` (material and machining of one part) and `part_price_yen` (what the
#   customer pays). The lines have spare capacity: a part scrapped or replaced is made again.
# - the claim: every escaped part comes back as a claim. A QA staff member spends between
#   `claim_hours_low` and `claim_hours_high` hours on it (investigation, report, countermeasure) at
#   `qa_hourly_yen` yen an hour; the customer sorts its stock of the lot and bills
#   `customer_sorting_yen` yen; the freight back and of a replacement is `return_freight_yen` yen.
# - confirming the AI's alarms: an inspector (`inspector_hourly_yen` yen an hour) confirms a part
#   in `review_seconds` seconds, and still rejects and scraps a share `review_reject_good_share` of
#   the good parts confirmed (used in 03).
#
# **Question 1 (your decision)**: write `escape_cost_yen(facts)` returning the cost of one escape
# in yen from `facts` (a dict of the same form as `business.FACTS`). Which items count, which do
# not, and how to treat a figure given as a range is your decision: give your reasons in comments.
# Grading also tries `facts` with other figures.

# %%
business.FACTS


# %% nbgrader={"grade": false, "grade_id": "escape_cost_yen", "locked": false, "schema_version": 3, "solution": true, "task": false}
def escape_cost_yen(facts):
    ### BEGIN SOLUTION
    # ja: 流出1件のせいで出ていくお金だけを数える。クレーム対応の時間は幅の中央を取る。
    # en: Only money spent because of the escape. The claim time: the middle of its range.
    claim_hours = (facts["claim_hours_low"] + facts["claim_hours_high"]) / 2
    # ja: 代品はお客様に送るので売上は失われない。ラインに余力があるので、作り直す費用で数える。
    # en: The customer gets a replacement, so no sale is lost; with spare capacity it counts at cost.
    return (
        claim_hours * facts["qa_hourly_yen"]
        + facts["customer_sorting_yen"]
        + facts["return_freight_yen"]
        + facts["part_cost_yen"]
    )
    ### END SOLUTION


# %%
ex.escape_cost_yen.check(escape_cost_yen)

# %% nbgrader={"grade": true, "grade_id": "escape_cost_yen_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.escape_cost_yen.grade(escape_cost_yen)
### BEGIN HIDDEN TESTS
ex.escape_cost_yen.grade_hidden(escape_cost_yen)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 今の目視検査の1か月
# **問題 2**：`as_is_month(parts, log, escape_yen)` を書き、1か月（`business.MONTHLY_PARTS` 個）の
# 次の値を辞書で返してください。`escape_yen` は流出1件のコストです。
# - `miss_rate`（見逃し率）：不良品のうち OK とされた割合。`false_reject_rate`（過検出率）：良品のうち
#   NG とされた割合
# - `inspection_hours`：1個あたりの平均検査秒数 × MONTHLY_PARTS ÷ 3600
# - `escapes`（月の流出数）：1か月の不良品の数 × 見逃し率。`false_rejects`（月の過検出数）：1か月の
#   良品の数 × 過検出率。この記録は、AI の開発のために品質保証課が不良品を多めに集めたものです。1か月の
#   不良品の数に何を使うかは、あなたの判断です（採点では、不良の割合が違う記録でも確かめます）
# - `cost_yen`：検査時間 × `INSPECTOR_HOURLY_COST_YEN` ＋ 流出数 × `escape_yen` ＋ 過検出数 ×
#   `FACTS["part_cost_yen"]`（過検出した良品は捨てて作り直します）
# <!-- en -->
# ## 3. A month of today's visual inspection
# **Question 2**: write `as_is_month(parts, log, escape_yen)` returning, for a month
# (`business.MONTHLY_PARTS` parts), a dict of the following; `escape_yen` is the cost of one escape.
# - `miss_rate`: the share of defective parts passed as OK; `false_reject_rate`: the share of good
#   parts rejected as NG
# - `inspection_hours`: mean seconds per part × MONTHLY_PARTS ÷ 3600
# - `escapes` a month: a month's defective parts × the miss rate; `false_rejects` a month: a
#   month's good parts × the false-reject rate. QA collected extra defective parts into these
#   records for the AI: what you take for a month's defective parts is your decision (grading
#   also tries records with other shares of defective parts)
# - `cost_yen`: hours × `INSPECTOR_HOURLY_COST_YEN` + escapes × `escape_yen` + false rejects ×
#   `FACTS["part_cost_yen"]` (a good part rejected is scrapped and made again)

# %% nbgrader={"grade": false, "grade_id": "as_is_month", "locked": false, "schema_version": 3, "solution": true, "task": false}
def as_is_month(parts, log, escape_yen):
    ### BEGIN SOLUTION
    merged = parts.merge(log, on="part_id")
    rejected = merged["decision"] == "NG"
    defective = merged["label"] == 1
    miss_rate = float((~rejected[defective]).mean())
    false_reject_rate = float(rejected[~defective].mean())
    # ja: 記録は不良品を多めに集めたもの。1か月の不良品の数は工程の不良率から。
    # en: The records hold extra defective parts: a month's defects come from production's rate.
    defect_rate = business.DEFECT_RATE_IN_PRODUCTION
    hours = business.MONTHLY_PARTS * log["seconds"].mean() / 3600
    escapes = business.MONTHLY_PARTS * defect_rate * miss_rate
    false_rejects = business.MONTHLY_PARTS * (1 - defect_rate) * false_reject_rate
    return {
        "miss_rate": miss_rate,
        "false_reject_rate": false_reject_rate,
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * escape_yen
        + false_rejects * business.FACTS["part_cost_yen"],
    }
    ### END SOLUTION


# %%
ex.as_is_month.check(as_is_month)
today = as_is_month(parts, log, escape_cost_yen(business.FACTS))
# ja: 円と割合が並ぶと pandas は指数表記にするので、桁区切りで表示します。
# en: With yen and rates side by side pandas would switch to scientific notation.
display(pd.Series(ex.as_is_month.labelled(today), name=ja_en("今の1か月", "today's month"))
        .map("{:,.3f}".format).to_frame())

# %% nbgrader={"grade": true, "grade_id": "as_is_month_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.as_is_month.grade(as_is_month)
### BEGIN HIDDEN TESTS
ex.as_is_month.grade_hidden(as_is_month)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 見逃しは不良の種類・直（昼/夜）でどう違うでしょうか。
# <!-- en -->
# How do misses differ by defect kind and by shift?

# %%
defective = log.set_index("part_id").join(parts.set_index("part_id")).query("label == 1")
missed = defective["decision"] == "OK"
miss_rates = missed.groupby([defective["defect_kind"], defective["shift"]]).mean().unstack()
print(miss_rates.round(2).rename(index=name_of, columns=name_of))

# %% [markdown]
# <!-- ja -->
# ## 4. KPI と目標（自由記述・相互評価）
# 社長の北村さんは、この取り組みを何で判断するでしょうか。あなたの数字から、次を書いてください。
# - 3つの損失（検査員の時間・流出・過検出）のうちどれが大きく、それが何を意味するか
# - 判断に使う KPI（重要業績評価指標）を1〜3個。それぞれの現状値（あなたの計算）、目標と期限、
#   その水準にした理由。顧客との品質の取り決め（出荷品のうち不良は `business.MAX_ESCAPE_RATE` 以下。
#   製造業では百万個あたりの個数、ppm で数えます）との関係にも触れましょう
# - 何のデータから、どう計算し、どの頻度で見るか
#
# ルーブリックは `rubric.md` の `kpi_and_target` です。
# <!-- en -->
# ## 4. KPI and target (free text, peer-reviewed)
# What will President Kitamura judge this project by? From your figures, write:
# - which of the three losses (inspector time, escapes, false rejects) is largest, and what that
#   means;
# - one to three KPIs to judge by: each one's current value (your computation), a target with a
#   deadline and the reason for that level, and how they relate to the customer's quality agreement
#   (at most `business.MAX_ESCAPE_RATE` of shipped parts defective; manufacturing counts it in
#   parts per million, ppm);
# - which data they come from, how they are computed and how often they are reviewed.
#
# The rubric is `kpi_and_target` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "kpi_and_target", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）流出は月約<!-- fig:as_is_escapes_per_month ~2 -->8.7<!-- /fig -->件、流出率は約<!-- fig:as_is_escape_rate ppm ~2 -->140<!-- /fig --> ppm で、
# 顧客との取り決め（<!-- fig:max_escape_rate ppm ,.0f -->50<!-- /fig --> ppm 以下）を大きく超えている。月の損失約<!-- fig:as_is_cost_yen_per_month 万 ~2 -->130<!-- /fig -->万円は検査員の時間、
# 流出、過検出がほぼ同じ規模だが、取り決めを守れなければ取引そのものが危うくなる。人を増やしても見逃しが
# 減らなければ流出は減らない。KPI は「流出率（出荷品に占める不良の割合、ppm）」と「月の損失額」。流出率は
# 本番開始から6か月で取り決め以下にし、損失額を半分以下にする。検査員の時間は、人が見る部品を怪しいものに
# 絞り、浮いた時間を工程内の検査に回すことを目標にする。流出率は顧客のクレーム記録と品質保証課の抜き取り
# 全数検査から月次で、損失額は検査記録と原価から月次で計算する。
# <!-- en -->
# (Example answer) About <!-- fig:as_is_escapes_per_month ~2 -->8.7<!-- /fig --> escapes a month, an escape rate of about
# <!-- fig:as_is_escape_rate ppm ~2 -->140<!-- /fig --> ppm: far above the customer agreement (at most <!-- fig:max_escape_rate ppm ,.0f -->50<!-- /fig --> ppm). The monthly loss of
# about <!-- fig:as_is_cost_yen_per_month million .1f -->1.3<!-- /fig --> million yen splits roughly evenly between inspector time, escapes and false
# rejects, but breaking the agreement puts the business with the customer itself at risk. More
# inspectors would change little unless fewer defects were missed. KPIs: the escape rate
# (defective share of shipped parts, in ppm) and the monthly loss. Bring the escape rate within the
# agreement within six months of go-live and halve the loss. For inspector time the aim is to
# focus people on suspect parts and move the hours freed to in-process inspection. The escape rate
# is computed monthly from customer claims and QA's sampled full inspections; the loss monthly
# from the inspection records and unit costs.

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 今の目視検査が1か月に何時間かかり、何円を失っているかを、あなたの定義した流出のコストで数字に
# しました。何が損失の中心かは、KPI の欄にあなたの言葉で書いたとおりです。02 では、まず AI に何を求めるか
# （要求定義・要件定義）を決めてから、不良を画像から見つけ、場所を示す AI を試作します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You put numbers on what today's visual inspection takes in hours and loses in yen a month, with
# the cost of an escape as you defined it; what drives the loss is in your own words in the KPI
# answer. In 02 you first decide what the AI must do (requirements), then build an AI that finds
# defects in the images and shows where they are.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
