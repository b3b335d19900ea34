# %% [markdown]
# <!-- ja -->
# # 01 ビジネス課題：いまの発注で何が失われているか
# **このノートブックでやること（約60分）**：さくらマートの2年分のデータを読み、今の「店長の手発注」で
# 失われている **廃棄・見切りの損失、欠品による粗利損失、発注作業時間** を数字にします。最後に、改善の目標
# （KPI と目標値）を文章で書きます。
# <!-- en -->
# # 01 Business problem: what today's ordering loses
# **What you will do (about 60 min)**: read two years of Sakura Mart's data and put numbers on what
# today's hand ordering by store managers loses: **waste and markdowns, margin lost to stockouts,
# and ordering hours**. Then write the improvement goal (KPI and target) in your own words.

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import pandas as pd

from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast import load_data

ex.setup(LANG)
data = load_data()
sales, items, stores = data.sales, data.items, data.stores
sales.head()

# %% [markdown]
# <!-- ja -->
# ## 1. データを眺める
# 表は6つ：`stores`（店舗）、`items`（商品）、`sales`（日次の販売・発注・廃棄）、`weather`（地域別の
# 前日夕方の天気予報と実績）、`weather_forecasts`（気象情報会社が毎夕に発表した7日先までの予報の記録）、
# `ordering_log`（店長の発注作業時間）。まず店舗と商品、そして全店の日次販売数を見ます。
# <!-- en -->
# ## 1. Look at the data
# Six tables: `stores`, `items`, `sales` (daily sales, orders, waste), `weather` (evening-before
# forecast and actual per area), `weather_forecasts` (every forecast of the next seven days the
# weather service issued, one issue each evening) and `ordering_log` (managers' ordering minutes).
# Start with stores, items and the chain's daily unit sales.

# %%
display(stores)
display(items.head(10))

daily = sales.groupby("date")["sales_qty"].sum()
fig, ax = plt.subplots(figsize=(10, 3))
daily.plot(ax=ax)
ax.set_title(ja_en("全店の日次販売数", "Daily units sold, all stores"))
ax.set_xlabel(ja_en("日付", "date"))
ax.set_ylabel(ja_en("販売数", "units"))
plt.show()

# %% [markdown]
# <!-- ja -->
# 山はいつ来て、どんな周期が見えるでしょうか。商品の分類によって、季節や気温への反応は同じでしょうか。
# 次のセルで分類ごとに確かめ、予測に入れるべき要因を自分の言葉でメモしておきましょう（02 の要件定義で使います）。
# <!-- en -->
# When do the peaks come, and what rhythms can you see? Do all categories react to the seasons and
# the temperature alike? Check by category in the next cell, and note in your own words which
# drivers a forecast must take in (you will use it in 02's specification).

# %%
by_category = (
    sales.merge(items[["item_id", "category"]])
    .merge(stores[["store_id", "area_id"]])
    .merge(data.weather, on=["date", "area_id"])
)
by_category["temp_band"] = pd.cut(by_category["temp_max"], [-10, 10, 20, 28, 45])
table = by_category.groupby(["category", "temp_band"], observed=True)["sales_qty"].mean().unstack()
display(table.round(1))

# %% [markdown]
# <!-- ja -->
# ## 2. データの「汚れ」を直す
# 実際のシステムから出したデータには汚れがあります。`sales` には **まったく同じ行の重複** があり、
# 途中で **商品コードが変わった商品** があります（items 表は古いコードのまま）。
#
# **問題 1**：`clean_sales(sales, items)` を書いてください。重複行を除き、items 表にないコードを items の
# コードに直した DataFrame を返します。
# <!-- en -->
# ## 2. Clean the export
# A real export is messy. `sales` has **exact duplicate rows**, and **one item's code changed** part
# way (the items table keeps the old code).
#
# **Question 1**: write `clean_sales(sales, items)`. Return a DataFrame without duplicate rows and
# with codes missing from the items table mapped back to the items table's codes.

# %%
print(sorted(set(sales["item_id"]) - set(items["item_id"])))
print(sales.duplicated().sum())

# %% nbgrader={"grade": false, "grade_id": "clean_sales", "locked": false, "schema_version": 3, "solution": true, "task": false}
def clean_sales(sales, items):
    ### BEGIN SOLUTION
    cleaned = sales.drop_duplicates().copy()
    unknown = ~cleaned["item_id"].isin(items["item_id"])
    cleaned.loc[unknown, "item_id"] = cleaned.loc[unknown, "item_id"].str.removesuffix("N")
    return cleaned.reset_index(drop=True)
    ### END SOLUTION


# %%
ex.clean_sales.check(clean_sales)

# %% nbgrader={"grade": true, "grade_id": "clean_sales_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.clean_sales.grade(clean_sales)
### BEGIN HIDDEN TESTS
ex.clean_sales.grade_hidden(clean_sales)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 廃棄と見切りの損失
# 夕方、最終日に残った商品には半額シールを貼ります（見切り）。売れた分は `markdown_qty`、閉店までに売れず
# 廃棄した分は `waste_qty` です。廃棄した1個は原価 `unit_cost` をそのまま失い、見切りで売れた1個は原価と
# 受け取った半額（その日の売価 `price` の半分）の差を失います。
#
# **問題 2**：`annual_waste_cost(sales, items)` を書いてください。クレンジングした売上の **直近365日**
# （最終日を含む）について、廃棄と見切りで失った額（円）を合計して返します。
# <!-- en -->
# ## 3. Loss to waste and markdowns
# In the evening, units left on their last day get a half-price sticker (the markdown, 見切り).
# Those that sell are `markdown_qty`; those still unsold at closing are thrown away, `waste_qty`. A
# wasted unit loses its whole cost `unit_cost`; a unit sold at the markdown loses its cost less the
# half price it fetched (half the day's `price`).
#
# **Question 2**: write `annual_waste_cost(sales, items)`: over the **last 365 days** (the last date
# included) of the cleaned sales, return what waste and markdowns lost, in yen.

# %% nbgrader={"grade": false, "grade_id": "annual_waste_cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
def last_365_days(frame):
    return frame[frame["date"] > frame["date"].max() - pd.Timedelta(days=365)]


def annual_waste_cost(sales, items):
    ### BEGIN SOLUTION
    recent = last_365_days(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    wasted = recent["waste_qty"] * recent["unit_cost"]
    marked_down = recent["markdown_qty"] * (recent["unit_cost"] - 0.5 * recent["price"])
    return float((wasted + marked_down).sum())
    ### END SOLUTION


# %%
ex.annual_waste_cost.check(annual_waste_cost)
print(f"{annual_waste_cost(sales, items):,.0f} " + ja_en("円", "yen"))

# %% nbgrader={"grade": true, "grade_id": "annual_waste_cost_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.annual_waste_cost.grade(annual_waste_cost)
### BEGIN HIDDEN TESTS
ex.annual_waste_cost.grade_hidden(annual_waste_cost)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 欠品による粗利損失（推定）
# 売れた数は「需要」ではありません。棚が空になった日は、需要が在庫で **頭打ち** になっています。
# 手がかりは3つです：欠品フラグ `stockout_flag` は、店員が記録したときだけ 1 です。`stock_available` は
# その日に棚に出せた個数、`price` はその日の売価（特売日は安い）です。
#
# **問題 3**：`lost_margin(sales, items)` を書いてください。クレンジングした売上の直近365日に、欠品で
# 失った粗利（円）の推定値を返します。**どの日を欠品日とみなすか** と、**売り逃した1個でいくら失うか**
# は、あなたが上の事実から決めます。欠品日の需要は、同じ店・商品・曜日の欠品でない日（直近365日）の
# 平均販売数で推定し、販売数がそれに届かなかった分を売り逃した個数とします（届いていれば 0 個）。
# <!-- en -->
# ## 4. Margin lost to stockouts (estimated)
# Units sold are not demand: on days the shelf ran empty, demand was **capped** by the stock. Three
# clues: the `stockout_flag` is 1 only when staff recorded it; `stock_available` is how many units
# the shelf had that day; `price` is that day's price (lower on promotion days).
#
# **Question 3**: write `lost_margin(sales, items)`, returning an estimate of the margin lost to
# stockouts (yen) over the last 365 days of the cleaned sales. **Which days count as stockout days**
# and **what one lost sale costs** are yours to decide from the facts above. Estimate a stockout
# day's demand by the mean sales of the same store, item and weekday on days without a stockout
# (last 365 days), and count the units by which the sales fell short of it as lost (0 when they
# reached it).

# %% nbgrader={"grade": false, "grade_id": "lost_margin", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lost_margin(sales, items):
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %%
ex.lost_margin.check(lost_margin)
print(f"{lost_margin(sales, items):,.0f} " + ja_en("円", "yen"))

# %% nbgrader={"grade": true, "grade_id": "lost_margin_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.lost_margin.grade(lost_margin)
### BEGIN HIDDEN TESTS
ex.lost_margin.grade_hidden(lost_margin)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 5. 発注作業時間
# **問題 4**：`ordering_hours(ordering_log)` を書いてください。直近365日の全店の発注作業時間（時間）を返します。
# <!-- en -->
# ## 5. Ordering hours
# **Question 4**: write `ordering_hours(ordering_log)`: the ordering hours of all stores over the
# last 365 days.

# %% nbgrader={"grade": false, "grade_id": "ordering_hours", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ordering_hours(ordering_log):
    ### BEGIN SOLUTION
    return float(last_365_days(ordering_log)["minutes"].sum() / 60)
    ### END SOLUTION


# %%
ex.ordering_hours.check(ordering_hours)
print(f"{ordering_hours(data.ordering_log):,.0f} h")

# %% nbgrader={"grade": true, "grade_id": "ordering_hours_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.ordering_hours.grade(ordering_hours)
### BEGIN HIDDEN TESTS
ex.ordering_hours.grade_hidden(ordering_hours)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 6. KPI と目標（自由記述・受講生同士で相互評価）
# 上の数字をもとに、本部の構想で追うべき **KPI** と **目標値**（いつまでに、どこから、どこまで）、
# その **測り方** を書いてください。ルーブリックは `rubric.md` にあります。
# <!-- en -->
# ## 6. KPI and target (free text, peer-reviewed)
# From the numbers above, write the **KPI** HQ's plan should track, a **target** (by when, from what
# level to what level) and **how it is measured**. The rubric is in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "kpi_and_target", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）KPI は「廃棄・見切りの損失＋欠品による粗利損失」の合計（円/年）と、店長の発注作業時間（時間/年）。
# 目標は1年後に合計損失を現状比 <!-- fig:loss_cut_target % .0f -->25<!-- /fig -->% 削減、発注時間を <!-- fig:ordering_hours_cut % ~1 -->80<!-- /fig -->% 削減。毎週、本部が店別・商品別に集計して測る。
# <!-- en -->
# (Example answer) KPIs: waste and markdowns plus margin lost to stockouts (yen a year), and managers' ordering
# hours (a year). Target: cut the combined loss by <!-- fig:loss_cut_target % .0f -->25<!-- /fig -->% and ordering hours by <!-- fig:ordering_hours_cut % ~1 -->80<!-- /fig -->% within a year, from
# today's level. HQ measures both weekly per store and item.

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# いまの発注で失われている金額と時間が数字になりました。次のノートブック **02** では、これを減らす
# ための需要予測モデルを作り、今のやり方（先週の同じ曜日）と比べます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You have put yen and hours on what today's ordering loses. In notebook **02** you build a demand
# forecast to reduce it and compare it with today's practice (same weekday last week).
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
