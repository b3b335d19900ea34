# %% [markdown]
# <!-- ja -->
# # 02 要求定義・要件定義と AI トライアル
# **このノートブックでやること（約150分）**：まず、どの判断にどの先行月の内示を使うのか、AI に何を求める
# のか（要求定義・要件定義）を自分の言葉で決めます。そのうえで、内示を補正して確定注文を予測するモデルを作り、
# 内示そのままと先行月ごとに比べます。
#
# 採点では、あなたの `forecast` を **非公開の会社の最後の6回の計画会議**（それぞれ、その日に分かっていた
# ことだけを渡します）で実行し、改善到達度 ＝（内示の WAPE − あなたの WAPE）÷（内示の WAPE − 理論上の
# 最善の WAPE）を計算します。理論上の最善とは、お客様の内示のくせや部品の生産の流れを本当に知っている場合の
# 予測です。合格 0.5（優良 0.75・秀 0.9 は記録されます）。
# <!-- en -->
# # 02 Requirements and the AI trial
# **What you will do (about 150 min)**: first decide, in your own words, which decision uses which
# horizon's notice and what the AI is needed for (business and system requirements). Then build a
# model that corrects the notices to forecast the firm orders, and compare it with the notice as
# it is, horizon by horizon.
#
# Grading runs your `forecast` at **the last six planning meetings of a hidden company history**
# (each given only what was known that day) and computes skill = (the notice's WAPE − your WAPE) ÷
# (the notice's WAPE − the oracle's WAPE), where the oracle knows the customers' habits and the
# parts' life cycles as they really are: the best any model could do. Pass 0.5 (merit 0.75 and
# distinction 0.9 are recorded).

# %% tags=["parameters"]
LANG = "ja"

# %%
import lightgbm as lgb
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np
import pandas as pd

from dxquest.cases.advance_orders import business, load_data
from dxquest.cases.advance_orders import exercises as ex
from dxquest.cases.advance_orders.data import holdout_cutoffs, planning_task

ex.setup(LANG)
data = load_data()

# %% [markdown]
# <!-- ja -->
# ## 0. 要求定義・要件定義（自由記述・相互評価）：モデルを作る前に
# 01 で、内示のずれが年にいくらの損になっているかを数字にしました。AI を試す前に、何のための予測かを決めて
# おきます。次の2つを分けて書いてください。
# - **要求定義**：だれが（例：生産管理課の計画担当、購買、営業）、どの判断を（例：材料の手配、翌月の生産
#   計画と人の配置、3か月先の設備と外注の手当て）、いつ（毎月の計画会議）行うために予測を使うのか。判断ごとに、
#   **どの先行月の内示** を使うのか（材料の手配から入荷まで `business.MATERIAL_HORIZON` か月、生産の計画は
#   `business.PRODUCTION_HORIZON` か月前）。その判断がよくなったことを、どの KPI で確かめるのか。
# - **要件定義**：予測に使えるデータ（計画会議の日に分かっていることはどれか）、予測の対象と粒度（品番 ×
#   月 × 先行月）、出力（1つの数字か、分布か）、必要な精度とその理由（先行月ごとに、内示と比べてどこまで
#   よくなれば計画が変わるか）、汚れ（品番変更・合併・欠けた月）の扱い。
#
# この後のトライアルで分かったことに合わせて、書き直してかまいません。
# <!-- en -->
# ## 0. Requirements (free text, peer-reviewed): before building a model
# In 01 you put a yen figure on what the notices' errors cost a year. Before trying AI, decide what
# the forecast is for. Write the two parts separately.
# - **Business requirements**: who (the planner in production control, purchasing, sales) uses
#   the forecast for which decision (ordering material; next month's production plan and
#   staffing; capacity and subcontracting three months ahead), when (the monthly planning
#   meeting); for each decision, **which horizon's notice** it uses (material takes
#   `business.MATERIAL_HORIZON` months to arrive; production is planned
#   `business.PRODUCTION_HORIZON` month ahead); and by which KPI you will know the decision
#   improved.
# - **System requirements (specification)**: the data the forecast may use (what is known on the
#   day of the planning meeting), what is forecast and at which grain (part × month × horizon),
#   the output (one number, or a distribution), the accuracy needed and why (per horizon, how much
#   better than the notice for the plan to change), and how the messy records (a renamed part, a
#   merger, a missing month) are handled.
#
# You may rewrite it after what the trial below shows.

# %% [markdown] nbgrader={"grade": true, "grade_id": "requirements", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）要求定義：購買担当が2か月前の内示で材料を手配し、計画担当が1か月前の内示で翌月の生産と人の配置を
# 決め、課長が3か月前の内示で外注と設備の手当てを考える。KPI は先行月ごとの計画の WAPE と過不足の損（円/年）。
# 要件定義：計画会議（毎月21日）の時点で届いている内示と確定注文だけを使い、品番 × 対象月 × 先行月ごとに
# 確定注文の中央値と幅を出す。2か月先で内示より WAPE が2割以上よくなれば材料の手配を変える価値がある。
# 旧品番は今の品番に読み替え、合併したお客様は合併後の id でまとめ、欠けた月の内示は前月の内示で補う。
# <!-- en -->
# (Example answer) Business: purchasing orders material on the two-month notice, the planner sets
# next month's production and staffing on the one-month notice, and the manager looks at
# subcontracting and capacity on the three-month notice. KPIs: the WAPE of each horizon's plan
# and the cost of planning errors (yen a year). Specification: only the notices and firm orders
# received by the planning meeting (the 21st); per part × target month × horizon, the median of the
# firm orders and its range. Two months ahead, 20 % better than the notice is worth changing the
# material orders. Old part numbers are read as the current ones, the merged customer under its
# new id, and a missing month's notice is filled from the month before.

# %% [markdown]
# <!-- ja -->
# ## 1. 計画会議の日に分かっていること
# `planning_task(data, cutoff)` は、計画会議の日 `cutoff`（内示の届いた翌日）に分かっていることを
# `history`（その日までに届いた内示と確定注文、その日の品番とお客様の台帳）に、予測する行を `future`（その日に
# 届いた内示：品番 × 先行月）にして返します。採点も同じ形で、あなたの関数を呼びます。
# <!-- en -->
# ## 1. What is known on the day of the planning meeting
# `planning_task(data, cutoff)` returns what is known on the day of a planning meeting `cutoff`
# (the day after the notices arrive) as `history` (the notices and firm orders received by then,
# that day's part and customer masters), and the rows to forecast as `future` (that day's
# notices: part × horizon). Grading calls your function in the same form.

# %%
cutoffs = holdout_cutoffs(data)
history, future = planning_task(data, cutoffs[0])
print(", ".join(f"{day:%Y-%m-%d}" for day in cutoffs))
future.head()

# %% [markdown]
# <!-- ja -->
# ## 2. 内示のくせを見る
# お客様ごと・先行月ごとに、確定 ÷ 内示 の対数（0 なら内示どおり、負なら内示が多すぎ）が、月とともに
# どう動いてきたかを見ます。くせが途中で変わったお客様はいませんか。季節（3月、5月、8月、12月）で動く
# お客様はいませんか。
# <!-- en -->
# ## 2. The notices' habits
# Per customer and horizon, look at how the log of firm ÷ notice (0: as announced; negative: too
# much announced) has moved month by month. Did some customer's habit change on the way? Does some
# customer move with the seasons (March, May, August, December)?

# %%
firm = data.orders.groupby(["part_id", data.orders["delivery_date"].dt.strftime("%Y-%m")])["quantity"].sum()
look = data.notices.assign(firm=firm.reindex(pd.MultiIndex.from_frame(data.notices[["part_id", "target_month"]])).to_numpy())
look = look[look["firm"] > 0].assign(log_ratio=lambda r: np.log(r["firm"] / r["quantity"].clip(lower=1)))
fig, axes = plt.subplots(1, 3, figsize=(15, 3.5), sharey=True)
for h, ax in zip((1, 2, 3), axes):
    table = look[look["horizon"] == h].pivot_table(index="target_month", columns="customer_id", values="log_ratio", aggfunc="mean")
    table.plot(ax=ax, linewidth=1, legend=False)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_title(ja_en(f"{h}か月前の内示：確定 ÷ 内示 の対数", f"{h} month(s) ahead: log(firm ÷ notice)"))
    ax.set_xlabel(ja_en("対象月", "target month"))
axes[-1].legend(title=ja_en("お客様", "customer"))
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 3. AI トライアル：内示を補正して確定注文を予測する
# **問題 1**：`forecast(history, future)` を書いてください。`future` の行ごとに、その品番・対象月の確定注文の
# 予測（個）を、`future` と同じ順で返します。使ってよいのは `history` と `future` だけです。
#
# 考える順番の例：何を予測するか（個数そのものか、内示からのずれか）、内示のくせはお客様・先行月・季節・品番の
# 生産の流れ（立ち上がり、打ち切り間近）のどれで変わるか、学習に使う過去の行の説明変数を「その内示が出た日に
# 分かっていたこと」だけで作れているか。WAPE は誤差の大きさを数えるので、外れ値に強い学び方が合います。
# <!-- en -->
# ## 3. AI trial: correct the notices to forecast the firm orders
# **Question 1**: write `forecast(history, future)`: for each row of `future`, return the forecast
# of its part's firm orders in its target month (pieces), in the order of `future`. Use only
# `history` and `future`.
#
# An order to think in: what to forecast (the pieces themselves, or the gap from the notice);
# what the notices' habits depend on (the customer, the horizon, the season, the part's life:
# ramping up, running down); whether each past training row's features use only what was known the
# day its notice came. The WAPE counts the errors' sizes, so a way of learning robust to outliers
# suits it.

# %% nbgrader={"grade": false, "grade_id": "forecast", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
FEATURES = ["horizon", "customer_recent", "customer_season", "part_recent", "level", "slope", "revision", "month_of_year", "log_notice"]


def current_numbers(parts):
    renamed = parts.dropna(subset=["former_part_id"])
    mapping = dict(zip(parts["part_id"], parts["part_id"]))
    mapping.update(zip(renamed["former_part_id"], renamed["part_id"]))
    return mapping


def month_number(months):
    # ja: 月を通し番号にする（2025年3月 → 2025 × 12 ＋ 2）。日付でも "2025-03" でもよい
    # en: months as running numbers (March 2025 → 2025 × 12 + 2), from dates or "2025-03"
    if pd.api.types.is_datetime64_any_dtype(months):
        return months.dt.year * 12 + months.dt.month - 1
    return months.str[:4].astype(int) * 12 + months.str[5:7].astype(int) - 1


def rolling_mean(table, keys, value, window):
    # ja: 各月の直前 window か月の平均（その月の計画会議で分かっていた値）
    # en: the mean over the window months before each month (known at that month's meeting)
    wide = table.pivot_table(index=keys, columns="month", values=value, aggfunc="sum")
    counts = table.pivot_table(index=keys, columns="month", values=value, aggfunc="count")
    grid = range(int(table["month"].min()), int(table["month"].max()) + 2)
    wide, counts = wide.reindex(columns=grid), counts.reindex(columns=grid)
    sums = wide.T.rolling(window, min_periods=1).sum().shift(1).T
    n = counts.T.rolling(window, min_periods=1).sum().shift(1).T
    mean = (sums / n.where(n > 0)).stack(future_stack=True).rename(value)
    return mean.reset_index().rename(columns={"month": "issue"})


def notice_rows(history, future):
    current = current_numbers(history.parts)
    orders = history.orders
    firm = orders.groupby([orders["part_id"].map(current).rename("part"), month_number(orders["delivery_date"]).rename("month")])["quantity"].sum()
    rows = pd.concat([history.notices, future]).drop_duplicates(["issued_on", "part_id", "horizon"])
    rows = rows.assign(part=rows["part_id"].map(current).fillna(rows["part_id"]), issue=month_number(rows["issued_on"]), month=month_number(rows["target_month"]))
    # ja: 計画会議の前に納入が終わった月だけ、確定 ÷ 内示 が分かっている
    # en: firm ÷ notice is known only for months delivered in full before the meeting
    done = rows["month"] < rows["issue"].max()
    rows["firm"] = firm.reindex(pd.MultiIndex.from_frame(rows[["part", "month"]])).fillna(0).to_numpy()
    rows["log_ratio"] = np.where(done, np.log((rows["firm"] + 1) / (rows["quantity"] + 1)), np.nan)
    known = rows[done]
    # ja: お客様×先行月の最近3か月の外れ方、品番×先行月の最近6か月の外れ方
    # en: the customer's recent misses at each horizon (3 months), the part's own (6 months)
    customer = rolling_mean(known, ["customer_id", "horizon"], "log_ratio", 3).rename(columns={"log_ratio": "customer_recent"})
    part = rolling_mean(known, ["part", "horizon"], "log_ratio", 6).rename(columns={"log_ratio": "part_recent"})
    rows = rows.merge(customer, on=["customer_id", "horizon", "issue"], how="left").merge(part, on=["part", "horizon", "issue"], how="left")
    # ja: 同じお客様・先行月・暦月の、前年までの外れ方（季節）
    # en: the same customer's, horizon's and calendar month's misses in earlier years (the season)
    rows["month_of_year"] = rows["month"] % 12
    season = known.assign(month_of_year=known["month"] % 12).groupby(["customer_id", "horizon", "month_of_year", "month"])["log_ratio"].mean()
    by = season.groupby(level=[0, 1, 2])
    season = (by.cumsum() / (by.cumcount() + 1)).rename("customer_season").reset_index()
    season["month"] += 12
    rows = pd.merge_asof(rows.sort_values("month"), season.sort_values("month"), on="month", by=["customer_id", "horizon", "month_of_year"])
    # ja: 最近3か月の確定注文の水準と、その前の3か月からの傾き（立ち上がり・打ち切り間近）
    # en: the level of the last 3 months' firm orders and the slope from the 3 before (ramps, run-downs)
    monthly = firm.rename("firm").reset_index()
    last3 = rolling_mean(monthly, ["part"], "firm", 3).rename(columns={"firm": "last3"})
    prev3 = rolling_mean(monthly.assign(month=monthly["month"] + 3), ["part"], "firm", 3).rename(columns={"firm": "prev3"})
    rows = rows.merge(last3, on=["part", "issue"], how="left").merge(prev3, on=["part", "issue"], how="left")
    rows["level"] = np.log((rows["quantity"] + 1) / (rows["last3"] + 1))
    rows["slope"] = np.log((rows["last3"] + 1) / (rows["prev3"] + 1))
    # ja: 前月の内示からの修正幅（同じ品番・同じ対象月）
    # en: the revision since last month's notice (same part, same target month)
    previous = rows[["part", "month", "issue", "quantity"]].assign(issue=lambda r: r["issue"] + 1)
    rows = rows.merge(previous.rename(columns={"quantity": "previous"}), on=["part", "month", "issue"], how="left")
    rows["revision"] = np.log((rows["quantity"] + 1) / (rows["previous"] + 1))
    rows["log_notice"] = np.log1p(rows["quantity"])
    return rows


def fit_and_predict(history, future):
    rows = notice_rows(history, future)
    train = rows[rows["log_ratio"].notna()]
    model = lgb.LGBMRegressor(n_estimators=120, learning_rate=0.07, num_leaves=15, min_child_samples=20, objective="l1", verbose=-1, n_jobs=1)
    model.fit(train[FEATURES], train["log_ratio"])
    keys = ["issued_on", "part_id", "horizon"]
    today = future[keys].merge(rows, on=keys, how="left")
    median = np.maximum((today["quantity"] + 1) * np.exp(model.predict(today[FEATURES])) - 1, 0)
    return model, train, median.to_numpy()
### END SOLUTION


def forecast(history, future):
    ### BEGIN SOLUTION
    return fit_and_predict(history, future)[2]
    ### END SOLUTION


# %%
ex.forecast_beats_notice.check(forecast)

# %% nbgrader={"grade": true, "grade_id": "forecast_beats_notice_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.forecast_beats_notice.grade(forecast)
### BEGIN HIDDEN TESTS
ex.forecast_beats_notice.grade_hidden(forecast)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "forecast_skill_pass_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.forecast_skill_pass.grade(forecast)
### BEGIN HIDDEN TESTS
ex.forecast_skill_pass.grade_hidden(forecast)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 品番ごとに見る
# 実際の部品メーカーの結果は「多くの品番で AI が内示を上回り、一部の品番では誤差が内示の半分以下」でした。
# あなたのデータの最後の6回の計画会議で、品番ごとに誤差の合計を比べてみましょう。内示を上回れなかった品番は、
# どんな品番でしょうか（立ち上がり、打ち切り、モデルチェンジ、くせが変わったお客様）。
# <!-- en -->
# ## 4. Part by part
# The real parts maker found that the AI beat the notice for many products, and for some its error
# was under half the notice's. At the last six planning meetings of your data, compare the errors
# part by part. Which parts did the forecast not beat (a ramp-up, a run-down, a model change, a
# customer whose habit changed)?

# %%
tasks = [planning_task(data, c) for c in cutoffs]
mine = pd.concat([f.assign(forecast=forecast(h, f)) for h, f in tasks], ignore_index=True)
mine = mine.assign(firm=firm.reindex(pd.MultiIndex.from_frame(mine[["part_id", "target_month"]])).fillna(0).to_numpy())
by_part = mine.assign(ai=(mine["forecast"] - mine["firm"]).abs(), notice=(mine["quantity"] - mine["firm"]).abs()).groupby("part_id")[["ai", "notice"]].sum()
by_part = by_part[by_part["notice"] > 0]
print(ja_en(f"内示を上回った品番の割合: {(by_part['ai'] < by_part['notice']).mean():.0%}", f"share of parts where the forecast beats the notice: {(by_part['ai'] < by_part['notice']).mean():.0%}"))
print(ja_en(f"誤差が内示の半分以下の品番の割合: {(by_part['ai'] <= 0.5 * by_part['notice']).mean():.0%}", f"share of parts with at most half the notice's error: {(by_part['ai'] <= 0.5 * by_part['notice']).mean():.0%}"))
(by_part["ai"] / by_part["notice"]).sort_values().plot.bar(figsize=(12, 3), title=ja_en("品番ごとの誤差の比（AI ÷ 内示）", "error ratio per part (AI ÷ notice)"))
plt.axhline(1, color="black", linewidth=0.8)
plt.show()

# %% [markdown]
# <!-- ja -->
# ## まとめ
# 内示のくせ（お客様・先行月・季節・品番の生産の流れ）を学んで内示を補正するモデルを作り、先行月ごとに内示
# そのままと比べました。次の 03 では、予測の分布と 01 の損から計画数を決め、試行と毎月の運用を設計します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます。
# <!-- en -->
# ## What you achieved
# You built a model that learns the notices' habits (customer, horizon, season, the part's life)
# and corrects them, and compared it with the notice as it is at each horizon. In 03 you set plan
# quantities from the forecast's distribution and 01's costs, and design a pilot and the monthly
# operations.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks.
