# %% [markdown]
# <!-- ja -->
# # 01 明日焼くパンの数を予測する
# **このノートブックでやること（約20分）**：こむぎベーカリーの1年分の販売数を読み、曜日ごとの需要を
# 予測して、今のやり方（先週の同じ曜日の販売数）と比べます。
# <!-- en -->
# # 01 How many loaves to bake tomorrow
# **What you will do (about 20 min)**: read a year of Komugi Bakery's sales, forecast demand by
# weekday and compare it with today's practice (what sold on the same weekday last week).

# %% tags=["parameters"]
LANG = "ja"

# %%
import numpy as np
import pandas as pd

from dxquest.cases.newcase import exercises as ex
from dxquest.cases.newcase import load_data

ex.setup(LANG)
data = load_data()
sales = data.sales
sales.head()

# %% [markdown]
# <!-- ja -->
# ## 1. 1日あたりの販売数
# **問題 1**：`mean_daily_sales(sales)` を書いてください。1日あたりの平均販売数（個）を返します。
# <!-- en -->
# ## 1. Loaves a day
# **Question 1**: write `mean_daily_sales(sales)`: return the mean loaves sold a day.

# %% nbgrader={"grade": false, "grade_id": "mean_daily_sales", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mean_daily_sales(sales):
    ### BEGIN SOLUTION
    return float(sales["sold"].mean())
    ### END SOLUTION


# %%
ex.mean_daily_sales.check(mean_daily_sales)

# %% nbgrader={"grade": true, "grade_id": "mean_daily_sales_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.mean_daily_sales.grade(mean_daily_sales)
### BEGIN HIDDEN TESTS
ex.mean_daily_sales.grade_hidden(mean_daily_sales)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 2. 来週の予測
# **問題 2**：`forecast(history, future)` を書いてください。`history.sales` はその週より前の販売数、
# `future` は予測する7日の `date` です。future の行ごとに予測販売数を返します。
# <!-- en -->
# ## 2. Next week's forecast
# **Question 2**: write `forecast(history, future)`. `history.sales` holds the sales before the
# week, `future` the `date` of the seven days to forecast. Return one forecast per row of future.

# %% nbgrader={"grade": false, "grade_id": "forecast", "locked": false, "schema_version": 3, "solution": true, "task": false}
def forecast(history, future):
    ### BEGIN SOLUTION
    by_weekday = history.sales.groupby(history.sales["date"].dt.day_of_week)["sold"].mean()
    return by_weekday.reindex(future["date"].dt.day_of_week).to_numpy(dtype=float)
    ### END SOLUTION


# %%
ex.forecast_beats_baseline.check(forecast)

# %% nbgrader={"grade": true, "grade_id": "forecast_beats_baseline_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.forecast_beats_baseline.grade(forecast)
### BEGIN HIDDEN TESTS
ex.forecast_beats_baseline.grade_hidden(forecast)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "forecast_skill_pass_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.forecast_skill_pass.grade(forecast)
### BEGIN HIDDEN TESTS
ex.forecast_skill_pass.grade_hidden(forecast)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 焼く量の決め方（自由記述・受講生同士で相互評価）
# 予測をもとに、毎朝いくつ焼くかをどう決めますか。ルーブリックは `rubric.md` にあります。
# <!-- en -->
# ## 3. How much to bake (free text, peer-reviewed)
# How would you decide each morning's baking from the forecast? The rubric is in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "baking_plan", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）予測に、売れ残り1個の損（原価）と品切れ1個の損（粗利）を比べた分だけ上乗せして焼く。
# <!-- en -->
# (Example answer) Bake the forecast plus a margin set by weighing a leftover loaf (its cost)
# against a lost sale (its margin).

# %% [markdown]
# <!-- ja -->
# ## まとめ
# 曜日ごとの平均で、今のやり方より誤差の小さい予測ができました。
# <!-- en -->
# ## What you achieved
# A weekday average forecasts with smaller errors than today's practice.
