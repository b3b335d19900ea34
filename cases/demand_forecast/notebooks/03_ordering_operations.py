# %% [markdown]
# <!-- ja -->
# # 03 業務適合性の検証・運用設計
# **このノートブックでやること（約90分）**：予測を **発注量** に変えます。1個足りなければ粗利を、
# 1個余れば原価を失う、という損失の非対称から「どこまで積むか」（新聞売り子問題の臨界比率）を決め、
# 発注ルール `order_up_to` を作ります。採点では非公開の2週間でシミュレーションし、廃棄＋欠品損失（円）を
# 店長の実際の発注、オラクル（真の需要分布を知る最良の発注）と比べます。skill ＝（店長のコスト − あなたの
# コスト）÷（店長のコスト − オラクルのコスト）が 0.7 以上で合格です。最後に運用設計を文章で書きます。
# <!-- en -->
# # 03 Fit to the work and operations design
# **What you will do (about 90 min)**: turn forecasts into **orders**. One unit short loses the
# margin, one unit over loses the cost; that asymmetry sets how much to stock (the newsvendor critical
# ratio). You write the ordering rule `order_up_to`; grading simulates it on two hidden weeks and
# compares waste plus lost margin (yen) with the managers' real orders and with the oracle (the best
# ordering given the true demand distribution). It passes when skill = (managers' cost − yours) ÷
# (managers' cost − oracle's) reaches 0.7. Then you write the operations design.

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

from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast import load_data
from dxquest.cases.demand_forecast.censored import fit_demand_model
from dxquest.cases.demand_forecast.data import forecast_task, holdout_origins

ex.setup(LANG)
data = load_data()

# %% [markdown]
# <!-- ja -->
# ## 1. 臨界比率
# **問題 1**：`critical_ratio(price, unit_cost)` を書いてください（NumPy 配列でも動くように）。廃棄に
# 売却価値はないものとします。
# <!-- en -->
# ## 1. The critical ratio
# **Question 1**: write `critical_ratio(price, unit_cost)` (it must work on NumPy arrays). Discarded
# units have no salvage value.

# %% nbgrader={"grade": false, "grade_id": "critical_ratio", "locked": false, "schema_version": 3, "solution": true, "task": false}
def critical_ratio(price, unit_cost):
    ### BEGIN SOLUTION
    price = np.asarray(price, dtype=float)
    unit_cost = np.asarray(unit_cost, dtype=float)
    return (price - unit_cost) / price
    ### END SOLUTION


# %%
ex.critical_ratio.check(critical_ratio)

# %% nbgrader={"grade": true, "grade_id": "critical_ratio_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.critical_ratio.grade(critical_ratio)
### BEGIN HIDDEN TESTS
ex.critical_ratio.grade_hidden(critical_ratio)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 2. 予測モデル（02 から貼り付け）
# 02 で作った `clean_sales`、`feature_table`、`forecast_demand` を、使っている関数（`calendar_features`、
# `with_evening_forecast`）ごとここに貼り付けてください。
# <!-- en -->
# ## 2. The forecast (paste from 02)
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
# ## 3. 発注ルール
# **問題 2**：`order_up_to(history, future)` を書いてください。`future` の各行について、朝の棚に置いておきたい
# 個数（発注目標）を返します。シミュレーションでは毎日「目標 − 前日から残った鮮度内の在庫」を発注します。
# 予測 μ のまわりにポアソン分布を仮定し、その **臨界比率の分位点** を目標にするのが出発点です。
# 2つ工夫しましょう。(1) 数日もつ商品は、売れ残っても翌日以降に売れるので、1個余ったときの損失は
# おおよそ「原価 ÷ 賞味日数」です。(2) チラシの目玉商品は原価割れの売価（臨界比率が負）のことがあります。
# <!-- en -->
# ## 3. The ordering rule
# **Question 2**: write `order_up_to(history, future)`: for each row of `future`, how many units you
# want on the shelf in the morning (the order-up-to level). The simulation orders "level − fresh
# stock left from the day before" each day. A good start: assume a Poisson distribution around your
# forecast μ and stock up to its **critical-ratio quantile**. Two refinements: (1) a unit left over
# from an item that keeps several days is usually sold later, so its overage cost is about
# cost ÷ shelf life; (2) a flyer's loss leader can be priced below cost (a negative critical ratio).

# %% nbgrader={"grade": false, "grade_id": "order_up_to", "locked": false, "schema_version": 3, "solution": true, "task": false}
def order_up_to(history, future):
    ### BEGIN SOLUTION
    mu = forecast_demand(history, future)
    rows = clean_sales(future, history.items).merge(history.items, on="item_id", how="left")
    under = rows["price"] - rows["unit_cost"]
    # A unit left over from an item that keeps L days is usually sold later: about 1/L of it is
    # wasted. A loss leader (price below cost) gets a negative ratio: stock nothing extra.
    over = rows["unit_cost"] / rows["shelf_life_days"]
    ratio = np.clip(under / (under + over), 0, 0.999)
    return np.maximum(stats.poisson.ppf(ratio, np.maximum(mu, 1e-6)), 0)
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
# ## 4. 臨界比率の意味を目で見る
# 臨界比率が高い商品（粗利が大きい）ほど、予測より多めに積みます。
# <!-- en -->
# ## 4. See what the critical ratio does
# Items with a high critical ratio (large margin) are stocked above the forecast.

# %%
ratios = critical_ratio(data.items["regular_price"], data.items["unit_cost"])
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(data.items["item_name"], ratios)
ax.set_title(ja_en("商品別の臨界比率", "Critical ratio per item"))
ax.set_ylabel(ja_en("臨界比率", "ratio"))
ax.tick_params(axis="x", labelrotation=90, labelsize=7)
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 5. 運用設計（自由記述・相互評価）
# As-Is と To-Be の業務の流れ、店長が上書きする場面と手順、精度のモニタリングと再学習の方法、
# データの保管、例外（新商品・特売・祝日・天候急変）への対応を書いてください。
# <!-- en -->
# ## 5. Operations design (free text, peer-reviewed)
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
# ## まとめと次へ
# 予測を発注に変え、廃棄と欠品の円で店長の発注と比べました。最後の **04** では、これまでの数字で経営層への
# 提案を1枚にまとめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You turned forecasts into orders and compared waste and stockouts in yen with the managers'. In the
# last notebook, **04**, you put the numbers into a one-page proposal to the executives.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
