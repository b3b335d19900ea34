# %% [markdown]
# <!-- ja -->
# # 03 業務適合性の検証・運用設計
# **このノートブックでやること（約90分）**：02 の予測を、生産管理課の仕事に組み込みます。(1) 予測の分布と
# 01 で定義した損から、何個を計画するかの決め方を導き、(2) 1か月先の生産と2か月先の材料の計画を作って内示
# そのままの計画と損を比べ、(3) 試行（パイロット）と毎月の運用を設計します。最後の発展課題（任意）では、
# 3か月先の材料の予約に取り組めます。
#
# 採点では、あなたの `plan` を非公開の会社の最後の6回の計画会議で実行し、1か月先・2か月先の行の過不足の損を、
# 採点側の損の定義（01 の範囲の中の1つ）で、内示そのままの計画と比べます。
# <!-- en -->
# # 03 Fit to the work and operations design
# **What you will do (about 90 min)**: build 02's forecast into production control's work. (1)
# Derive how many pieces to plan from the forecast's distribution and the costs you defined in
# 01, (2) plan next month's production and the material of the month after, and compare their cost
# with planning the notice as it is, and (3) design a pilot and the monthly operations. The
# optional stretch task at the end reserves material three months ahead.
#
# Grading runs your `plan` at the last six planning meetings of a hidden company history and costs
# the one- and two-month rows at the grader's own cost definition (one inside 01's range), against
# planning the notice as it is.

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
from scipy.stats import norm

from dxquest.cases.advance_orders import business, load_data
from dxquest.cases.advance_orders import exercises as ex
from dxquest.cases.advance_orders.data import holdout_cutoffs, planning_task

ex.setup(LANG)
data = load_data()

# %% [markdown]
# <!-- ja -->
# ## 1. 何個を計画するか（判断）
# 予測は「確定注文はだいたいこのあたり」という分布です。ここでは、確定注文の対数が正規分布に従うとみなし、
# 中央値 `median` と、対数のばらつき（標準偏差）`spread` で表します。1個多すぎの損と1個足りないの損が違うとき、
# 中央値どおりに計画するのが最も安いとは限りません。
#
# **問題 1（判断）**：`plan_quantity(median, spread, over_yen, short_yen)` を書いてください。行ごとの中央値・
# ばらつき・1個多すぎの損・1個足りないの損（どれも配列）から、損の期待値が最も小さくなる計画数を行ごとに
# 返します。どう決めるかは、損の定義から自分で導いてください。あわせて、01 の `piece_costs(facts)` を同じセルに
# 書き写してください（後で使います）。
# <!-- en -->
# ## 1. How many pieces to plan (decision)
# A forecast is a distribution: "the firm orders will be around here". Take the log of the firm
# orders as normal, with a median `median` and a spread (standard deviation of the logs)
# `spread`. When a piece too many and a piece too few cost differently, planning the median is not
# necessarily cheapest.
#
# **Question 1 (decision)**: write `plan_quantity(median, spread, over_yen, short_yen)`: from each
# row's median, spread, cost of a piece too many and cost of a piece too few (all arrays), return
# the pieces to plan per row that make the expected cost smallest. How to decide is yours to derive
# from the costs. Copy 01's `piece_costs(facts)` into the same cell too (it is used later).

# %% nbgrader={"grade": false, "grade_id": "plan_quantity", "locked": false, "schema_version": 3, "solution": true, "task": false}
def piece_costs(facts):
    ### BEGIN SOLUTION
    processing = facts["processing_cost_share"] * facts["unit_price_yen"]
    made = facts["material_cost_yen"] + processing
    carried = facts["holding_rate_per_month"] * facts["surplus_months_held"]
    over = made * (carried + facts["surplus_scrap_share"])
    extra = facts["overtime_premium"] + facts["after_hours_share"]
    short = processing * extra + facts["express_freight_yen"]
    return {"over": over, "short": short}
    ### END SOLUTION


def plan_quantity(median, spread, over_yen, short_yen):
    ### BEGIN SOLUTION
    short_yen, over_yen = np.asarray(short_yen, dtype=float), np.asarray(over_yen, dtype=float)
    ratio = short_yen / (short_yen + over_yen)
    return np.asarray(median, dtype=float) * np.exp(np.asarray(spread, dtype=float) * norm.ppf(ratio))
    ### END SOLUTION


# %%
ex.plan_quantity.check(plan_quantity)

# %% nbgrader={"grade": true, "grade_id": "plan_quantity_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.plan_quantity.grade(plan_quantity)
### BEGIN HIDDEN TESTS
ex.plan_quantity.grade_hidden(plan_quantity)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# あなたの損の定義では、品番ごとに、分布のどのあたりを計画することになりますか。
# <!-- en -->
# With your cost definition, where in the distribution does each part's plan sit?

# %%
costs = pd.DataFrame([piece_costs(business.part_facts(p)) for _, p in data.parts.iterrows()], index=data.parts["part_id"])
ax = (costs["short"] / (costs["short"] + costs["over"])).plot.hist(bins=20, figsize=(6, 3), title=ja_en("品番ごとの、足りない損 ÷ 2つの損の合計", "per part: cost of too few ÷ both costs"))
ax.set_ylabel(ja_en("品番の数", "parts"))
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 2. 02 のモデル
# 02 の `forecast` で使った関数を、このセルに書き写してください。`plan` で、予測の中央値とばらつきに使います。
# <!-- en -->
# ## 2. The model of 02
# Copy the functions of 02's `forecast` into this cell: `plan` uses them for the forecast's median
# and spread.

# %% nbgrader={"grade": false, "grade_id": "model_from_02", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
FEATURES = ["horizon", "customer_recent", "customer_season", "part_recent", "level", "slope", "revision", "month_of_year", "log_notice"]


def current_numbers(parts):
    renamed = parts.dropna(subset=["former_part_id"])
    mapping = dict(zip(parts["part_id"], parts["part_id"]))
    mapping.update(zip(renamed["former_part_id"], renamed["part_id"]))
    return mapping


def month_number(months):
    if pd.api.types.is_datetime64_any_dtype(months):
        return months.dt.year * 12 + months.dt.month - 1
    return months.str[:4].astype(int) * 12 + months.str[5:7].astype(int) - 1


def rolling_mean(table, keys, value, window):
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
    done = rows["month"] < rows["issue"].max()
    rows["firm"] = firm.reindex(pd.MultiIndex.from_frame(rows[["part", "month"]])).fillna(0).to_numpy()
    rows["log_ratio"] = np.where(done, np.log((rows["firm"] + 1) / (rows["quantity"] + 1)), np.nan)
    known = rows[done]
    customer = rolling_mean(known, ["customer_id", "horizon"], "log_ratio", 3).rename(columns={"log_ratio": "customer_recent"})
    part = rolling_mean(known, ["part", "horizon"], "log_ratio", 6).rename(columns={"log_ratio": "part_recent"})
    rows = rows.merge(customer, on=["customer_id", "horizon", "issue"], how="left").merge(part, on=["part", "horizon", "issue"], how="left")
    rows["month_of_year"] = rows["month"] % 12
    season = known.assign(month_of_year=known["month"] % 12).groupby(["customer_id", "horizon", "month_of_year", "month"])["log_ratio"].mean()
    by = season.groupby(level=[0, 1, 2])
    season = (by.cumsum() / (by.cumcount() + 1)).rename("customer_season").reset_index()
    season["month"] += 12
    rows = pd.merge_asof(rows.sort_values("month"), season.sort_values("month"), on="month", by=["customer_id", "horizon", "month_of_year"])
    monthly = firm.rename("firm").reset_index()
    last3 = rolling_mean(monthly, ["part"], "firm", 3).rename(columns={"firm": "last3"})
    prev3 = rolling_mean(monthly.assign(month=monthly["month"] + 3), ["part"], "firm", 3).rename(columns={"firm": "prev3"})
    rows = rows.merge(last3, on=["part", "issue"], how="left").merge(prev3, on=["part", "issue"], how="left")
    rows["level"] = np.log((rows["quantity"] + 1) / (rows["last3"] + 1))
    rows["slope"] = np.log((rows["last3"] + 1) / (rows["prev3"] + 1))
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

# %% [markdown]
# <!-- ja -->
# ## 3. 計画を作る
# **問題 2**：`plan(history, future)` を書いてください。`future` の行ごとに、計画する個数を返します（採点は
# 1か月先と2か月先の行で行います）。中央値は 02 のモデルで、ばらつきは最近の予測の外れ方から先行月ごとに
# 見積もり、品番ごとの損はあなたの `piece_costs` で、計画数は `plan_quantity` で決めます。
# <!-- en -->
# ## 3. Make the plan
# **Question 2**: write `plan(history, future)`: the pieces to plan for each row of `future`
# (graded on the one- and two-month rows). Take the median from 02's model, the spread per horizon
# from how far recent forecasts missed, each part's costs from your `piece_costs`, and the pieces
# from `plan_quantity`.

# %% nbgrader={"grade": false, "grade_id": "plan", "locked": false, "schema_version": 3, "solution": true, "task": false}
def plan(history, future):
    ### BEGIN SOLUTION
    model, train, median = fit_and_predict(history, future)
    # ja: 最近12か月の学習データでの外れ方（対数）の散らばりを、先行月ごとに頑健に測る
    # en: the spread of the last 12 months' misses (in logs) per horizon, measured robustly
    recent = train[train["issue"] >= train["issue"].max() - 11]
    miss = recent["log_ratio"] - model.predict(recent[FEATURES])
    spread = miss.groupby(recent["horizon"]).apply(lambda m: 1.4826 * (m - m.median()).abs().median())
    facts = history.parts.set_index("part_id")
    costs = pd.DataFrame([piece_costs(business.part_facts(facts.loc[p])) for p in future["part_id"]])
    return plan_quantity(median, spread.reindex(future["horizon"]).to_numpy(), costs["over"].to_numpy(), costs["short"].to_numpy())
    ### END SOLUTION


# %%
ex.plan_beats_notice.check(plan)

# %% nbgrader={"grade": true, "grade_id": "plan_beats_notice_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.plan_beats_notice.grade(plan)
### BEGIN HIDDEN TESTS
ex.plan_beats_notice.grade_hidden(plan)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 年間でいくら減るでしょうか。最後の12か月を対象月とする、生産の計画（1か月前の内示：01 の年間の損の行）と
# 材料の手配（2か月前の内示）の行を、それぞれの計画会議で分かっていたことだけからあなたの `plan` で計画し、
# あなたの損の定義で、内示そのままの損（As-Is）と比べます。この2つの数字を、04 の投資判断に使います。
# <!-- en -->
# How much a year does it save? Take the rows whose target month lies in the last 12 months, for
# production (the one-month notices: the rows of 01's loss a year) and for material (the
# two-month notices); plan each with your `plan` from what its planning meeting knew, and compare
# the cost at your definition with planning the notice as it is (As-Is). 04's investment case
# uses these two figures.

# %%
current = current_numbers(data.parts)
firm = data.orders.groupby([data.orders["part_id"].map(current), data.orders["delivery_date"].dt.strftime("%Y-%m")])["quantity"].sum()
last_year = sorted(data.orders["delivery_date"].dt.strftime("%Y-%m").unique())[-12:]
planned_rows = data.notices["target_month"].isin(last_year) & data.notices["horizon"].isin(business.PLANNED_HORIZONS)
year = []
for issued in sorted(data.notices.loc[planned_rows, "issued_on"].unique()):
    history, future = planning_task(data, pd.Timestamp(issued) + pd.Timedelta(days=1))
    planned = future.assign(planned=plan(history, future))
    year.append(planned[planned["target_month"].isin(last_year) & planned["horizon"].isin(business.PLANNED_HORIZONS)])
year = pd.concat(year, ignore_index=True).join(costs, on="part_id")
year["firm"] = firm.reindex(pd.MultiIndex.from_arrays([year["part_id"].map(current), year["target_month"]])).fillna(0).to_numpy()


def year_cost(planned):
    return float((np.maximum(planned - year["firm"], 0) * year["over"] + np.maximum(year["firm"] - planned, 0) * year["short"]).sum())


as_is_yen, to_be_yen = year_cost(year["quantity"]), year_cost(year["planned"])
print(ja_en(f"最後の12か月の損: 内示そのまま {as_is_yen:,.0f} 円、あなたの計画 {to_be_yen:,.0f} 円（{1 - to_be_yen / as_is_yen:.0%} 減）",
            f"cost of the last 12 months: the notice as it is {as_is_yen:,.0f} yen, your plan {to_be_yen:,.0f} yen ({1 - to_be_yen / as_is_yen:.0%} less)"))

# %% [markdown]
# <!-- ja -->
# ## 4. 試行（パイロット）の計画（自由記述・相互評価）
# 過去のデータでのトライアルだけでは、毎月の計画会議で本当に損が減るかは分かりません。全品番で使う前の試行を、
# 北川課長が工場長に「来月から始めます」と言える計画にしてください。
# - **対象**：どのお客様・品番から始めるか、その理由（内示のずれの大きさ、数量、立ち上がりや打ち切り間近の
#   品番をどう扱うか）
# - **比べる相手**：効果を何と比べるか。お客様ごとのくせや季節の違いが効果に見えてしまわない比べ方にします
#   （同じ品番・同じ月の内示そのままの計画も並べて記録する、など）。
# - **期間**：何か月か、その理由（季節、月ごとのばらつき）
# - **成功の基準と中止の基準**：どの KPI がいくつなら全品番に広げ、何が起きたらやめるか
# - **役割分担**：試行の間、だれ（計画担当、購買、北川課長、営業、工場長）が、いつ何をするか
#
# ルーブリックは `rubric.md` の `pilot_design` です。
# <!-- en -->
# ## 4. The pilot's plan (free text, peer-reviewed)
# A trial on past data does not show that the monthly planning meeting will really lose less.
# Plan the trial before every part uses it, as Ms Kitagawa can take it to the plant manager to
# start next month.
# - **Scope**: which customers and parts first, and why (how far their notices miss, their
#   volumes, what to do with parts ramping up or about to end)
# - **Comparison**: what the effect is measured against, chosen so that a customer's habits or the
#   season do not pass for the effect (the plan from the notice as it is recorded beside it for
#   the same parts and months, for instance)
# - **Duration**: how many months, and why (the seasons, how much months vary)
# - **Success and stop criteria**: which KPI at what level extends it to every part, and what
#   stops it
# - **Who does what**: during the pilot, who (the planner, purchasing, Ms Kitagawa, sales, the
#   plant manager) does what, and when
#
# The rubric is `pilot_design` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "pilot_design", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）対象：3か月先の内示を多めに出すお客様2社の、数量の多い20品番。立ち上がりと打ち切り間近の品番は
# 営業の情報で人が直すので外す。比べる相手：20品番は AI の計画で材料と生産を手配し、同じ品番・同じ月の内示
# そのままの計画も毎月記録して、過不足の個数と損を両方で計算する（同じ月・同じ品番どうしなので、季節や
# お客様の違いが効果に見えない）。期間：4か月（8月の落ち込みを含める）。成功の基準：4か月の合計で、過不足の
# 損が内示そのままより20%以上少なく、特急便の件数が増えないこと。中止の基準：2か月続けて損が内示そのままを
# 上回る、または内示ファイルの取り込みの誤りが月に1件を超える。役割：計画担当が21日の会議の前に2つの計画を
# 作り、購買は AI の計画で材料を手配する。北川課長が毎月2つの損を比べて記録し、4か月目に工場長へ報告する。
# 営業は対象のお客様の打ち切り・モデルチェンジの予定を毎月計画担当に伝える。続けるかは工場長が決める。
# <!-- en -->
# (Example answer) Scope: the 20 largest parts of the two customers whose three-month notices run
# highest; parts ramping up or about to end are left out, since sales' information adjusts them
# by hand. Comparison: those parts are ordered and produced on the AI's plan, and the plan from the
# notice as it is is recorded every month for the same parts and months; pieces and cost planned
# wrong are computed for both (same months, same parts: neither the season nor the customer can
# pass for the effect). Duration: four months, including the August drop. Success: over the four
# months, the cost of planning errors at least 20 % below the notice's, with no more express
# shipments. Stop: the cost above the notice's two months running, or more than one error a month
# in loading the notice files. Roles: the planner prepares both plans before the meeting on the
# 21st; purchasing orders material on the AI's plan; Ms Kitagawa compares and records both costs
# monthly and reports to the plant manager in the fourth month; sales passes on the customers'
# ends of production and model changes every month; the plant manager decides whether to go on.

# %% [markdown]
# <!-- ja -->
# ## 5. 毎月の運用（自由記述・相互評価）
# 試行のあと、全品番で AI の計画を使う毎月の運用を設計します。次のことを書いてください。ルーブリックは
# `rubric.md` の `operations_design` です。
# - **毎月の運用**：計画会議の前後に、だれ（計画担当、購買、課長、営業）が何をするか。AI の計画を人が変えて
#   よいのはどんなときで、それをどう記録するか。
# - **内示のくせが変わったとき**：お客様の合併、計画システムの入れ替え、担当者の交代などで、内示の出し方が
#   変わったことにどう気づき（どの数字を毎月見るか）、モデルと計画をどうするか（学び直す期間、そのお客様だけの
#   扱い、営業からお客様への確認）。
# <!-- en -->
# ## 5. Monthly operations (free text, peer-reviewed)
# After the pilot, design the monthly operations that use the AI's plan for every part. Write the
# following. The rubric is `operations_design` in `rubric.md`.
# - **Monthly operations**: who (the planner, purchasing, the manager, sales) does what before and
#   after the planning meeting. When may a person change the AI's plan, and how is it recorded?
# - **When a customer's notices change behaviour**: a merger, a new planning system, a new person
#   in charge: how do you notice (which figures are watched each month), and what happens to the
#   model and the plan (the period it relearns from, special handling of that customer, sales
#   checking with the customer)?

# %% [markdown] nbgrader={"grade": true, "grade_id": "operations_design", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）運用：21日の計画会議の前に、計画担当が内示を取り込み AI の計画を確認する。新製品や打ち切りの連絡が営業から
# あった品番は人が直し、理由を記録する。購買は2か月先の計画で材料を手配する。月初に課長がお客様別・先行月別の
# WAPE を見る。くせの変化：お客様ごとの「確定 ÷ 内示」を毎月グラフにし、3か月続けて過去の範囲を外れたら、
# 営業がお客様に確かめ、そのお客様は最近6か月だけで学び直す。
# <!-- en -->
# (Example answer) Operations: before the meeting on the 21st the planner loads the notices and reviews
# the AI's plan; parts for which sales reported a launch or an end are adjusted by hand, with the
# reason recorded; purchasing orders material on the two-month plan; at the start of each month
# the manager reviews the WAPE by customer and horizon. Behaviour changes: firm ÷ notice per
# customer is charted monthly; three months outside its past range, sales checks with the
# customer, and that customer is relearnt from its last six months only.

# %% [markdown]
# <!-- ja -->
# ## 6. 発展課題（任意）：3か月先の材料の予約
# 棒材は、鉄鋼メーカーが月ごとの圧延枠で作ります。その枠は3か月前に予約します（金沢精密から鉄鋼メーカーへの
# 内示です）。2か月前の手配が予約より多い月は、足りない分を問屋から割高に買い、入荷も待たされます。北川課長は、
# 予約が確定注文に **10か月に9か月（`business.RESERVATION_COVERED`）** は足りるようにしたいと考えています。
# ただし、多めに予約すれば足りるのは当然で、使わない枠の材料は倉庫で寝かせることになります。
#
# `material_reservation(history, future)` を書いてください。`future` の行ごとに、予約する数量（部品の個数分の
# 材料）を返します。採点するのは3か月先（`business.RESERVATION_HORIZON`）の行です。方法は自由です（02 の
# モデルの外れ方から決める、分位点を直接学ぶモデル、ほか）。採点は非公開の評価データで行い、確定注文が予約に
# 収まった品番・月の割合（目安は 86.5%〜93.5%）と、予約の過不足を分位点スコアにして、内示に一律の倍率を掛けた
# 予約・理論上の最善と比べた改善到達度を見ます。0.75 以上で「良」、0.9 以上で「優」の段階が記録されます。
#
# この課題は任意です。点は修了の合格基準に数えないので、取り組まなくても修了できます。
# <!-- en -->
# ## 6. Stretch task (optional): reserving material three months ahead
# The steel mill rolls bar stock in monthly slots, reserved three months ahead (Kanazawa
# Precision's own notice to the mill). In a month whose material order two months ahead exceeds
# the reservation, the rest is bought from a stockist, dearer and with a wait. Ms Kitagawa wants
# the reservation to cover the firm orders in **nine months of ten
# (`business.RESERVATION_COVERED`)**; a large reservation is easy to cover with, but the bar
# stock of an unused slot waits in the warehouse.
#
# Write `material_reservation(history, future)`: for each row of `future`, the pieces' worth of
# material to reserve. The three-month rows (`business.RESERVATION_HORIZON`) are graded. The
# approach is yours (from how your 02 model missed, a model that learns the quantile directly,
# or another). Grading uses the hidden holdout: the share of part-months whose firm orders the
# reservation covered (86.5 %–93.5 % expected), and the reservations' quantile score as a skill
# between the notice times one factor and the best possible. A skill of 0.75 records merit, 0.9
# distinction.
#
# The task is optional: its points do not count towards the pass mark, so you complete the case
# without it.

# %% nbgrader={"grade": false, "grade_id": "material_reservation", "locked": false, "schema_version": 3, "solution": true, "task": false}
def material_reservation(history, future):
    ### BEGIN SOLUTION
    model, train, median = fit_and_predict(history, future)
    # ja: 最近12か月の3か月先の行で、予測がどれだけ外れたか（対数）の90%の点
    # en: the 90 % point of how far the last 12 months' three-month forecasts missed (in logs)
    recent = train[(train["horizon"] == business.RESERVATION_HORIZON) & (train["issue"] >= train["issue"].max() - 11)]
    miss = recent["log_ratio"] - model.predict(recent[FEATURES])
    return median * np.exp(np.quantile(miss, business.RESERVATION_COVERED))
    ### END SOLUTION


# %%
ex.material_reservation_merit.check(material_reservation)

# %% nbgrader={"grade": true, "grade_id": "material_reservation_merit_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.material_reservation_merit.grade(material_reservation)
### BEGIN HIDDEN TESTS
ex.material_reservation_merit.grade_hidden(material_reservation)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "material_reservation_distinction_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.material_reservation_distinction.grade(material_reservation)
### BEGIN HIDDEN TESTS
ex.material_reservation_distinction.grade_hidden(material_reservation)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## まとめ
# 予測の分布と損から計画数を決め、内示そのままの計画と損を比べ、試行と毎月の運用を設計しました。次の 04 では、
# 工場長と営業への提案をまとめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます。
# <!-- en -->
# ## What you achieved
# You set plan quantities from the forecast's distribution and the costs, compared their cost with
# planning the notice as it is, and designed a pilot and the monthly operations. In 04 you put
# together the pitch to the plant manager and sales.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks.
