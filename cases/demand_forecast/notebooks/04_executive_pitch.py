# %% [markdown]
# <!-- ja -->
# # 04 プレゼン課題：経営層への提案
# **このノートブックでやること（約70分）**：01〜03 の数字から、社長に向けた1枚の提案をまとめます。
# 年間の正味効果と投資回収期間を計算する関数を書き（自動採点）、KPI 表とグラフを作り、提案文と、最後に
# 短いふりかえりを書きます（どちらも受講生同士の相互評価）。
# <!-- en -->
# # 04 Pitch to the executives
# **What you will do (about 70 min)**: put the numbers from 01–03 into a one-page proposal to the
# president. You write a function for the annual net benefit and the payback period (autograded),
# build a KPI table and a chart, and write the pitch and, to close, a short look back (both peer-reviewed).

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import pandas as pd

from dxquest.cases.demand_forecast import business
from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast import load_data

ex.setup(LANG)
print(business.MANAGER_HOURLY_COST_YEN, business.SYSTEM_INITIAL_COST_YEN,
      business.SYSTEM_ANNUAL_COST_YEN, business.REVIEW_MINUTES_PER_STORE_DAY)

# %% [markdown]
# <!-- ja -->
# ## 1. 数字を集める（01 から貼り付け）
# 提案の数字は、すべてあなたが 01 で公開データから計算したものです。01 で書いた `clean_sales`、
# `last_365_days`、`annual_waste_cost`、`lost_margin`、`ordering_hours` を下のセルに貼り付け（01 で採点済み
# なので、ここでは採点しません）、01 の KPI で決めた目標（廃棄・見切りの損失と欠品による粗利損失の合計を何割減らすか）を
# `loss_cut_target` に 0〜1 の割合で書いてください。貼り付ける前に先へ進むと、関数が定義されていないため
# `NameError` で止まります。
#
# 貼り付けたセルの次のセルが、As-Is（直近1年の廃棄・見切りの損失、欠品による粗利損失、発注作業時間）と To-Be を計算
# します。導入後の発注時間は、全店で1店1日 `REVIEW_MINUTES_PER_STORE_DAY` 分の確認作業です。導入後の廃棄・見切りの
# 損失と粗利損失は、As-Is を KPI の目標どおり減らした値で置きます。AI の発注で実際にいくら減るかは公開データでは
# 測れません（棚の在庫を超えた需要は記録に残らないため）。ここでの効果は **試験導入で確かめる目標** であり、
# 提案でもそう書きます。
# <!-- en -->
# ## 1. Gather the numbers (paste from 01)
# Every figure of the pitch is one you computed from the public data in notebook 01. Paste your
# `clean_sales`, `last_365_days`, `annual_waste_cost`, `lost_margin` and `ordering_hours` from
# notebook 01 into the next cell (01 graded them: this cell is not graded), and set
# `loss_cut_target` to the target of your KPI in 01 (the share of the loss to waste and markdowns
# plus the margin lost to stockouts to cut), from 0 to 1. Until you paste them, the cell after it
# stops with a `NameError`: the functions are not defined yet.
#
# That next cell computes the As-Is (the last year's loss to waste and markdowns, margin lost to
# stockouts and ordering hours) and the To-Be. After the change, ordering time is
# `REVIEW_MINUTES_PER_STORE_DAY` minutes of review per store a day, in every store. The two losses
# after the change are the As-Is cut by your KPI target: what the AI's orders would really save
# cannot be measured on the public data (demand beyond the shelf's stock was never recorded), so
# this saving is **a target the pilot must prove**, and the pitch says so.

# %% nbgrader={"grade": false, "grade_id": "losses_from_01", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def clean_sales(sales, items):
    cleaned = sales.drop_duplicates().copy()
    unknown = ~cleaned["item_id"].isin(items["item_id"])
    cleaned.loc[unknown, "item_id"] = cleaned.loc[unknown, "item_id"].str.removesuffix("N")
    return cleaned.reset_index(drop=True)


def last_365_days(frame):
    return frame[frame["date"] > frame["date"].max() - pd.Timedelta(days=365)]


def annual_waste_cost(sales, items):
    recent = last_365_days(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    wasted = recent["waste_qty"] * recent["unit_cost"]
    marked_down = recent["markdown_qty"] * (recent["unit_cost"] - 0.5 * recent["price"])
    return float((wasted + marked_down).sum())


def lost_margin(sales, items):
    recent = last_365_days(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    recent["weekday"] = recent["date"].dt.day_of_week
    recent["stockout"] = (recent["stockout_flag"] == 1) | (
        (recent["sales_qty"] >= recent["stock_available"]) & (recent["stock_available"] > 0)
    )
    keys = ["store_id", "item_id", "weekday"]
    typical = recent[~recent["stockout"]].groupby(keys)["sales_qty"].mean().rename("typical")
    short = recent[recent["stockout"]].join(typical, on=keys)
    lost_units = (short["typical"] - short["sales_qty"]).clip(lower=0).fillna(0)
    return float((lost_units * (short["price"] - short["unit_cost"])).sum())


def ordering_hours(ordering_log):
    return float(last_365_days(ordering_log)["minutes"].sum() / 60)


loss_cut_target = 0.25
### END SOLUTION


# %%
data = load_data()
as_is = {
    "waste_yen": annual_waste_cost(data.sales, data.items),
    "lost_margin_yen": lost_margin(data.sales, data.items),
    "ordering_hours": ordering_hours(data.ordering_log),
}
to_be = {
    "waste_yen": as_is["waste_yen"] * (1 - loss_cut_target),
    "lost_margin_yen": as_is["lost_margin_yen"] * (1 - loss_cut_target),
    "ordering_hours": len(data.stores) * 365 * business.REVIEW_MINUTES_PER_STORE_DAY / 60,
}

# %% [markdown]
# <!-- ja -->
# ## 2. 年間の正味効果と投資回収期間
# このキットでは、どのケースでも **年間効果は運用費を差し引いた正味** で数えます。
#
# **問題 1**：`business_case(as_is, to_be, initial_cost_yen, annual_cost_yen)` を書いてください。次の2つを
# dict で返します。
# - `"annual_net_benefit_yen"`：年間の正味効果（円/年）＝ 廃棄・見切りの損失の減少 ＋ 欠品損失の減少 ＋ 削減時間 ×
#   `business.MANAGER_HOURLY_COST_YEN` − 年間運用費
# - `"payback_months"`：初期費用 ÷ 月あたりの正味効果（年間の正味効果 ÷ 12）。正味効果が 0 以下なら
#   `float("inf")`
# <!-- en -->
# ## 2. Annual net benefit and payback period
# In this kit, every case counts **the annual benefit net of the running cost**.
#
# **Question 1**: write `business_case(as_is, to_be, initial_cost_yen, annual_cost_yen)`, returning a
# dict of two figures:
# - `"annual_net_benefit_yen"`: the annual net benefit (yen a year) = the reduction in waste and markdown
#   loss + the reduction in lost margin + hours saved × `business.MANAGER_HOURLY_COST_YEN` − the annual running
#   cost
# - `"payback_months"`: initial cost ÷ the monthly net benefit (the annual net benefit ÷ 12);
#   `float("inf")` when the net benefit is 0 or less

# %% nbgrader={"grade": false, "grade_id": "business_case", "locked": false, "schema_version": 3, "solution": true, "task": false}
def business_case(as_is, to_be, initial_cost_yen, annual_cost_yen):
    ### BEGIN SOLUTION
    saved_yen = (as_is["waste_yen"] - to_be["waste_yen"]) + (
        as_is["lost_margin_yen"] - to_be["lost_margin_yen"]
    )
    saved_hours = as_is["ordering_hours"] - to_be["ordering_hours"]
    net = float(saved_yen + saved_hours * business.MANAGER_HOURLY_COST_YEN - annual_cost_yen)
    payback = float("inf") if net <= 0 else initial_cost_yen / (net / 12)
    return {"annual_net_benefit_yen": net, "payback_months": payback}
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
kpi[ja_en("差", "change")] = kpi["To-Be"] - kpi["As-Is"]
kpi = kpi.rename(index={
    "waste_yen": ja_en("廃棄・見切り（円/年）", "waste and markdowns (yen a year)"),
    "lost_margin_yen": ja_en("欠品損失（円/年）", "lost margin (yen a year)"),
    "ordering_hours": ja_en("発注作業（時間/年）", "ordering work (hours a year)"),
})
# ja: 円と時間が並ぶと pandas は指数表記にするので、桁区切りの整数で表示します。
# en: With yen and hours side by side pandas would switch to scientific notation.
display(kpi.map("{:,.0f}".format))
case = business_case(as_is, to_be, business.SYSTEM_INITIAL_COST_YEN,
                     business.SYSTEM_ANNUAL_COST_YEN)
benefit, months = case["annual_net_benefit_yen"], case["payback_months"]
print(ja_en(f"年間の正味効果: {benefit:,.0f} 円、回収: {months:.1f} か月",
            f"annual net benefit: {benefit:,.0f} yen; payback: {months:.1f} months"))

fig, ax = plt.subplots(figsize=(6, 3))
labels = [ja_en("廃棄・見切り", "waste and markdowns"), ja_en("欠品損失", "lost margin")]
ax.bar([0, 1], [as_is["waste_yen"], as_is["lost_margin_yen"]], width=0.4, label="As-Is")
ax.bar([0.4, 1.4], [to_be["waste_yen"], to_be["lost_margin_yen"]], width=0.4, label="To-Be")
ax.set_xticks([0.2, 1.2], labels)
ax.set_ylabel(ja_en("円/年", "yen a year"))
ax.set_title(ja_en("導入前後の損失", "Losses before and after"))
ax.legend()
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 4. 提案文（自由記述・相互評価）
# 社長に向けて1枚で：課題（円と時間）、提案、トライアルの証拠とリスク、ROI・回収期間、お願いしたいこと
# （次の一歩）。ルーブリックは `rubric.md` の `executive_pitch` です。
# <!-- en -->
# ## 4. The pitch (free text, peer-reviewed)
# One page for the president: the problem (yen and hours), the proposal, evidence from the trial and
# its risks, ROI and payback, and the ask (next step). The rubric is `executive_pitch` in
# `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "executive_pitch", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）いま店長の手発注で、年約<!-- fig:as_is_loss_yen_per_year 万 ~2 -->8,300<!-- /fig -->万円の廃棄・見切り・欠品の損失と、年約<!-- fig:as_is_ordering_hours_per_year ~2 -->5,100<!-- /fig -->時間の発注作業が
# 生じています。発注を本部の AI 予測と新聞売り子型の発注ルールに移せば、店長の作業は1店1日の確認だけになり、
# 月約<!-- fig:hours_saved_per_month ~2 -->350<!-- /fig -->時間を売場とスタッフに回せます。損失は KPI の目標どおり<!-- fig:loss_cut_target % .0f -->25<!-- /fig -->%減らすことを目指します。
# 目標に届けば、運用費
# 年<!-- fig:system_annual_cost_yen 万 ,.0f -->360<!-- /fig -->万円を差し引いた正味の効果は年約<!-- fig:net_benefit_yen_per_year 万 ~2 -->2,500<!-- /fig -->万円、初期費用<!-- fig:system_initial_cost_yen 万 ,.0f -->1,200<!-- /fig -->万円は約<!-- fig:payback_months .1f -->5.7<!-- /fig -->か月で
# 回収できます。この目標を確かめるため、まず2店で3か月の試験導入をお願いします。
# <!-- en -->
# (Example answer) Hand ordering costs about <!-- fig:as_is_loss_yen_per_year million ~2 -->83<!-- /fig --> million yen a year in waste,
# markdowns and lost margin, and <!-- fig:as_is_ordering_hours_per_year ~2 -->5,100<!-- /fig --> hours of managers' ordering work. With ordering moved to HQ's AI
# forecast and a newsvendor ordering rule, managers only review the proposals, and about
# <!-- fig:hours_saved_per_month ~2 -->350<!-- /fig --> hours a month go back to the floor and the staff. We aim to cut the losses by
# <!-- fig:loss_cut_target % .0f -->25<!-- /fig --> %, the KPI target. At that target, net of the <!-- fig:system_annual_cost_yen million .1f -->3.6<!-- /fig --> million yen running cost, the benefit is
# about <!-- fig:net_benefit_yen_per_year million ~2 -->25<!-- /fig --> million yen a year, and the <!-- fig:system_initial_cost_yen million .0f -->12<!-- /fig --> million yen set-up pays back in about
# <!-- fig:payback_months .1f -->5.7<!-- /fig --> months. To prove the target, we ask for a three-month pilot in two stores.

# %% [markdown]
# <!-- ja -->
# ## 5. ふりかえり（自由記述・相互評価）
# 最後に、4本のノートブックを通した取り組みをふりかえります。次の2つを、それぞれ数文で具体的に書いてください。
# - **もう一度やるなら変えること**：予測の特徴量、欠品日の見分け方、発注ルール（損失の見積もりや消費期限の扱い）、
#   作業の進め方など、自分のやり方で何を変えるか。うまくいかなかったことや、自分の結果の数字にふれて
#   かまいません。
# - **さくらマートが次にやるべきこと**：提案が承認されたその先に、だれが・いつまでに・何をするか。
#   トライアルで見えた限界やリスクのどれに手を打つものかも添えてください。
#
# ルーブリックは `rubric.md` の `closing_reflection` です。
# <!-- en -->
# ## 5. Looking back (free text, peer-reviewed)
# To close, look back on your work across the four notebooks. Write a few concrete sentences on each:
# - **What you would do differently**: in the forecast's features, spotting sold-out days, the
#   ordering rule (the costs you counted, shelf life), or the way you worked. What did not work, and
#   your own figures, are welcome.
# - **What Sakura Mart should do next**: beyond approving the proposal, who does what and by
#   when, and which limit or risk seen in the trial it addresses.
#
# The rubric is `closing_reflection` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "closing_reflection", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）変えること：最初のモデルは欠品日を店員の記録だけで見分けたため予測が低めになり、気づくのが
# 遅れた。次は 01 で欠品の定義を確かめた時点で、欠品日の扱いを変えたモデルどうしを先に比べる。発注ルールも、
# 臨界比率を一律に使う前に、日もちする商品とチラシの目玉商品を分けて確かめたい。次にやるべきこと：新商品と
# 天候の急変に弱いので、本部の商品部が新商品の初期値の決め方（似た商品の実績から）を決める。2店での3か月の
# 試験導入中は、店長の上書きと理由を記録して毎週見直し、各店で欠品フラグの入力を徹底する。
# <!-- en -->
# (Example answer) Differently: my first model spotted sold-out days from the staff's flags
# alone, so it forecast low, and I noticed late. Next time, as soon as notebook 01 settles what
# counts as a stockout, I would first compare models that treat sold-out days differently. For
# ordering, I would check items that keep several days and flyer loss leaders separately before
# applying one critical ratio to all. Next: the forecast is weakest on new items and sudden
# weather, so HQ's merchandising team decides how a new item starts (from similar items'
# sales); during the three-month pilot in two stores, managers log every override with a
# reason for a weekly review, and every store makes entering the stockout flag routine.

# %% [markdown]
# <!-- ja -->
# ## まとめ
# ビジネス課題の数値化から、AI トライアル、発注への組み込み、運用設計、経営層への提案まで、DX の一連の流れを
# 通して経験しました。提出後、自由記述は他の受講生がルーブリックで評価します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved
# You went the whole way of a DX project: quantifying the business problem, an AI trial, building it
# into ordering, operations design, and a pitch to the executives. After you submit, other learners
# review your free-text answers with the rubric.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
