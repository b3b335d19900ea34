# %% [markdown]
# <!-- ja -->
# # 04 プレゼン課題：工場長と営業への提案
# **このノートブックでやること（約60分）**：01〜03 の結果を、工場長の村井さんと営業課長の宮本さんに向けた
# 1枚の提案にまとめます。投資が見合うかを数字で示し、お客様と内示の精度をどう話すかも提案します。最後に、
# 4本を通した取り組みをふりかえります。
# <!-- en -->
# # 04 Pitch to the plant manager and sales
# **What you will do (about 60 min)**: turn the results of 01 to 03 into a one-page proposal to
# Mr Murai, the plant manager, and Mr Miyamoto, the sales manager. Show in figures whether the
# investment pays, and propose how to talk with customers about the quality of their notices. To
# close, look back on your work across the four notebooks.

# %% tags=["parameters"]
LANG = "ja"

# %%
from dxquest.cases.advance_orders import business
from dxquest.cases.advance_orders import exercises as ex

ex.setup(LANG)
print(business.SYSTEM_INITIAL_COST_YEN, business.SYSTEM_MONTHLY_COST_YEN)

# %% [markdown]
# <!-- ja -->
# ## 1. 投資は見合うか
# **問題 1**：`business_case(as_is_yen, to_be_yen)` を書いてください。計画の過不足の損が年 `as_is_yen` 円から
# 年 `to_be_yen` 円に減るとき、月の正味効果 ＝ (as_is_yen − to_be_yen) ÷ 12 − 月額の運用費
# `business.SYSTEM_MONTHLY_COST_YEN` から、年間の正味効果（月の正味効果 × 12）と、回収期間（月）＝ 初期費用
# `business.SYSTEM_INITIAL_COST_YEN` ÷ 月の正味効果 を、キー `"annual_net_benefit_yen"`, `"payback_months"` の
# dict で返します。月の正味効果が 0 以下なら、回収期間は `float("inf")` です。
# <!-- en -->
# ## 1. Does the investment pay?
# **Question 1**: write `business_case(as_is_yen, to_be_yen)`: when the cost of planning errors
# falls from `as_is_yen` to `to_be_yen` yen a year, a month's net benefit is (as_is_yen −
# to_be_yen) ÷ 12 − the monthly running cost `business.SYSTEM_MONTHLY_COST_YEN`. Return the annual
# net benefit (12 months' net benefit) and the payback in months (the initial cost
# `business.SYSTEM_INITIAL_COST_YEN` ÷ a month's net benefit) as a dict with the keys
# `"annual_net_benefit_yen"` and `"payback_months"`. If a month's net benefit is 0 or less, the
# payback is `float("inf")`.

# %% nbgrader={"grade": false, "grade_id": "business_case", "locked": false, "schema_version": 3, "solution": true, "task": false}
def business_case(as_is_yen, to_be_yen):
    ### BEGIN SOLUTION
    net_monthly = (as_is_yen - to_be_yen) / 12 - business.SYSTEM_MONTHLY_COST_YEN
    payback = float("inf") if net_monthly <= 0 else business.SYSTEM_INITIAL_COST_YEN / net_monthly
    return {"annual_net_benefit_yen": 12 * net_monthly, "payback_months": payback}
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
# 03 の「3. 計画を作る」の終わりで、最後の12か月を対象月とする生産と材料の計画について、内示そのままの損
# （As-Is）と、あなたの計画の損（To-Be）を円で表示しました。どちらも、01 で決めたあなたの損の定義で、同じ行を
# 比べた数字です。下のセルの 0 をその2つの数字に置き換えて、`business_case` で年間の正味効果と回収期間を
# 出しましょう。
# <!-- en -->
# At the end of 03's section 3 (making the plan) you printed, in yen, the cost of planning
# production and material for the last 12 target months from the notice as it is (As-Is) and with
# your plan (To-Be): both at the cost definition you chose in 01, on the same rows. Replace the
# zeros below with those two figures and compute the annual net benefit and the payback with
# `business_case`.

# %%
# ja: 03 で表示された、内示そのままの損とあなたの計画の損（円/年）に置き換えてください
# en: replace with the cost of the notice as it is and of your plan (yen a year) printed in 03
as_is_yen, to_be_yen = 0, 0
for name, value in ex.business_case.labelled(business_case(as_is_yen, to_be_yen)).items():
    print(f"{name}: {value:,.1f}")

# %% [markdown]
# <!-- ja -->
# ## 2. 提案（自由記述・相互評価）
# 工場長と営業課長に向けて、1枚の提案を書いてください。ルーブリックは `rubric.md` にあります。
# - 現状（As-Is）の損と、その原因（お客様・先行月・品番のどこで内示がずれているか）
# - AI で変わること（To-Be）：先行月ごとの精度、品番ごとの結果（内示を上回った品番の割合、誤差が半分以下の品番）、
#   年間の効果と回収期間。うまくいかない品番と、その扱い
# - 進め方：試行の範囲と期間、判断の基準、体制
# - **お客様との話し方**：内示の精度をどう伝え、何をお願いするか（責める話にせず、お互いの在庫と欠品を減らす話に
#   する。データの見せ方、頻度、窓口）
# - 工場長と営業にご判断いただきたい事項
# <!-- en -->
# ## 2. The proposal (free text, peer-reviewed)
# Write a one-page proposal to the plant manager and the sales manager. The rubric is in
# `rubric.md`.
# - The loss today (As-Is) and its causes (where the notices miss: customers, horizons, parts)
# - What AI changes (To-Be): accuracy per horizon, results per part (the share of parts where it
#   beats the notice, those with half the error or less), the yearly benefit and payback; the parts
#   it does not help, and how they are handled
# - How to proceed: the pilot's scope and length, the criteria for deciding, who does what
# - **How to talk with customers**: how to share the quality of their notices and what to ask of
#   them (not a complaint, but a way for both sides to cut stock and shortages; how the data is
#   shown, how often, through whom)
# - The decisions you ask of the plant manager and sales

# %% [markdown] nbgrader={"grade": true, "grade_id": "executive_pitch", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）現状：内示そのままで生産と材料を計画し、過不足の損は最後の12か月で約<!-- fig:as_is_loss_yen_per_year 万 ~2 -->3,000<!-- /fig -->万円。3か月先の内示は
# お客様の多くが多めに出し、夏と年末の落ち込みを入れていない。To-Be：AI が内示を補正し、過去の最後の6回の計画会議での
# トライアルでは、2か月先の誤差（WAPE）が<!-- fig:notice_wape_two_months % .0f -->18<!-- /fig -->%から<!-- fig:forecast_wape_two_months % .0f -->12<!-- /fig -->%に下がった。<!-- fig:share_beats_notice % .0f -->83<!-- /fig -->%の品番で内示を上回り、
# <!-- fig:share_half_notice_error % .0f -->16<!-- /fig -->%の品番では誤差が内示の半分以下。AI の計画で損は<!-- fig:loss_cut % .0f -->17<!-- /fig -->%減って年約<!-- fig:to_be_loss_yen_per_year 万 ~2 -->2,500<!-- /fig -->万円になり、運用費（月<!-- fig:system_monthly_cost_yen 万 ,.0f -->12<!-- /fig -->万円）を
# 引いた正味の効果は年約<!-- fig:net_benefit_yen_per_year 万 ~2 -->370<!-- /fig -->万円、初期費用<!-- fig:system_initial_cost_yen 万 ,.0f -->600<!-- /fig -->万円は約<!-- fig:payback_months .0f -->19<!-- /fig -->か月で回収できる。立ち上がり・打ち切りの
# 品番は営業の情報で人が直す。進め方：内示のずれが大きいお客様2社の、数量の多い品番で3か月試行し、損が減れば
# 全品番へ。お客様とは、半年ごとに「内示と確定注文の比べ」を共有し、在庫と特急便を一緒に減らす提案として、
# 内示の出し方（季節の入れ方、打ち切りの早めの連絡）を相談する。窓口は営業。ご判断いただきたい事項：試行の
# 開始と、営業によるお客様への説明の実施。
# <!-- en -->
# (Example answer) Today: planning production and material from the notices as they are lost
# about <!-- fig:as_is_loss_yen_per_year million ~2 -->30<!-- /fig --> million yen in the last 12 months; three months ahead most customers
# announce too much and leave out the summer and year-end drops. To-Be: the AI corrects the
# notices; in a trial on the last six planning meetings, the two-month error (WAPE) fell from
# <!-- fig:notice_wape_two_months % .0f -->18<!-- /fig --> % to <!-- fig:forecast_wape_two_months % .0f -->12<!-- /fig --> %; it beat the notice for <!-- fig:share_beats_notice % .0f -->83<!-- /fig --> % of the parts, and for
# <!-- fig:share_half_notice_error % .0f -->16<!-- /fig --> % its error was at most half the notice's. Planning with it cuts the loss by
# <!-- fig:loss_cut % .0f -->17<!-- /fig --> % to about <!-- fig:to_be_loss_yen_per_year million ~2 -->25<!-- /fig --> million yen a year; net of the running cost
# (<!-- fig:system_monthly_cost_yen ,.0f -->120,000<!-- /fig --> yen a month) that is about <!-- fig:net_benefit_yen_per_year million .1f -->3.7<!-- /fig --> million yen a year, so the
# <!-- fig:system_initial_cost_yen million .0f -->6<!-- /fig --> million yen set-up pays back in about <!-- fig:payback_months .0f -->19<!-- /fig --> months. Ramping and ending parts are
# adjusted by hand from sales' information. Next: a three-month pilot on the high-volume parts of
# the two customers whose notices miss most, extended to every part if the cost falls. With
# customers: every six months, share "notices against firm orders" as a proposal to cut stock and
# express freight together, and discuss how notices are issued (the seasons, early word of an end
# of production); sales is the contact. Decisions asked: start the pilot, and have sales explain
# it to the customers.

# %% [markdown]
# <!-- ja -->
# ## 3. ふりかえり（自由記述・相互評価）
# 最後に、4本のノートブックを通した取り組みをふりかえります。次の2つを、それぞれ数文で具体的に書いてください。
# - **もう一度やるなら変えること**：記録の汚れ（品番変更・合併・欠けた月）の扱い、内示を補正するモデルの
#   説明変数の作り方、損の定義や計画数の決め方、作業の進め方など。うまくいかなかったことや、自分の結果の数字に
#   ふれてかまいません。
# - **金沢精密工業が次にやるべきこと**：提案が承認されたその先に、だれが・いつまでに・何をするか。トライアルで
#   見えた限界やリスク（内示を上回れなかった品番、くせの変わるお客様、届かない内示ファイルなど）のどれに手を
#   打つものかも添えてください。
#
# ルーブリックは `rubric.md` の `closing_reflection` です。
# <!-- en -->
# ## 3. Looking back (free text, peer-reviewed)
# To close, look back on your work across the four notebooks. Write a few concrete sentences on
# each:
# - **What you would do differently**: handling the messy records (the renamed part, the merger,
#   the missing month), building the features of the model that corrects the notices, defining the
#   costs and the plan, or the way you worked. What did not work, and your own figures, are
#   welcome.
# - **What Kanazawa Precision should do next**: beyond approving the proposal, who does what and by
#   when, and which limit or risk seen in the trial it addresses (parts where the forecast did not
#   beat the notice, customers whose habits change, notice files that never arrive...).
#
# The rubric is `closing_reflection` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "closing_reflection", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）変えること：全品番・全先行月をまとめて学習させてから、3か月先の外れが大きいことと、計画システムを
# 入れ替えたお客様でくせが変わっていたことに後から気づいた。次は 01 のお客様別・先行月別の WAPE を月ごとに
# 並べてから説明変数を決め、02 の最後の6回の会議で1つずつ効果を確かめる。品番変更の読み替えも、最初に表で
# 確かめる。次にやるべきこと：打ち切り間近の品番では内示を上回れなかったので、営業が毎月、お客様から打ち切りと
# モデルチェンジの予定を聞いて計画担当に伝える。北川課長は3か月ごとにお客様別の「確定 ÷ 内示」を営業と見て、
# くせの変わったお客様は最近の月だけで学び直す。
# <!-- en -->
# (Example answer) Differently: I trained on every part and horizon at once, and found only later
# that the three-month notices missed most and that the customer with a new planning system had
# changed its habit. Next time I would chart 01's WAPE per customer and horizon month by month
# before choosing the features, and test them one at a time on 02's last six meetings; I would
# also check the renamed part's mapping in a table first. Next: the forecast did not beat the
# notice on parts about to end, so every month sales asks the customers for planned ends of
# production and model changes and passes them to the planner; every three months Ms Kitagawa
# reviews firm ÷ notice per customer with sales, and a customer whose habit changed is relearnt
# from its recent months only.

# %% [markdown]
# <!-- ja -->
# ## まとめ
# ビジネス課題の数値化、AI トライアル、計画への組み込みと運用設計、工場長と営業への提案まで、DX の一連の流れを
# 通して経験しました。提出後、自由記述は他の受講生がルーブリックで評価します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved
# You went the whole way of a DX project: quantifying the business problem, an AI trial, building
# it into planning, operations design, and a pitch to the plant manager and sales. After you submit,
# other learners review your free-text answers with the rubric.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
