# %% [markdown]
# <!-- ja -->
# # 02 要求定義・要件定義と AI トライアル
# **このノートブックでやること（約120分）**：まず、予測に何を求めるか（要求定義・要件定義）を、モデルを
# 作る前に文章で書きます。そのうえで、本部が毎週「翌週7日分」の需要を店×商品×日で予測する設定で、
# (1) 評価指標 WAPE を実装し、(2) 今のやり方（先週の同じ曜日）をベースラインとして再現し、
# (3) LightGBM の予測モデルを作ってベースラインを上回ります。
#
# 採点では、あなたの `forecast_demand` を **非公開の2週間** で実行し、
# 改善到達度 ＝（ベースラインの WAPE − あなたの WAPE）÷（ベースラインの WAPE − 理論上の最善の WAPE）を
# 計算します。理論上の最善とは、真の需要分布を知っている場合の予測です。合格 0.7（欠品日の販売数を
# そのまま需要として学習したモデルでは届きません。優良 0.75・秀 0.9 は記録されます）。
# <!-- en -->
# # 02 Requirements and the AI trial
# **What you will do (about 120 min)**: first, before any model, write down what the forecast is
# needed for and what it must do (business and system requirements). Then, with HQ forecasting
# next week's 7 days of demand per store × item × day every week, you (1) implement the WAPE
# metric, (2) reproduce today's practice (same weekday last week) as the baseline, and (3) build a
# LightGBM model that beats it.
#
# Grading runs your `forecast_demand` on **two hidden weeks** and computes
# skill = (baseline WAPE − your WAPE) ÷ (baseline WAPE − best possible WAPE), the best possible
# being the forecast of someone who knows the true demand distribution. Pass 0.7 (a model trained
# on sold-out days' sales as if they were demand does not reach it; merit 0.75 and distinction 0.9
# are recorded).

# %% tags=["parameters"]
LANG = "ja"

# %%
import jpholiday
import lightgbm as lgb
import numpy as np
import pandas as pd

from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast import load_data
from dxquest.cases.demand_forecast.censored import fit_demand_model
from dxquest.cases.demand_forecast.data import forecast_task, holdout_origins

ex.setup(LANG)
data = load_data()

# %% [markdown]
# <!-- ja -->
# ## 0. 要求定義と要件定義（自由記述・相互評価）
# モデルを作る前に、01 の数字をもとに書いてください。
# - **要求定義**（業務が必要とすること）：だれが、どの判断（発注量）を、いつまでに下すのか。その判断の
#   良し悪しを、01 のどの KPI で測るのか。
# - **要件定義**（システムがすべきこと）：使うデータ、予測の期間（何日先まで）と粒度（店・商品・日など）、
#   予測を出すタイミング、必要な精度と、その精度が必要な理由（発注の判断と損失の円にどう効くか）。
#
# このあとのトライアルの結果は、ここで決めた要件に照らして 03・04 で評価します。
# <!-- en -->
# ## 0. Business and system requirements (free text, peer-reviewed)
# Before building a model, write these from the numbers of 01.
# - **Business requirements** (what the work needs): who takes which decision (the order
#   quantity), by when, and which KPI of 01 judges whether it was a good decision.
# - **System requirements** (what the system must do): the data used, the horizon (how many days
#   ahead) and granularity (store, item, day…) of the forecast, when it is produced, the accuracy
#   needed and why (what it changes in the order decision and in the yen lost).
#
# The trial that follows is judged against these requirements in 03 and 04.

# %% [markdown] nbgrader={"grade": true, "grade_id": "requirements_definition", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）要求：各店の店長が毎夕、翌日の発注量を決めている。本部が毎週日曜夜に翌週7日分の発注案を出し、
# 店長は前日夕方の発注締めまでに確認・修正する。判断の良し悪しは「廃棄額＋欠品による粗利損失」（円/週、
# 店別）と店長の発注作業時間で測る。要件：販売・在庫・廃棄の実績（前日まで）、販促計画、発表済みの
# 天気予報を使い、店×商品×日の需要を7日先まで、毎週日曜夜に出す。精度は今のやり方より WAPE で
# 2割以上よいこと。予測の誤差がそのまま廃棄か欠品になるので、その分だけ損失が減る見込みを 03 で
# 円で確かめる。新商品・特売・天候急変は店長が上書きできること。
# <!-- en -->
# (Example answer) Business: each store manager decides the next day's orders every evening. HQ
# publishes next week's 7 days of proposed orders every Sunday night; managers review and adjust
# them by the order deadline the evening before. A decision is judged by waste plus margin lost
# to stockouts (yen a week, per store) and by managers' ordering hours. System: from sales, stock
# and waste up to the day before, the promotion plan and the weather forecasts issued, forecast
# demand per store × item × day seven days ahead, every Sunday night. Accuracy: WAPE at least 20%
# better than today's practice; forecast errors become waste or stockouts, so 03 checks what that
# is worth in yen. Managers can override for new items, promotions and sudden weather changes.

# %% [markdown]
# <!-- ja -->
# ## 1. 予測の「問題設定」
# 本部は、週が始まる前の晩（`origin` の前夜）に、その週7日分をまとめて予測します。
# `forecast_task(data, origin)` は、その晩に本部が知っている情報 `history` と、予測すべき行 `future` を
# 返します。`history` の売上・発注時間・天気（実績と前日夕方の予報）は前日まで、天気予報の記録
# `weather_forecasts` はその晩までに発表されたものだけです。商品マスタ（通常売価など）もその晩の状態です。
# `future` は日付・店・商品・予定売価・販促フラグと、**その晩に発表された** 天気予報
# （`weather_issued_on` に発表された `temp_max_forecast`・`rain_prob_forecast`）です。予報は1〜7日先の
# ものなので、週の後半ほど外れやすくなります。販売数・在庫・廃棄・実際の天気のように、その日に
# ならないと分からない列は入っていません。この分け方で **予測する時点で分からない情報を使わない**
# ことが保証されます。
# <!-- en -->
# ## 1. The forecasting task
# HQ forecasts a whole week on the evening before it starts (the evening before `origin`).
# `forecast_task(data, origin)` returns what HQ knows that evening as `history` and the rows to
# forecast as `future`. In `history`, sales, the ordering log and the weather (actuals and the
# evening-before forecasts) run to the day before, and the archive of weather forecasts
# `weather_forecasts` holds only the issues up to that evening; the item master (regular prices
# and so on) is as it stood then. `future` has the date, store, item, planned price and promotion
# flag, and the weather forecast **issued that evening** (`temp_max_forecast` and
# `rain_prob_forecast`, issued on `weather_issued_on`): one to seven days ahead, so less accurate
# for the end of the week. Nothing known only on the day (sales, stock, waste, the actual weather)
# is in it. Cutting the data this way guarantees that the forecast **uses only what HQ knows when
# it forecasts**.

# %%
origin = holdout_origins(data, weeks=1)[0]
history, future = forecast_task(data, origin)
print(origin.date(), len(history.sales), len(future))
future.head()

# %% [markdown]
# <!-- ja -->
# ## 2. 評価指標 WAPE
# **問題 1**：`wape(actual, forecast)` ＝ Σ|実績 − 予測| ÷ Σ実績 を実装してください（NumPy 配列を受け取る）。
# 販売数が 0 の日が多い商品では、行ごとの誤差率の平均（MAPE）はゼロ除算になるため使いません。
# <!-- en -->
# ## 2. The metric: WAPE
# **Question 1**: implement `wape(actual, forecast)` = Σ|actual − forecast| ÷ Σ actual (NumPy
# arrays in). With many zero-sales days, the mean of per-row percentages (MAPE) divides by zero, so
# we do not use it.

# %% nbgrader={"grade": false, "grade_id": "wape", "locked": false, "schema_version": 3, "solution": true, "task": false}
def wape(actual, forecast):
    ### BEGIN SOLUTION
    actual = np.asarray(actual, dtype=float)
    forecast = np.asarray(forecast, dtype=float)
    return float(np.abs(actual - forecast).sum() / actual.sum())
    ### END SOLUTION


# %%
ex.wape.check(wape)

# %% nbgrader={"grade": true, "grade_id": "wape_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.wape.grade(wape)
### BEGIN HIDDEN TESTS
ex.wape.grade_hidden(wape)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. ベースライン：今のやり方
# **問題 2**：`baseline_forecast(history, future)` を書いてください。店長たちは「先週の同じ曜日に何個
# 売れたか」を見て発注しています。`future` の各行について、7日前の販売数を返します。見つからない行は
# その店・商品の直近28日の平均販売数、それもなければ 0 にします。売上は 01 と同じくクレンジングしてから
# 使います（`clean_sales` をここにも書きます）。
# <!-- en -->
# ## 3. Baseline: today's practice
# **Question 2**: write `baseline_forecast(history, future)`. Managers order by looking at what sold on
# the same weekday last week: for each row of `future` return the sales of 7 days earlier. Rows with
# no match get the store × item mean sales of the last 28 days, or 0 if there is none. Clean the sales
# first as in notebook 01 (write `clean_sales` here too).

# %% nbgrader={"grade": false, "grade_id": "baseline_forecast", "locked": false, "schema_version": 3, "solution": true, "task": false}
KEYS = ["date", "store_id", "item_id"]


def clean_sales(sales, items):
    ### BEGIN SOLUTION
    cleaned = sales.drop_duplicates().copy()
    unknown = ~cleaned["item_id"].isin(items["item_id"])
    cleaned.loc[unknown, "item_id"] = cleaned.loc[unknown, "item_id"].str.removesuffix("N")
    return cleaned.reset_index(drop=True)
    ### END SOLUTION


def baseline_forecast(history, future):
    ### BEGIN SOLUTION
    sales = clean_sales(history.sales, history.items)
    rows = clean_sales(future, history.items)
    last_week = sales[KEYS + ["sales_qty"]].assign(date=sales["date"] + pd.Timedelta(days=7))
    recent = sales[sales["date"] > sales["date"].max() - pd.Timedelta(days=28)]
    fallback = recent.groupby(["store_id", "item_id"])["sales_qty"].mean().rename("fallback")
    merged = rows.merge(last_week, on=KEYS, how="left").join(fallback, on=["store_id", "item_id"])
    return merged["sales_qty"].fillna(merged["fallback"]).fillna(0).to_numpy(dtype=float)
    ### END SOLUTION


# %%
ex.baseline_forecast.check(baseline_forecast)

# %% nbgrader={"grade": true, "grade_id": "baseline_forecast_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.baseline_forecast.grade(baseline_forecast)
### BEGIN HIDDEN TESTS
ex.baseline_forecast.grade_hidden(baseline_forecast)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 特徴量と LightGBM
# 01 で見た効果を特徴量にします：曜日・祝日・年末年始・お盆・給料日（25日〜27日）、気温と降水の
# **予報**（実績は当日まで分からない）、売価と定価の比、販促フラグ、店舗と商品の属性、そして
# **7日以上前** の販売数（ラグ）。予報は、学習に使う過去の行には前日夕方のもの（`history.weather`、
# `with_evening_forecast` で付けます）、予測する行には `future` に付いているもの（1〜7日前の発表）を
# 使います。先の日の予報ほど外れるので、過去の行にも同じ日数前の予報（`history.weather_forecasts`）を
# 付けて学習すると、もう少し良くなるかもしれません。
#
# 欠品日の販売数は本当の需要より小さく、しかも売れる日ほど欠品します。欠品日を捨てても、そのまま学習しても
# 予測は低めに偏ります。そこで `fit_demand_model(x, sales, sold_out)` を用意しました。欠品日を「需要は販売数
# 以上」として扱う LightGBM（ポアソン損失）で、10本の木ごとに「欠品した日の需要はおそらくいくつか」を
# 今のモデルで推定し直します（EM アルゴリズム）。需要は日によってポアソン分布よりも大きくばらつくので、
# その推定には、ばらつきの大きさをデータから求めた負の二項分布を使います。あなたの仕事は特徴量と、
# どの日が欠品かを見分けることです。
#
# **問題 3**：`forecast_demand(history, future)` を書いてください。`future` の行ごとの需要予測（0以上の数）を返します。
# 採点では非公開データで2回（2週分）学習と予測をするので、1回数秒で終わるようにしましょう。
# <!-- en -->
# ## 4. Features and LightGBM
# Turn the effects you saw in 01 into features: weekday, holidays, year-end, Obon, payday (25th–27th),
# the temperature and rain **forecasts** (actuals are unknown until the day), price relative to the
# regular price, promotion, store and item attributes, and sales **7 or more days** earlier (lags).
# Past rows for training carry the evening-before forecast (`history.weather`, added by
# `with_evening_forecast`); the rows to forecast carry their own in `future` (issued one to seven
# days before). Forecasts further ahead err more, so training on past rows with the issue of the
# same number of days before (from `history.weather_forecasts`) may do a little better.
#
# Sales on sold-out days understate demand, and busy days are the ones that sell out: dropping them
# or training on them as they are both bias the forecast low. `fit_demand_model(x, sales, sold_out)`
# is provided: LightGBM with a Poisson loss in which a sold-out day means "demand was at least the
# sales"; every 10 trees it re-estimates what the sold-out days' demand probably was from the current
# model (the EM algorithm). Demand scatters more from day to day than a Poisson count, so that
# estimate uses a negative binomial whose spread is estimated from the data. Your work is the
# features and spotting which days sold out.
#
# **Question 3**: write `forecast_demand(history, future)` returning a non-negative demand forecast
# per row of `future`. Grading trains and predicts twice (two weeks) on hidden data, so keep one run
# to a few seconds.

# %% nbgrader={"grade": false, "grade_id": "forecast_demand", "locked": false, "schema_version": 3, "solution": true, "task": false}
LAGS = (7, 14, 21, 28)
TRAIN_DAYS = 365


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
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def forecast_demand(history, future):
    ### BEGIN SOLUTION
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
# 自分のデータの最後の2週間で、ベースラインと WAPE を比べます。欠品した日の本当の需要は分からないので、
# その日は「需要は販売数以上」として、予測が販売数を下回った分だけを誤差に数えます（欠品日の販売数を需要と
# みなしても、欠品日を捨てても、低めの予測が有利になってしまうためです）。
# <!-- en -->
# Compare WAPE with the baseline on the last two weeks of your data. A sold-out day's true demand is
# unknown, so there "demand was at least the sales": only a forecast below the sales counts as
# error (taking sold-out days' sales as demand, or leaving those days out, would both favour
# forecasts biased low).

# %%
ex.forecast_beats_baseline.check(forecast_demand)

# %% nbgrader={"grade": true, "grade_id": "forecast_beats_baseline_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.forecast_beats_baseline.grade(forecast_demand)
### BEGIN HIDDEN TESTS
ex.forecast_beats_baseline.grade_hidden(forecast_demand)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "forecast_skill_pass_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.forecast_skill_pass.grade(forecast_demand)
### BEGIN HIDDEN TESTS
ex.forecast_skill_pass.grade_hidden(forecast_demand)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 予測がベースラインをどれだけ上回り、理論上の最善にどこまで近いかが分かりました。次の **03**
# では、予測を **発注量** に変え、廃棄と欠品の円で店長の発注と比べます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You know how far your forecast beats the baseline and how close it gets to the best possible
# (the oracle). In **03** you turn forecasts into **order quantities** and compare waste and
# stockouts in yen with the managers' orders.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
