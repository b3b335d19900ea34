# %% [markdown]
# <!-- ja -->
# # 03 業務適合性の検証・運用設計
# **このノートブックでやること（約100分）**：予測を **発注量** に変えます。1個足りないときと1個余ったときに
# さくらマートが失う額を、あなたが店の事実から決め、そこから「どこまで積むか」を導いて発注ルール
# `order_up_to` を作ります。採点では非公開の2週間でシミュレーションし、廃棄・見切り・欠品の損失（円）を店長の
# 実際の発注、理論上の最善の発注（真の需要分布を知っている場合）と比べます。改善到達度 ＝（店長のコスト − あなたの
# コスト）÷（店長のコスト − 最良のコスト）が 0.7 以上で合格です。最後に、店舗での試行（パイロット）の計画と
# 運用設計を文章で書きます。
# <!-- en -->
# # 03 Fit to the work and operations design
# **What you will do (about 100 min)**: turn forecasts into **orders**. You decide, from the facts
# of the stores, what Sakura Mart loses on one unit short and on one unit left over, derive from
# that how much to stock, and write the ordering rule `order_up_to`. Grading simulates it on two
# hidden weeks and compares the loss to waste, markdowns and stockouts (yen) with the managers'
# real orders and with the best possible ordering (knowing the true demand distribution). It
# passes when skill = (managers' cost − yours) ÷ (managers' cost − the best) reaches 0.7. Then you
# write the plan of a pilot in the stores and the operations design.

# %% tags=["parameters"]
LANG = "ja"

# %%
import jpholiday
import lightgbm as lgb
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np
import pandas as pd
from scipy import stats

from dxquest.cases.demand_forecast import business
from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast import load_data
from dxquest.cases.demand_forecast.censored import censored_size, fit_demand_model
from dxquest.cases.demand_forecast.data import forecast_task, holdout_origins

ex.setup(LANG)
data = load_data()

# %% [markdown]
# <!-- ja -->
# ## 1. 予測モデル（02 から貼り付け）
# 02 で作った `clean_sales`、`feature_table`、`forecast_demand` を、使っている関数（`calendar_features`、
# `with_evening_forecast`）ごとここに貼り付けてください。
# <!-- en -->
# ## 1. The forecast (paste from 02)
# Paste `clean_sales`, `feature_table` and `forecast_demand` from notebook 02 here, with the
# functions they use (`calendar_features`, `with_evening_forecast`).

# %% nbgrader={"grade": false, "grade_id": "forecast_from_02", "locked": false, "schema_version": 3, "solution": true, "task": false}
KEYS = ["date", "store_id", "item_id"]
LAGS = (7, 14, 21, 28)
TRAIN_DAYS = 365

### BEGIN SOLUTION
def clean_sales(sales, items):
    cleaned = sales.drop_duplicates().copy()
    unknown = ~cleaned["item_id"].isin(items["item_id"])
    cleaned.loc[unknown, "item_id"] = cleaned.loc[unknown, "item_id"].str.removesuffix("N")
    return cleaned.reset_index(drop=True)


def calendar_features(frame):
    date = frame["date"]
    holidays = [day for day in date.unique() if jpholiday.is_holiday(day)]
    return pd.DataFrame({
        "weekday": date.dt.day_of_week,
        "day_of_year": date.dt.day_of_year,
        "holiday": date.isin(holidays).astype(int),
        "payday": date.dt.day.between(25, 27).astype(int),
        "year_end": ((date.dt.month == 12) & (date.dt.day >= 28)).astype(int),
        "new_year": ((date.dt.month == 1) & (date.dt.day <= 3)).astype(int),
        "obon": ((date.dt.month == 8) & date.dt.day.between(13, 16)).astype(int),
    }, index=frame.index)


def with_evening_forecast(rows, history):
    # ja: 過去の行に、その日の前日夕方に出た天気予報を付けます（future の行には、本部が予測する
    # ja: 日の夕方に出た予報が付いています）。
    # en: Past rows with the weather forecast issued the evening before their day (rows of future
    # en: come with the forecast issued the evening HQ forecasts).
    weather = history.weather[["date", "area_id", "temp_max_forecast", "rain_prob_forecast"]]
    rows = rows.merge(history.stores[["store_id", "area_id"]], on="store_id", how="left")
    return rows.merge(weather, on=["date", "area_id"], how="left").drop(columns="area_id")


def feature_table(rows, sales, history):
    table = rows[KEYS + ["price", "on_promo", "temp_max_forecast", "rain_prob_forecast"]].copy()
    for lag in LAGS:
        lagged = sales[KEYS + ["sales_qty"]].assign(date=sales["date"] + pd.Timedelta(days=lag))
        table = table.merge(lagged.rename(columns={"sales_qty": f"lag_{lag}"}), on=KEYS, how="left")
    table["lag_mean"] = table[[f"lag_{lag}" for lag in LAGS]].mean(axis=1)
    table = table.merge(history.items[["item_id", "category", "regular_price", "shelf_life_days"]])
    table = table.merge(history.stores[["store_id", "area_id", "location_type", "floor_area_m2"]])
    table["price_ratio"] = table["price"] / table["regular_price"]
    table = pd.concat([table, calendar_features(table)], axis=1)
    for column in ("store_id", "item_id", "category", "area_id", "location_type"):
        table[column] = table[column].astype("category")
    return table.drop(columns=["date", "regular_price"])


def forecast_demand(history, future):
    sales = clean_sales(history.sales, history.items)
    train = sales[sales["date"] > sales["date"].max() - pd.Timedelta(days=TRAIN_DAYS)]
    train = with_evening_forecast(train, history)
    sold_out = ((train["stockout_flag"] == 1) | (
        (train["sales_qty"] >= train["stock_available"]) & (train["stock_available"] > 0)
    )).to_numpy()
    x_train = feature_table(train, sales, history)
    x_future = feature_table(clean_sales(future, history.items), sales, history)
    for column in x_train.select_dtypes("category"):
        x_future[column] = pd.Categorical(
            x_future[column].astype(str), categories=x_train[column].cat.categories
        )
    model = fit_demand_model(x_train, train["sales_qty"], sold_out)
    return model.predict(x_future)
### END SOLUTION


# %% [markdown]
# <!-- ja -->
# ## 2. 見切りで取り戻せる分
# 夕方、最終日を迎えた商品の残りには半額シールを貼ります（見切り）。売れた分は `markdown_qty`、閉店まで
# 売れずに廃棄した分は `waste_qty` に記録されています。見切りでどれだけ売れるかは商品によって違います。
#
# **問題 1**：`markdown_sell_through(sales, items)` を書いてください。`items` の各商品（`items` の行の
# 順）について、見切りに回した分のうち売れた割合（見切りの売れ率、0〜1）を NumPy 配列で返します。
# 期間はクレンジングした売上の全期間です。見切りに回った分が一度もない商品は 0 とします。
# <!-- en -->
# ## 2. What the evening markdown recovers
# In the evening, units left on their last day get a half-price sticker (the markdown, 見切り). Those
# that sell are recorded as `markdown_qty`; those still unsold at closing are thrown away and
# recorded as `waste_qty`. How well the markdown sells depends on the item.
#
# **Question 1**: write `markdown_sell_through(sales, items)`: for each item of `items` (in the order
# of its rows), the share of the units marked down that sold (the markdown sell-through, 0 to 1),
# as a NumPy array, over the whole period of the cleaned sales. An item of which no unit was ever
# marked down gets 0.

# %% nbgrader={"grade": false, "grade_id": "markdown_sell_through", "locked": false, "schema_version": 3, "solution": true, "task": false}
def markdown_sell_through(sales, items):
    ### BEGIN SOLUTION
    cleaned = clean_sales(sales, items)
    sums = cleaned.groupby("item_id")[["markdown_qty", "waste_qty"]].sum()
    sums = sums.reindex(items["item_id"], fill_value=0)
    marked_down = (sums["markdown_qty"] + sums["waste_qty"]).to_numpy(dtype=float)
    sold = sums["markdown_qty"].to_numpy(dtype=float)
    return np.divide(sold, marked_down, out=np.zeros_like(marked_down), where=marked_down > 0)
    ### END SOLUTION


# %%
ex.markdown_sell_through.check(markdown_sell_through)

# %% nbgrader={"grade": true, "grade_id": "markdown_sell_through_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.markdown_sell_through.grade(markdown_sell_through)
### BEGIN HIDDEN TESTS
ex.markdown_sell_through.grade_hidden(markdown_sell_through)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 1個足りないとき、1個余ったときの損失
# 店の事実は次のとおりです。
# - お客さまは、棚に商品がなければその商品を買わずに帰ります（売り逃し）。`price` はその日の売価
#   （チラシの特売日は安く、原価を下回る目玉商品もあります）、`unit_cost` は仕入れ原価です。
# - 閉店時に残った商品は、翌朝も棚に残り、古いものから先に売れます（先入れ先出し）。`shelf_life_days`
#   日目の夕方に残った分は、その日の売価の半額で見切り、商品ごとの見切りの売れ率（問題 1）の割合で
#   売れます。売れなかった分は閉店時に廃棄し、何も回収できません。返品はありません。
#
# **問題 2**：`unit_costs(price, unit_cost, shelf_life_days, sell_through)` を書いてください。
# `sell_through` は見切りの売れ率です。1個足りないときに失う額 `"shortage"` と、1個余ったときに失う額
# `"leftover"`（どちらも円）の dict を返します。どう数えるかはあなたが決めます。採点では、見たことの
# ない商品の事実で、筋の通る数え方の範囲に入っているかを確かめます。後で行ごとに使うので、NumPy 配列を
# 渡しても動くように書きましょう。
# <!-- en -->
# ## 3. What one unit short and one unit left over cost
# The facts of the stores:
# - A customer who finds the shelf empty leaves without that item (a lost sale). `price` is the
#   day's shelf price (lower on a flyer's promotion day, for loss leaders below cost), `unit_cost`
#   the purchase cost.
# - Units left at closing stay on the shelf the next morning, and the oldest sell first (first in,
#   first out). Units still there on the evening of their `shelf_life_days`-th day are marked down
#   to half the day's price, and the item's markdown sell-through (question 1) of them sells. The
#   rest are thrown away at closing and recover nothing. There are no returns.
#
# **Question 2**: write `unit_costs(price, unit_cost, shelf_life_days, sell_through)`, where
# `sell_through` is the markdown sell-through, returning a dict of what one unit short costs
# (`"shortage"`) and what one unit left over costs (`"leftover"`), both in yen. How to count them is
# your decision; grading checks, on the facts of items you have not seen, that they fall in the
# range a sound way of counting gives. You will use it on every row later: make it work on NumPy
# arrays too.

# %% nbgrader={"grade": false, "grade_id": "unit_costs", "locked": false, "schema_version": 3, "solution": true, "task": false}
def unit_costs(price, unit_cost, shelf_life_days, sell_through):
    ### BEGIN SOLUTION
    price = np.asarray(price, dtype=float)
    unit_cost = np.asarray(unit_cost, dtype=float)
    # ja: 最終日に残った1個は、平均して「売れ率 × 半額」を取り戻します。
    # en: A unit left on its last day recovers sell-through × half the price on average.
    recovered = np.asarray(sell_through, dtype=float) * 0.5 * price
    # ja: 数日もつ商品の残りは翌日に先に売れるので、最終日まで残るのはおよそ消費期限の日数に1個です。
    # en: A leftover of an item that keeps several days sells first the next day: about one in
    # en: shelf-life days stays until its last day.
    return {
        "shortage": price - unit_cost,
        "leftover": (unit_cost - recovered) / np.asarray(shelf_life_days, dtype=float),
    }
    ### END SOLUTION


# %%
ex.unit_costs.check(unit_costs)

# %% nbgrader={"grade": true, "grade_id": "unit_costs_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.unit_costs.grade(unit_costs)
### BEGIN HIDDEN TESTS
ex.unit_costs.grade_hidden(unit_costs)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. どこまで積むか
# 予測 μ は需要の平均です。実際の需要は μ のまわりで、おおよそ平均 μ のポアソン分布のようにばらつきます。
#
# **問題 3**：`stock_level(mu, shortage, leftover)` を書いてください。予測 μ と、問題 2 の2つの損失から、
# 朝の棚に置く個数（目標在庫数、0 以上の整数）を返します。どんな規則で決めるかはあなたが導いてください。
# 採点では、見たことのない μ と損失の組み合わせで、損失の非対称に合った個数になっているかを確かめます。
# NumPy 配列（行ごとの μ と損失）を受け取って、行ごとの個数を返します。
# <!-- en -->
# ## 4. How much to stock
# The forecast μ is the mean demand. Actual demand scatters around it, roughly like a Poisson
# distribution with mean μ.
#
# **Question 3**: write `stock_level(mu, shortage, leftover)`: from a forecast μ and the two costs
# of question 2, the number of units to have on the morning shelf (the stock level, a whole number,
# 0 or more). Deriving the rule is up to you; grading checks, on combinations of μ and costs you
# have not seen, that the levels fit the asymmetry of the two costs. It takes NumPy arrays (μ and
# costs per row) and returns a level per row.

# %% nbgrader={"grade": false, "grade_id": "stock_level", "locked": false, "schema_version": 3, "solution": true, "task": false}
def stock_level(mu, shortage, leftover):
    ### BEGIN SOLUTION
    mu = np.asarray(mu, dtype=float)
    shortage = np.asarray(shortage, dtype=float)
    leftover = np.asarray(leftover, dtype=float)
    # ja: 売り逃しで損をしない目玉商品は多めに置く理由がありません（比率の分母が負になることもあります）。
    # en: A loss leader loses nothing by a missed sale: no reason to stock extra (the ratio's
    # en: denominator may even be negative).
    worth_stocking = shortage > 0
    ratio = np.divide(shortage, shortage + leftover, out=np.zeros_like(mu), where=worth_stocking)
    levels = stats.poisson.ppf(np.minimum(ratio, 0.999), np.maximum(mu, 1e-6))
    return np.where(worth_stocking, np.maximum(levels, 0), 0.0)
    ### END SOLUTION


# %%
ex.stock_level.check(stock_level)

# %% nbgrader={"grade": true, "grade_id": "stock_level_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.stock_level.grade(stock_level)
### BEGIN HIDDEN TESTS
ex.stock_level.grade_hidden(stock_level)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 5. 発注ルール
# **問題 4**：`order_up_to(history, future)` を書いてください。`future` の各行について、目標在庫数を返します。
# シミュレーションでは毎日「目標在庫数 − 前日から残った期限内の在庫」を発注します。
# <!-- en -->
# ## 5. The ordering rule
# **Question 4**: write `order_up_to(history, future)`: the stock level of each row of `future`.
# The simulation orders "stock level − stock left from the day before and still within its shelf
# life" each day.

# %% nbgrader={"grade": false, "grade_id": "order_up_to", "locked": false, "schema_version": 3, "solution": true, "task": false}
def order_up_to(history, future):
    ### BEGIN SOLUTION
    mu = forecast_demand(history, future)
    items = history.items.assign(
        sell_through=markdown_sell_through(history.sales, history.items)
    )
    rows = clean_sales(future, history.items).merge(items, on="item_id", how="left")
    costs = unit_costs(rows["price"], rows["unit_cost"], rows["shelf_life_days"],
                       rows["sell_through"])
    return stock_level(mu, costs["shortage"], costs["leftover"])
    ### END SOLUTION


# %%
ex.orders_beat_managers.check(order_up_to)

# %% nbgrader={"grade": true, "grade_id": "orders_beat_managers_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.orders_beat_managers.grade(order_up_to)
### BEGIN HIDDEN TESTS
ex.orders_beat_managers.grade_hidden(order_up_to)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "orders_skill_pass_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.orders_skill_pass.grade(order_up_to)
### BEGIN HIDDEN TESTS
ex.orders_skill_pass.grade_hidden(order_up_to)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 6. 2つの損失が決める「積み増し」を目で見る
# あなたの `unit_costs` で、商品ごとに「1個足りない損が2つの損の合計に占める割合」を通常売価で描きます。
# 割合が大きい商品ほど、予測より多めに積むことになります。どの商品が大きく、なぜでしょうか。
# <!-- en -->
# ## 6. See how the two costs set the extra stock
# With your `unit_costs`, plot per item the share of the cost of a unit short in the two costs
# together, at the regular price. Items with a larger share are stocked further above the
# forecast: which are they, and why?

# %%
costs = unit_costs(data.items["regular_price"], data.items["unit_cost"],
                   data.items["shelf_life_days"], markdown_sell_through(data.sales, data.items))
shortage, leftover = np.asarray(costs["shortage"]), np.asarray(costs["leftover"])
shares = shortage / (shortage + leftover)
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(data.items["item_name"], shares)
ax.set_title(ja_en("商品別：1個足りない損の割合", "Per item: share of the cost of a unit short"))
ax.set_ylabel(ja_en("割合", "share"))
ax.tick_params(axis="x", labelrotation=90, labelsize=7)
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 7. 店舗での試行（パイロット）の計画（自由記述・相互評価）
# 採点の2週間は、過去のデータでの検証です。本番に入る前に、実際の店で試す計画を立ててください：
# 対象（どの店・どの商品で）、比べる相手（対照群をどう選ぶか）、期間とその理由、成功とみなす基準と
# 中止する基準（どの KPI がいくつなら）、だれが何をするか（本部・店長・システム担当）。
# <!-- en -->
# ## 7. Plan of a pilot in the stores (free text, peer-reviewed)
# The two graded weeks test the rule on past data. Before go-live, plan a trial in real stores:
# the scope (which stores and items), what it is compared with (how the control group is chosen),
# the duration and why, the criteria for success and for stopping (which KPI at what level), and
# who does what (HQ, store managers, the system team).

# %% [markdown] nbgrader={"grade": true, "grade_id": "pilot_design", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）対象：10店のうち立地の違う4店で、日配と惣菜の消費期限1〜2日の商品。対照：残り6店から、
# 売上規模と立地が近い4店を選び、店長の発注のまま比べる。期間：12週間（曜日・給料日を3巡し、季節の
# 変わり目を1回含む）。成功基準：対照店と比べて廃棄＋欠品損失が15%以上少なく、欠品件数が増えていない
# こと、店長の確認が1日15分以内。中止基準：2週続けて対照店より損失が多い、または欠品の苦情が増えた
# とき。担当：本部の需要予測担当が毎週の発注案と集計、店長は確認と修正（理由を記録）、システム担当は
# データ連携と障害対応。
# <!-- en -->
# (Example answer) Scope: 4 of the 10 stores, in different locations, on chilled and deli items that
# keep one or two days. Control: 4 of the other 6 stores of similar sales and location, ordering by
# hand as today. Duration: 12 weeks (three rounds of weekdays and paydays, one change of season).
# Success: waste plus lost margin at least 15% below the control stores with no more stockouts, and
# managers' review within 15 minutes a day. Stop: two weeks in a row with a higher loss than the
# control stores, or more complaints about empty shelves. Roles: HQ's forecasting staff publish the
# weekly order proposals and the figures, managers review and override (logging why), the system
# team runs the data feeds and handles failures.


# %% [markdown]
# <!-- ja -->
# ## 8. 運用設計（自由記述・相互評価）
# As-Is と To-Be の業務の流れ、店長が上書きする場面と手順、精度のモニタリングと再学習の方法、
# データの保管、例外（新商品・特売・祝日・天候急変）への対応を書いてください。
# <!-- en -->
# ## 8. Operations design (free text, peer-reviewed)
# Describe the As-Is and To-Be process, when and how managers override, how accuracy is monitored
# and the model retrained, where data is stored, and how exceptions (new items, promotions, holidays,
# sudden weather changes) are handled.

# %% [markdown] nbgrader={"grade": true, "grade_id": "operations_design", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）As-Is：店長が毎夕、先週の販売を見て手で発注。To-Be：本部が毎週日曜に翌週の発注案を作り、
# 店長は前日夕方に15分で確認し、地域行事や天候急変のときだけ上書き（理由を記録）。本部は毎週 WAPE と
# 廃棄・欠品損失を店別に監視し、4週連続で悪化したら再学習。新商品は類似商品の実績で初期値を置く。
# <!-- en -->
# (Example answer) As-Is: each manager orders by hand every evening from last week's sales. To-Be:
# HQ proposes next week's orders every Sunday; managers review them in 15 minutes the evening before
# and override only for local events or sudden weather (with a reason logged). HQ monitors WAPE, waste
# and lost margin per store weekly and retrains after four weeks of decline; new items start from
# similar items' history.

# %% [markdown]
# <!-- ja -->
# ## 9. 発展課題（任意）：チラシ商品の朝の在庫
# 本部の発注案を店長会で説明したとき、佐藤店長からこう言われました。「特売品は利益が薄いから多くは
# 積まない、という理屈はわかる。でも、チラシを見て来てくださったお客さんの前で棚が空なのは困る。」
# 山下社長も同じ考えで、チラシに載せた商品は **20日に19日（`business.FLYER_IN_STOCK`）** は、来店した
# お客さま全員が買えるだけの数を朝の棚に置くと決めました。ただし、置きすぎれば利益の薄い特売品が
# 売れ残ります。
#
# `flyer_stock(history, future)` を書いてください。`future` はその週のチラシ商品の行（店×商品×日）
# だけです。行ごとに、朝の棚に置く個数を返します。方法は自由です（予測の外れ方から需要の分布の95%点を
# 決める、ほか）。採点は非公開の評価データ（2週間、チラシ商品の行は約300）で、在庫の分位点スコア
# （足りなかった1個に 0.95、余った1個に 0.05 の重みをつけた平均。20日に19日足りる個数で最も小さく
# なります）を、店長の実際の朝の在庫・理論上の最善と比べた改善到達度で行います。需要に足りた行の
# 割合も表示されます。0.75 以上で「良」、0.9 以上で「優」の段階が記録されます。
#
# この課題は任意です。点は修了の合格基準に数えないので、取り組まなくても修了できます。
# <!-- en -->
# ## 9. Stretch task (optional): the flyer items' morning stock
# When HQ's proposed orders were presented at the store managers' meeting, Mr Sato objected: "I
# see why low-margin sale items get little extra stock. But an empty shelf in front of customers
# who came because of the flyer is not acceptable." The president agrees: an item in the flyer
# must be on the morning shelf in enough units for every customer who comes for it on **19 flyer
# days in 20 (`business.FLYER_IN_STOCK`)**. Too much stock, though, leaves low-margin sale items
# unsold.
#
# Write `flyer_stock(history, future)`. `future` holds only the week's flyer rows (store × item ×
# day); return the units to put on the morning shelf for each. The approach is yours (the 95 %
# point of the demand distribution, its spread taken from how the forecast misses, or another).
# Grading uses the hidden holdout (two weeks, some 300 flyer rows): the stock's quantile score (a
# unit short weighs 0.95, a unit left over 0.05; least for stock that is enough on 19 days in 20)
# as a skill between the managers' own morning stock and the best possible. The share of rows
# whose stock covered the demand is shown too. A skill of 0.75 records merit, 0.9 distinction.
#
# The task is optional: its points do not count towards the pass mark, so you complete the case
# without it.

# %% nbgrader={"grade": false, "grade_id": "flyer_stock", "locked": false, "schema_version": 3, "solution": true, "task": false}
def flyer_stock(history, future):
    ### BEGIN SOLUTION
    # ja: 先週の分を、先週の前の晩に分かっていたことだけで予測し直し、外れ方のばらつきを測ります
    # ja: （学習に使った日で測ると、外れは小さく見えます）。欠品した日は「需要は販売数以上」です。
    # en: Forecast last week again from only what was known the evening before it, to measure how
    # en: the forecast misses (on the days it learned from, the misses look small). A sold-out day
    # en: means demand of at least the sales.
    origin = history.sales["date"].max() + pd.Timedelta(days=1)
    earlier, last_week = forecast_task(history, origin - pd.Timedelta(days=7))
    missed = clean_sales(last_week, history.items).assign(mu=forecast_demand(earlier, last_week))
    sold = clean_sales(history.sales, history.items).drop_duplicates(KEYS)
    missed = missed[KEYS + ["mu"]].merge(sold, on=KEYS)
    sold_out = (missed["stockout_flag"] == 1) | (
        (missed["sales_qty"] >= missed["stock_available"]) & (missed["stock_available"] > 0)
    )
    size = censored_size(missed["sales_qty"], missed["mu"], sold_out)
    mu = np.maximum(forecast_demand(history, future), 1e-6)
    return stats.nbinom.ppf(business.FLYER_IN_STOCK, size, size / (size + mu))
    ### END SOLUTION


# %%
ex.flyer_stock_merit.check(flyer_stock)

# %% nbgrader={"grade": true, "grade_id": "flyer_stock_merit_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.flyer_stock_merit.grade(flyer_stock)
### BEGIN HIDDEN TESTS
ex.flyer_stock_merit.grade_hidden(flyer_stock)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "flyer_stock_distinction_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.flyer_stock_distinction.grade(flyer_stock)
### BEGIN HIDDEN TESTS
ex.flyer_stock_distinction.grade_hidden(flyer_stock)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 予測を発注に変え、廃棄・見切り・欠品の損失（円）で店長の発注と比べました。最後の **04** では、これまでの数字で経営層への
# 提案を1枚にまとめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You turned forecasts into orders and compared the loss to waste, markdowns and stockouts in yen
# with the managers'. In the last notebook, **04**, you put the numbers into a one-page proposal
# to the executives.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
