# %% [markdown]
# <!-- ja -->
# # 01 ビジネス課題：内示のずれで何が失われているか
# **このノートブックでやること（約60分）**：金沢精密工業の3年分の内示と確定注文を読み、内示が
# **どれだけ外れているか** を、お客様・品番・先行月（1か月先・2か月先・3か月先）ごとに数字にします。
# 1個多すぎ・1個足りないときの損が何円かは、ストーリーの事実から **あなたが定義します**。最後に、年間の損と、
# 改善の目標（KPI と目標値）を書きます。
# <!-- en -->
# # 01 Business problem: what the notices' errors cost
# **What you will do (about 60 min)**: read three years of Kanazawa Precision's advance notices and
# firm orders, and put numbers on **how far off** the notices are, by customer, part and horizon
# (one, two and three months ahead). What a piece too many and a piece too few cost in yen is
# **yours to define** from the story's facts. Then write the yearly loss and the improvement goal
# (KPI and target).

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np
import pandas as pd

from dxquest.cases.advance_orders import business, load_data
from dxquest.cases.advance_orders import exercises as ex

ex.setup(LANG)
data = load_data()
notices, orders, parts, customers = data.notices, data.orders, data.parts, data.customers
notices.head()

# %% [markdown]
# <!-- ja -->
# ## 1. データを眺める
# 表は4つです。`customers`（お客様）、`parts`（品番：売価・材料費・入数）、`notices`（内示：1行が
# お客様 × 品番 × 発行月 × 対象月）、`orders`（確定注文：1行が品番 × 納入週）。内示は毎月20日に届き、
# `horizon` は発行月から対象月までの月数です。確定注文は納入の1週間前に届きます。
#
# 記録には汚れがあります。`customers` の `merged_into`、`parts` の `former_part_id` を見てください。
# <!-- en -->
# ## 1. Look at the data
# Four tables: `customers`, `parts` (price, material cost, pieces per box), `notices` (one row per
# customer × part × issue month × target month) and `orders` (firm orders, one row per part and
# delivery week). Notices arrive on the 20th of each month; `horizon` is the months from the issue
# month to the target month. Firm orders arrive a week before delivery.
#
# The records are messy: look at `merged_into` in `customers` and `former_part_id` in `parts`.

# %%
display(customers)
display(parts[parts["former_part_id"].notna()])
print(notices["horizon"].value_counts().sort_index())
orders.head()

# %% [markdown]
# <!-- ja -->
# ## 2. 月別の確定注文
# 内示と比べるには、確定注文を **品番別・月別** にまとめる必要があります。品番変更のあった部品は、
# 旧品番の注文も **今の品番** にまとめます（`parts` の `former_part_id` に旧品番があります）。
#
# **問題 1**：`current_numbers(parts)`（どの品番も、旧品番も、今の品番に対応させる dict。後のセルでも使います）と
# `monthly_orders(orders, parts)` を書いてください。`monthly_orders` は、列 `part_id`（今の品番）、`month`
# （納入日 `delivery_date` の月、`"2025-03"` の形）、`quantity`（その月に納める個数の合計）の DataFrame を、
# `part_id`・`month` の順に並べて返します。
# <!-- en -->
# ## 2. Monthly firm orders
# To compare with the notices, firm orders must be summed **per part and month**. A renamed part's
# orders under its old number count under **the number in use now** (`former_part_id` in `parts`
# holds the old number).
#
# **Question 1**: write `current_numbers(parts)` (a dict mapping every part number, old ones
# included, to the number in use now; later cells use it too) and `monthly_orders(orders,
# parts)`, which returns a DataFrame with the columns
# `part_id` (the number in use now), `month` (the month of `delivery_date`, as `"2025-03"`) and
# `quantity` (the pieces delivered that month), sorted by `part_id` and `month`.

# %% nbgrader={"grade": false, "grade_id": "monthly_orders", "locked": false, "schema_version": 3, "solution": true, "task": false}
def current_numbers(parts):
    ### BEGIN SOLUTION
    renamed = parts.dropna(subset=["former_part_id"])
    mapping = dict(zip(parts["part_id"], parts["part_id"]))
    mapping.update(zip(renamed["former_part_id"], renamed["part_id"]))
    return mapping
    ### END SOLUTION


def monthly_orders(orders, parts):
    ### BEGIN SOLUTION
    part = orders["part_id"].map(current_numbers(parts))
    month = orders["delivery_date"].dt.strftime("%Y-%m").rename("month")
    table = orders.groupby([part, month])["quantity"].sum().reset_index()
    return table.sort_values(["part_id", "month"]).reset_index(drop=True)
    ### END SOLUTION


# %%
ex.monthly_orders.check(monthly_orders)

# %% nbgrader={"grade": true, "grade_id": "monthly_orders_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.monthly_orders.grade(monthly_orders)
### BEGIN HIDDEN TESTS
ex.monthly_orders.grade_hidden(monthly_orders)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. 内示はどれだけ外れているか
# 品番を1つ選び、同じ対象月についての3回の内示と、確定注文を並べてみます。
# <!-- en -->
# ## 3. How far off are the notices?
# Pick one part and put the three notices for each month next to its firm orders.

# %%
monthly = monthly_orders(orders, parts)
part = parts["part_id"].iloc[0]
firm = monthly[monthly["part_id"] == part].set_index("month")["quantity"]
fig, ax = plt.subplots(figsize=(10, 3.5))
ax.plot(firm.index, firm.to_numpy(), color="black", linewidth=2, label=ja_en("確定注文", "firm orders"))
for h in (1, 2, 3):
    mine = notices[(notices["part_id"] == part) & (notices["horizon"] == h)]
    ax.plot(mine["target_month"], mine["quantity"], marker=".", linewidth=1, label=ja_en(f"{h}か月前の内示", f"notice {h} month(s) ahead"))
ax.set_title(ja_en(f"{part}：内示と確定注文", f"{part}: notices and firm orders"))
ax.set_ylabel(ja_en("個", "pieces"))
ax.tick_params(axis="x", rotation=90)
ax.legend()
plt.show()

# %% [markdown]
# <!-- ja -->
# 外れ方を、誤差の大きさの合計 ÷ 確定注文の合計（**WAPE**、加重絶対誤差率）で測ります。大きな品番の
# 1個と小さな品番の1個を同じ重さで数えるので、「注文1個あたり、計画が何個ずれたか」を表します。
#
# **問題 2**：`with_firm_orders(notices, orders, parts)`（内示の各行に、同じ品番・同じ月の確定注文の列 `firm`
# を加えた DataFrame。後のセルでも使います）と `notice_wape(notices, orders, parts)` を書いてください。
# `notice_wape` は、対象月 `target_month` が **確定注文の
# 最後の12か月**（納入月で数えます）に入る内示について、内示の数量と、同じ品番（今の品番に読み替え）・同じ
# 月の確定注文（注文がなければ 0）を比べ、先行月ごとの WAPE
# ＝ Σ|内示 − 確定| ÷ Σ確定 を、キー `"h1"`, `"h2"`, `"h3"` の dict で返します。
# <!-- en -->
# Measure the misses as the sum of the errors' sizes over the sum of the firm orders (**WAPE**,
# weighted absolute percentage error): a piece of a big part weighs as much as a piece of a small
# one, so it says how many pieces the plan was off per piece ordered.
#
# **Question 2**: write `with_firm_orders(notices, orders, parts)` (the notices with a column
# `firm`: the firm orders of the same part and month; later cells use it too) and
# `notice_wape(notices, orders, parts)`, which, over the notices whose `target_month` lies in
# **the last 12 months of firm orders** (by delivery month), compares each notice's quantity with
# the firm orders of the same part (under its number in use now) and month (0 if none came), and
# returns the WAPE per horizon, Σ|notice − firm| ÷ Σ firm, as a dict with the
# keys `"h1"`, `"h2"`, `"h3"`.

# %% nbgrader={"grade": false, "grade_id": "notice_wape", "locked": false, "schema_version": 3, "solution": true, "task": false}
def with_firm_orders(notices, orders, parts):
    ### BEGIN SOLUTION
    monthly = monthly_orders(orders, parts).set_index(["part_id", "month"])["quantity"]
    keys = pd.MultiIndex.from_arrays(
        [notices["part_id"].map(current_numbers(parts)), notices["target_month"]]
    )
    return notices.assign(firm=monthly.reindex(keys).fillna(0).to_numpy())
    ### END SOLUTION


def notice_wape(notices, orders, parts):
    ### BEGIN SOLUTION
    months = sorted(orders["delivery_date"].dt.strftime("%Y-%m").unique())[-12:]
    rows = with_firm_orders(notices[notices["target_month"].isin(months)], orders, parts)
    return {
        f"h{h}": float((g["quantity"] - g["firm"]).abs().sum() / g["firm"].sum())
        for h, g in rows.groupby("horizon")
    }
    ### END SOLUTION


# %%
ex.notice_wape.check(notice_wape)

# %% nbgrader={"grade": true, "grade_id": "notice_wape_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.notice_wape.grade(notice_wape)
### BEGIN HIDDEN TESTS
ex.notice_wape.grade_hidden(notice_wape)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ずれには **くせ** があります。お客様ごと・先行月ごとに、内示が確定注文の何倍だったか（中央値）を見て
# みましょう。どのお客様が多めに、どのお客様が少なめに出していますか。そのくせは3年間ずっと同じでしょうか。
# <!-- en -->
# The misses have **habits**. Look, per customer and horizon, at how many times the firm orders
# the notices were (the median). Which customers announce too much, which too little? Has the
# habit stayed the same for three years?

# %%
rows = with_firm_orders(notices, orders, parts)
rows = rows[rows["firm"] > 0].assign(ratio=lambda r: r["quantity"] / r["firm"], year=lambda r: r["target_month"].str[:4])
display(rows.pivot_table(index="customer_id", columns="horizon", values="ratio", aggfunc="median").round(2))
display(rows.pivot_table(index="customer_id", columns="year", values="ratio", aggfunc="median").round(2))

# %% [markdown]
# <!-- ja -->
# ## 4. 円にすると：1個多すぎ・1個足りないときの損
# 経理と生産管理の資料から、次のことが分かっています（`business` にあります）。
# - 加工費（機械加工・熱処理・検査の人と機械の時間）は、1個あたり売価の `business.PROCESSING_COST_SHARE` です。
# - 作りすぎた部品は、後の注文で使われるまで平均 `business.SURPLUS_MONTHS_HELD` か月寝かせます。寝かせる
#   費用（お金の金利・倉庫・運搬）は、1か月あたり部品の原価（材料費＋加工費）の `business.HOLDING_RATE_PER_MONTH`
#   です。作りすぎた部品の `business.SURPLUS_SCRAP_SHARE` は、お客様の生産終了やモデルチェンジで使われず
#   廃棄になります。
# - 足りない部品は残業で作り、特急便で届けます。残業では加工費に `business.OVERTIME_PREMIUM` の割増がつき、
#   夜間に工場を動かす費用が加工費の `business.AFTER_HOURS_SHARE`、特急便の運賃が1個 `business.EXPRESS_FREIGHT_YEN` 円
#   かかります。お客様の注文は失いません（遅れても届けます）。
#
# 部品そのものは、計画がどうであれ作ります。計画が変えるのは、作った部品が寝かされるか、足りない分を残業と
# 特急便でまかなうか、です。
#
# **問題 3（判断）**：`piece_costs(facts)` を書いてください。`facts` は `business.part_facts(parts.iloc[0])`
# と同じ形の dict（品番の `unit_price_yen`, `material_cost_yen` と、上の事実）です。計画が **1個多すぎた
# とき** と **1個足りなかったとき** に、それぞれ何円を失うかを自分で定義し、キー `"over"`, `"short"` の dict で
# 返してください。採点は、ストーリーの事実から説明のつく範囲に入っているかを見ます（ほかの工場の事実でも
# 試します）。
# <!-- en -->
# ## 4. In yen: what a piece too many and a piece too few cost
# Accounting and production control know the following (it is in `business`).
# - Processing (machining, heat treatment, inspection: people's and machines' time) costs
#   `business.PROCESSING_COST_SHARE` of a part's price per piece.
# - A surplus piece waits on average `business.SURPLUS_MONTHS_HELD` months until later orders use
#   it. Carrying it (interest on the money, warehouse, handling) costs `business.HOLDING_RATE_PER_MONTH`
#   of what the piece cost to make (material and processing) a month. `business.SURPLUS_SCRAP_SHARE`
#   of surplus pieces are never used (a customer ends a product or changes a model) and are scrapped.
# - Missing pieces are made in overtime and sent by express: overtime adds a premium of
#   `business.OVERTIME_PREMIUM` on processing, running the plant after hours costs
#   `business.AFTER_HOURS_SHARE` of processing, and express freight `business.EXPRESS_FREIGHT_YEN`
#   yen a piece. The customer's order is not lost (it is delivered late).
#
# The parts are made whatever the plan. A plan only decides whether what is made waits in the
# warehouse, or whether the missing pieces come from overtime and express trucks.
#
# **Question 3 (decision)**: write `piece_costs(facts)`. `facts` is a dict of the form of
# `business.part_facts(parts.iloc[0])` (the part's `unit_price_yen` and `material_cost_yen`, and
# the facts above). Define what the plan loses, in yen, when it is **one piece too many** and
# **one piece too few**, and return a dict with the keys `"over"` and `"short"`. Grading checks
# that each lies in the range the story's facts can justify (other plants' facts are tried too).

# %%
business.part_facts(parts.iloc[0])

# %% nbgrader={"grade": false, "grade_id": "piece_costs", "locked": false, "schema_version": 3, "solution": true, "task": false}
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


# %%
ex.piece_costs.check(piece_costs)

# %% nbgrader={"grade": true, "grade_id": "piece_costs_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.piece_costs.grade(piece_costs)
### BEGIN HIDDEN TESTS
ex.piece_costs.grade_hidden(piece_costs)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# **問題 4**：`error_cost_yen(planned, firm, over_yen, short_yen)` を書いてください。行ごとの計画数
# `planned` と確定注文 `firm`、行ごとの1個多すぎ・1個足りないの損 `over_yen`・`short_yen`（どれも配列）から、
# 計画の過不足の損の合計（円）＝ Σ(max(計画 − 確定, 0) × 多すぎの損 ＋ max(確定 − 計画, 0) × 足りないの損)
# を返します。
# <!-- en -->
# **Question 4**: write `error_cost_yen(planned, firm, over_yen, short_yen)`: from each row's
# planned pieces `planned`, firm orders `firm` and costs of a piece too many and too few
# `over_yen`, `short_yen` (all arrays), return the total cost of the planning errors in yen,
# Σ(max(planned − firm, 0) × over + max(firm − planned, 0) × short).

# %% nbgrader={"grade": false, "grade_id": "error_cost_yen", "locked": false, "schema_version": 3, "solution": true, "task": false}
def error_cost_yen(planned, firm, over_yen, short_yen):
    ### BEGIN SOLUTION
    planned, firm = np.asarray(planned, dtype=float), np.asarray(firm, dtype=float)
    too_many = np.maximum(planned - firm, 0) * over_yen
    too_few = np.maximum(firm - planned, 0) * short_yen
    return float(np.sum(too_many + too_few))
    ### END SOLUTION


# %%
ex.error_cost_yen.check(error_cost_yen)

# %% nbgrader={"grade": true, "grade_id": "error_cost_yen_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.error_cost_yen.grade(error_cost_yen)
### BEGIN HIDDEN TESTS
ex.error_cost_yen.grade_hidden(error_cost_yen)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 5. 年間の損
# 生産は1か月前の内示で計画します。最後の12か月について、1か月前の内示そのままで計画したときの損を、
# あなたの `piece_costs` で計算します。お客様ごとの内訳も見てみましょう。
# <!-- en -->
# ## 5. The loss a year
# Production is planned on the one-month notice. Over the last 12 months, compute what planning
# the one-month notice as it is lost, at your `piece_costs`, and look at it customer by customer.

# %%
last_year = sorted(monthly["month"].unique())[-12:]
recent = with_firm_orders(notices[notices["target_month"].isin(last_year) & (notices["horizon"] == 1)], orders, parts)
facts = parts.set_index("part_id")
costs = pd.DataFrame([piece_costs(business.part_facts(facts.loc[p])) for p in recent["part_id"]], index=recent.index)
recent = recent.assign(cost=[error_cost_yen(q, f, o, s) for q, f, o, s in zip(recent["quantity"], recent["firm"], costs["over"], costs["short"])])
print(ja_en(f"1か月前の内示で計画した損（最後の12か月）: {recent['cost'].sum():,.0f} 円", f"Loss of planning the one-month notice (last 12 months): {recent['cost'].sum():,.0f} yen"))
display(recent.groupby("customer_id")["cost"].sum().round(-3))

# %% [markdown]
# <!-- ja -->
# ## 6. KPI と目標（自由記述・相互評価）
# 工場長の関心（在庫の山、残業と特急便、年間の損）につながる KPI を1〜3個選び、現状値・目標値・期限と、
# 測り方（どのデータから、どう計算し、どの頻度で見るか）を書いてください。ルーブリックは `rubric.md` に
# あります。
# <!-- en -->
# ## 6. KPI and target (free text, peer-reviewed)
# Choose one to three KPIs that link to the plant manager's concerns (piles of stock, overtime and
# express trucks, the loss a year), and give their current value, a target and a deadline, and how
# they are measured (from which data, computed how, reviewed how often). The rubric is in
# `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "kpi_and_target", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）KPI は「1か月前・2か月前の計画の WAPE」と「計画の過不足の損（円/年）」。現状値はこのノートブックで
# 計算した値、目標は本番開始から1年で損を3割減らすこと。毎月の計画会議のあと、確定注文がそろった月について、
# 内示・予測・確定注文の表から計算し、お客様別・先行月別に見る。繁忙期と閑散期で注文量が違うので、月ごとでは
# なく12か月の移動合計で比べる。
# <!-- en -->
# (Example answer) KPIs: the WAPE of the one- and two-month plans, and the cost of planning errors
# (yen a year). Current values as computed in this notebook; target: cut the loss by 30 % within a
# year of go-live. After each monthly planning meeting, computed for the months whose firm orders
# are complete, from the table of notices, forecasts and firm orders, by customer and horizon.
# Busy and quiet months differ, so compare 12-month moving totals, not single months.

# %% [markdown]
# <!-- ja -->
# ## まとめ
# 内示がお客様・先行月ごとにどれだけ外れ、その結果、年にいくら失っているかを数字にしました。次の 02 では、
# どの判断にどの先行月の内示を使うかを決めてから、内示を補正する予測モデルを作ります。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます。
# <!-- en -->
# ## What you achieved
# You put numbers on how far the notices miss, by customer and horizon, and what it costs a year. In
# 02 you decide which decision uses which horizon, then build a model that corrects the notices.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks.
