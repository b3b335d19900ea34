# %% [markdown]
# <!-- ja -->
# # 03 業務適合性の検証・運用設計
# **このノートブックでやること（約90分）**：AI のスコアを検査の流れに組み込みます。AI がしきい値以上の
# 部品だけを検査員に回し、検査員はヒートマップを見て確認します。(1) その1か月の時間・流出・過検出・
# コストを計算する関数を書き、(2) 空振り1件のコストを定義し、(3) 2つのコストと検証データの不良の少なさ
# から、しきい値を決めます。(4) 今の検査との違いを示し、(5) 試験導入の計画と (6) 運用設計を文章で書きます。
#
# 使うスコア：02 と同じ作り方の LightGBM（train ロットで学習）が出した、検証ロット 600 個のスコアです
# （`load_validation_scores()`。全員が同じ数字で設計できるように、データを作るときに教材側で計算して
# `validation_scores.csv` に保存してあります）。
# <!-- en -->
# # 03 Fit to the work and operations design
# **What you will do (about 90 min)**: build the AI's scores into inspection. The AI sends only parts
# scoring at least a threshold to an inspector, who confirms them with the heatmap. You (1) write a
# function for that month's hours, escapes, false rejects and cost, (2) define what a false alarm
# costs, (3) choose the threshold from your two costs and how few defects the validation data holds,
# (4) show the difference from today's inspection, and write (5) a pilot design and (6) the
# operations design.
#
# Scores used: the validation lots' 600 parts scored by a LightGBM built as in 02 (trained on the
# train lots), from `load_validation_scores()`: the kit computes them when it builds the data and
# keeps them in `validation_scores.csv`, so every learner designs with the same numbers.

# %% tags=["parameters"]
LANG = "ja"

# %%
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np

from dxquest.cases.defect_detection import business, load_data
from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection.data import load_validation_scores

ex.setup(LANG)
data = load_data()
scores, labels = load_validation_scores()

fig, ax = plt.subplots(figsize=(7, 3))
ax.hist([scores[labels == 0], scores[labels == 1]], bins=30, log=True, label=[ja_en("良品", "good"), ja_en("不良", "defective")])
ax.set_xlabel(ja_en("AI のスコア", "AI score"))
ax.set_ylabel(ja_en("部品数", "parts"))
ax.legend()
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 0. 今の1か月（01 から貼り付け）
# 比べる相手は今の目視検査です。01 で書いた `escape_cost_yen` と `as_is_month` をここに貼り付けて
# ください（01 で採点済みなので、ここでは採点しません）。
# <!-- en -->
# ## 0. Today's month (paste from 01)
# The comparison is today's visual inspection. Paste your `escape_cost_yen` and `as_is_month` from
# notebook 01 here (01 graded them: this cell is not graded).

# %% nbgrader={"grade": false, "grade_id": "costs_from_01", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def escape_cost_yen(facts):
    claim_hours = (facts["claim_hours_low"] + facts["claim_hours_high"]) / 2
    return (
        claim_hours * facts["qa_hourly_yen"]
        + facts["customer_sorting_yen"]
        + facts["return_freight_yen"]
        + facts["part_cost_yen"]
    )


def as_is_month(parts, log, escape_yen):
    merged = parts.merge(log, on="part_id")
    rejected, defective = merged["decision"] == "NG", merged["label"] == 1
    miss_rate, false_reject_rate = (~rejected[defective]).mean(), rejected[~defective].mean()
    defect_rate = business.DEFECT_RATE_IN_PRODUCTION
    hours = business.MONTHLY_PARTS * log["seconds"].mean() / 3600
    escapes = business.MONTHLY_PARTS * defect_rate * miss_rate
    false_rejects = business.MONTHLY_PARTS * (1 - defect_rate) * false_reject_rate
    return {
        "miss_rate": miss_rate,
        "false_reject_rate": false_reject_rate,
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * business.INSPECTOR_HOURLY_COST_YEN
        + escapes * escape_yen
        + false_rejects * business.FACTS["part_cost_yen"],
    }
### END SOLUTION


escape_yen = escape_cost_yen(business.FACTS)
today = as_is_month(data.parts, data.inspection_log, escape_yen)

# %% [markdown]
# <!-- ja -->
# ## 1. AI＋人の検査の1か月
# **問題 1**：`to_be_month(scores, labels, threshold, escape_yen)` を書き、`inspection_hours`（確認時間）、
# `escapes`（流出数）、`false_rejects`（過検出数）、`cost_yen` の辞書を返してください。すべて 1 か月
# （`business.MONTHLY_PARTS` 個）の値です。検証ロットも 01 の記録と同じく不良品を多めに含むので、1か月の
# 不良品と良品の数をどう見積もるかは 01 と同じ判断です。`facts = business.FACTS` として：
# - 確認するのはスコアがしきい値以上の部品、1個 `facts["review_seconds"]` 秒
# - 流出 ＝ しきい値未満の不良 ＋ 確認した不良 × (1 − `business.REVIEW_CATCH_RATE`)
# - 過検出 ＝ 確認した良品 × `facts["review_reject_good_share"]`
# - コスト ＝ 時間 × `facts["inspector_hourly_yen"]` ＋ 流出 × `escape_yen` ＋ 過検出 ×
#   `facts["part_cost_yen"]`
# <!-- en -->
# ## 1. A month of AI + human inspection
# **Question 1**: write `to_be_month(scores, labels, threshold, escape_yen)` returning a dict of
# `inspection_hours`, `escapes`, `false_rejects` and `cost_yen`, all for a month
# (`business.MONTHLY_PARTS` parts). Like 01's records, the validation lots hold extra defective
# parts: how many defective and good parts a month holds is the same decision as in 01. With
# `facts = business.FACTS`:
# - inspectors confirm parts scoring at least the threshold, `facts["review_seconds"]` each
# - escapes = defects below the threshold + confirmed defects × (1 − `business.REVIEW_CATCH_RATE`)
# - false rejects = confirmed good parts × `facts["review_reject_good_share"]`
# - cost = hours × `facts["inspector_hourly_yen"]` + escapes × `escape_yen` + false rejects ×
#   `facts["part_cost_yen"]`

# %% nbgrader={"grade": false, "grade_id": "to_be_month", "locked": false, "schema_version": 3, "solution": true, "task": false}
def to_be_month(scores, labels, threshold, escape_yen):
    ### BEGIN SOLUTION
    facts = business.FACTS
    scores, defective = np.asarray(scores), np.asarray(labels) == 1
    flagged = scores >= threshold
    # ja: 検証ロットは不良品を多めに含む。不良品・良品それぞれの中の割合を、1か月の個数に掛ける。
    # en: The validation lots hold extra defects: apply each kind's shares to a month's count of it.
    defects = business.MONTHLY_PARTS * business.DEFECT_RATE_IN_PRODUCTION
    goods = business.MONTHLY_PARTS - defects
    caught = defects * flagged[defective].mean()
    confirmed_goods = goods * flagged[~defective].mean()
    escapes = defects - caught + (1 - business.REVIEW_CATCH_RATE) * caught
    false_rejects = facts["review_reject_good_share"] * confirmed_goods
    hours = (caught + confirmed_goods) * facts["review_seconds"] / 3600
    return {
        "inspection_hours": hours,
        "escapes": escapes,
        "false_rejects": false_rejects,
        "cost_yen": hours * facts["inspector_hourly_yen"]
        + escapes * escape_yen
        + false_rejects * facts["part_cost_yen"],
    }
    ### END SOLUTION


# %%
ex.to_be_month.check(to_be_month)

# %% nbgrader={"grade": true, "grade_id": "to_be_month_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.to_be_month.grade(to_be_month)
### BEGIN HIDDEN TESTS
ex.to_be_month.grade_hidden(to_be_month)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 2. 空振り1件のコスト
# AI が良品に警告を出すこと（空振り）も、ただではありません。**問題 2（判断）**：`false_alarm_cost_yen(facts)`
# を書き、空振り1件のコスト（円）を `facts` から返してください。01 で見た事実のうち、どれを数えるかは
# あなたの判断です。理由をコメントに書きましょう。
# <!-- en -->
# ## 2. What one false alarm costs
# The AI flagging a good part (a false alarm) is not free either. **Question 2 (your decision)**:
# write `false_alarm_cost_yen(facts)` returning the cost of one false alarm in yen from `facts`.
# Which of the facts seen in 01 count is your decision: give your reasons in comments.

# %% nbgrader={"grade": false, "grade_id": "false_alarm_cost_yen", "locked": false, "schema_version": 3, "solution": true, "task": false}
def false_alarm_cost_yen(facts):
    ### BEGIN SOLUTION
    # ja: 空振りは必ず確認の時間がかかり、一部は捨てられる。余力があるので廃棄は作る費用で数える。
    # en: Every false alarm takes confirming time; some are scrapped, at cost (spare capacity).
    confirming = facts["review_seconds"] / 3600 * facts["inspector_hourly_yen"]
    return confirming + facts["review_reject_good_share"] * facts["part_cost_yen"]
    ### END SOLUTION


# %%
ex.false_alarm_cost_yen.check(false_alarm_cost_yen)
false_alarm_yen = false_alarm_cost_yen(business.FACTS)

# %% nbgrader={"grade": true, "grade_id": "false_alarm_cost_yen_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.false_alarm_cost_yen.grade(false_alarm_cost_yen)
### BEGIN HIDDEN TESTS
ex.false_alarm_cost_yen.grade_hidden(false_alarm_cost_yen)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 3. しきい値を決める
# しきい値を下げれば見逃しは減り、空振りが増えます。ただし検証ロットの不良は数十個しかなく、そこで
# 見逃しが 0 だったしきい値が、来月の不良も見逃さないとは限りません。
#
# **問題 3（判断）**：`choose_threshold(scores, labels, escape_yen, false_alarm_yen)` を書き、検証データの
# スコアと正解から、あなたの定義した2つのコストで、生産での期待コスト（作る部品1個あたり）が最も小さく
# なるしきい値を返してください。
# 見逃しの見積もりには、**検証データの不良の少なさを考えた安全の余裕** を持たせます。どんな余裕を、
# なぜその大きさにしたかをコメントに書きましょう。採点では、別のスコアとコストの組でも確かめ、
# コストに合わないしきい値も、余裕のないしきい値も不合格になります。
# <!-- en -->
# ## 3. Choose the threshold
# A lower threshold means fewer misses and more false alarms. But the validation lots hold only a
# few dozen defects: a threshold that missed none of them may still miss next month's.
#
# **Question 3 (your decision)**: write `choose_threshold(scores, labels, escape_yen,
# false_alarm_yen)` returning, from a validation set's scores and labels, the threshold with the
# lowest expected cost in production (per part made) under your two costs, estimating misses with **a safety margin for how few
# defective parts the validation set holds**. Say in comments which margin you chose and why that
# size. Grading also tries other scores and costs: a threshold the costs do not justify fails, and
# so does one without a margin.

# %% nbgrader={"grade": false, "grade_id": "choose_threshold", "locked": false, "schema_version": 3, "solution": true, "task": false}
def choose_threshold(scores, labels, escape_yen, false_alarm_yen):
    ### BEGIN SOLUTION
    scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    defect_scores = scores[defective]
    n_defects = len(defect_scores)
    best, best_cost = float(scores.min()), np.inf
    for threshold in np.unique(scores):
        flagged = scores >= threshold
        missed = int((defect_scores < threshold).sum())
        # ja: 新しい不良が、見た n 個の不良の下から k 番目より低い確率は k / (n + 1)（順序統計量）。
        #     見逃し 0 でも見逃し率 0 とは言えない。全数を確認するときだけ見逃しは 0。
        # en: A new defect scores below the k-th lowest of n seen with probability k / (n + 1)
        #     (order statistics): no miss seen is not a zero miss rate, unless every part is checked.
        miss_rate = 0.0 if flagged.all() else (missed + 1) / (n_defects + 1)
        # ja: 生産1個あたり。検証データの不良の割合ではなく、工程の不良率で重みを付ける。
        # en: Per part made: weighted by production's defect rate, not the set's share of defects.
        rate = business.DEFECT_RATE_IN_PRODUCTION
        expected_escapes = rate * miss_rate * business.REVIEW_CATCH_RATE
        false_alarms = (1 - rate) * flagged[~defective].mean()
        cost = expected_escapes * escape_yen + false_alarms * false_alarm_yen
        if cost < best_cost:
            best, best_cost = float(threshold), cost
    return best
    ### END SOLUTION


# %%
ex.choose_threshold.check(choose_threshold)

# %% nbgrader={"grade": true, "grade_id": "choose_threshold_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "decision"}
ex.choose_threshold.grade(choose_threshold)
### BEGIN HIDDEN TESTS
ex.choose_threshold.grade_hidden(choose_threshold)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 効果：検査員の時間とコスト
# あなたのコストとしきい値で、今の1か月と比べます。流出率は顧客との取り決め（`business.MAX_ESCAPE_RATE`
# 以下）を守れているでしょうか。
# <!-- en -->
# ## 4. The effect: inspector hours and cost
# With your costs and threshold, compare with today's month. Does the escape rate keep the customer
# agreement (at most `business.MAX_ESCAPE_RATE`)?

# %%
threshold = choose_threshold(scores, labels, escape_yen, false_alarm_yen)
after = to_be_month(scores, labels, threshold, escape_yen)
confirmed = after["inspection_hours"] * 3600 / business.FACTS["review_seconds"] / business.MONTHLY_PARTS
print(ja_en(f"しきい値 {threshold:.4f}、確認に回す部品の割合 {confirmed:.1%}",
            f"threshold {threshold:.4f}; share of parts confirmed {confirmed:.1%}"))
names = {
    "inspection_hours": ja_en("検査・確認時間（時間/月）", "inspection hours a month"),
    "escapes": ja_en("流出（件/月）", "escapes a month"),
    "false_rejects": ja_en("過検出（個/月）", "false rejects a month"),
    "cost_yen": ja_en("コスト（円/月）", "cost (yen a month)"),
}
for key, name in names.items():
    print(f"{name}: {today[key]:,.0f} → {after[key]:,.0f}")
for key, month in ((ja_en("今", "today"), today), (ja_en("導入後", "after"), after)):
    print(ja_en("流出率", "escape rate") + f" ({key}): {month['escapes'] / business.MONTHLY_PARTS * 1e6:,.0f} ppm")

# %% [markdown]
# <!-- ja -->
# ## 5. 試験導入の計画（自由記述・相互評価）
# 検証ロットの数字だけで全面導入はできません。現場で試す計画を、森さんと検査員の山口さんに向けて
# 書いてください。
# - **範囲**：どのライン・製品・直で、何個くらい
# - **比べる相手**：AI を使わない検査（対照群）をどう置くか（例：同じ期間の別の直、日ごとの交互）
# - **期間**：何週間か。その長さで何個の不良が見込めるか（しきい値を見直すのに足りるか）
# - **成功と中止の基準**：どの数字がどこまで行けば広げ、どうなったら止めるか（流出率、確認時間など）
# - **役割**：だれが撮影・確認・記録・集計・判断をするか
#
# ルーブリックは `rubric.md` の `pilot_design` です。
# <!-- en -->
# ## 5. Pilot design (free text, peer-reviewed)
# The validation lots' figures are not enough to roll out. Write the plan for a trial on the shop
# floor, for QA manager Mori and inspector Yamaguchi:
# - **scope**: which line, products and shifts, about how many parts;
# - **comparison**: how inspection without the AI is kept as a control (e.g. another shift in the
#   same weeks, alternate days);
# - **duration**: how many weeks, and how many defects that length should bring (enough to revisit
#   the threshold?);
# - **success and stop criteria**: which figures must reach what to extend it, and what stops it
#   (escape rate, confirming time, ...);
# - **roles**: who takes the pictures, confirms, records, sums up and decides.
#
# The rubric is `pilot_design` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "pilot_design", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）ライン1の3製品、昼勤だけで8週間（約2万個）。工程の不良率では不良は10個ほどしか出ないので、
# 流出率は直接測れない。そこで、品質保証課が保管している不良品（限度見本を含む約100個）を毎週ラインに流して
# AI の見逃し率を測り、確認に回さなかった部品からも毎週200個を再検査する。夜勤は従来の目視検査のままにして
# 対照群とする。成功基準：保管不良品の見逃し率から見積もった流出率が取り決め以下、確認時間が目視の6割以下。
# 中止基準：確認に回さなかった部品から不良が見つかり、その種類の保管不良品でも見逃しが出る、またはカメラ停止が
# 1日1時間を超える。撮影と確認は山口さんの班、再検査と集計は品質保証課、しきい値の見直しと継続の判断は森さんが
# 週次会議で行う。
# <!-- en -->
# (Example answer) Line 1, all three products, day shift only, for eight weeks (about 20,000
# parts). At production's defect rate that brings only about ten defects: too few to measure the
# escape rate itself. So every week QA runs its stock of defective parts (about 100, boundary
# samples included) through the line to measure the AI's miss rate, and re-inspects 200 of the
# parts not sent for confirmation. The night shift keeps today's visual inspection as the control.
# Success: the escape rate estimated from the stock's miss rate within the agreement, confirming
# time at most 60 % of visual inspection. Stop: a defect found among the parts not confirmed and
# misses of its kind in the stock, or the camera down more than an hour a day. Yamaguchi's team
# photographs and confirms, QA re-inspects and sums up, and Mori revisits the threshold and decides
# on continuing at the weekly meeting.

# %% [markdown]
# <!-- ja -->
# ## 6. 運用設計（自由記述・相互評価）
# 誰が毎朝何を見るか、しきい値の見直し、照明やカメラの変化・材料ロットの変化（ドリフト）への気づき方、
# 新しい種類の不良が出たときの対応、再学習の頻度と注釈作業、AI が止まったときの代替手順。ルーブリックは
# `operations_design` です。
# <!-- en -->
# ## 6. Operations design (free text, peer-reviewed)
# Who looks at what each morning, reviewing the threshold, noticing drift (lighting, camera,
# material lots), what to do when a new kind of defect appears, retraining frequency and annotation
# work, and the fallback when the AI is down. The rubric is `operations_design`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "operations_design", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）しきい値以上の部品を検査員が確認し、確認結果を毎日記録して AI の見逃しを週次で抜き取り全数検査で
# 監視する。良品スコアの分布を毎朝グラフで見て、ずれたらカメラと照明を点検。新種の不良は品質保証課が
# 注釈し月次で再学習。不良が集まったら、しきい値を同じ方法で見直す。AI 停止時は従来の全数目視に戻す。
# <!-- en -->
# (Example answer) Inspectors confirm the parts above the threshold and log every decision; a
# weekly full-inspection sample watches for the AI's misses. A morning chart of good parts' scores
# flags drift, prompting a camera and lighting check. QA annotates new defect kinds for a monthly
# retraining; as defects accumulate, the threshold is revisited the same way. If the AI is down,
# full visual inspection resumes.

# %% [markdown]
# <!-- ja -->
# ## 7. 発展課題（任意）：確認せずに出荷してよい部品
# 試験導入では、品質保証課が部品を再検査し、AI のスコアと正解がそろいます（01 の記録と同じく不良品を
# 多めに集めた記録で、不良は 150〜400個）。北村社長は「スコアの低い部品まで確認するのはもったいない。低いものは確認せずに出荷
# できないか」と考えています。森課長の条件は、顧客との取り決め（流出率 `business.MAX_ESCAPE_RATE`
# 以下）を、こうした判断の **20回に19回（`business.AGREEMENT_CONFIDENCE`）** 以上で守ることです。
#
# `ship_unseen_threshold(scores, labels)` を書いてください。試験導入の部品のスコアと正解から、それより
# 低いスコアの部品を確認せずに出荷するしきい値（それ以上は検査員が確認）を返します。確認に回す
# 部品が少ないほど、検査員の時間が浮きます。採点は非公開の試験導入データ（100回分）で、取り決めを
# 守れた判断の割合（90% 以上が目安）と、確認の時間を「全数を確認」と理論上の最善（不良のスコアの
# 本当の分布を知っている場合）の間で測った改善到達度で行います。0.75 以上で「良」、0.9 以上で「優」の
# 段階が記録されます。
#
# この課題は任意です。点は修了の合格基準に数えないので、取り組まなくても修了できます。
# <!-- en -->
# ## 7. Stretch task (optional): parts that may ship unconfirmed
# In the pilot, QA re-inspects the parts, so the AI's scores come with the truth (records that,
# like 01's, collect extra defective parts: 150 to 400 defects). The president thinks confirming even the lowest-scoring parts is a waste:
# could they ship unconfirmed? QA manager Mori's condition: the customer agreement (escape rate at
# most `business.MAX_ESCAPE_RATE`) must hold in **19 such decisions out of 20
# (`business.AGREEMENT_CONFIDENCE`)**.
#
# Write `ship_unseen_threshold(scores, labels)`: from a pilot's scores and labels, the threshold
# below which parts ship unconfirmed (inspectors confirm those at or above it). The fewer parts
# confirmed, the more inspector hours are freed. Grading uses hidden pilots (100 of them): the share
# of decisions that kept the agreement (90 % or more expected), and the confirming hours as a skill
# between confirming every part and the best possible (knowing the true distribution of the
# defects' scores). A skill of 0.75 records merit, 0.9 distinction.
#
# The task is optional: its points do not count towards the pass mark, so you complete the case
# without it.

# %% nbgrader={"grade": false, "grade_id": "ship_unseen_threshold", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ship_unseen_threshold(scores, labels):
    ### BEGIN SOLUTION
    from scipy import stats

    scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1
    catch = business.REVIEW_CATCH_RATE
    # ja: 工程の不良率 ×（見逃し率 ＋（1 − 見逃し率）× 確認での見落とし）≦ 取り決め、を見逃し率について
    #     解く。記録の不良の割合は工程の不良率ではない。
    # en: Solve production's defect rate × (miss rate + (1 − miss rate) × confirmation misses) ≤
    #     agreement; the records' share of defects is not production's rate.
    rate = business.DEFECT_RATE_IN_PRODUCTION
    allowed = (business.MAX_ESCAPE_RATE / rate - (1 - catch)) / catch
    defect_scores = np.sort(scores[defective])
    missed = np.arange(len(defect_scores))
    # ja: 下から k + 1 番目の不良のスコアをしきい値にすると k 個を見逃し、本当の見逃し率は
    #     Beta(k + 1, n − k) に従う（順序統計量）。その 95% の点が許される見逃し率以下なら守れる。
    # en: The (k + 1)-th lowest defect score as threshold misses k; its true miss rate follows
    #     Beta(k + 1, n − k) (order statistics): its 95 % point must be within the allowance.
    sure = stats.beta.ppf(business.AGREEMENT_CONFIDENCE, missed + 1, len(defect_scores) - missed) <= allowed
    return float(defect_scores[missed[sure].max()]) if sure.any() else 0.0
    ### END SOLUTION


# %%
ex.ship_unseen_merit.check(ship_unseen_threshold)

# %% nbgrader={"grade": true, "grade_id": "ship_unseen_merit_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.ship_unseen_merit.grade(ship_unseen_threshold)
### BEGIN HIDDEN TESTS
ex.ship_unseen_merit.grade_hidden(ship_unseen_threshold)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "ship_unseen_distinction_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.ship_unseen_distinction.grade(ship_unseen_threshold)
### BEGIN HIDDEN TESTS
ex.ship_unseen_distinction.grade_hidden(ship_unseen_threshold)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 流出と空振りのコストを自分で定義し、検証データの不良の少なさを考えてしきい値を決め、今の検査と時間・
# 流出・コストで比べました。その結果が何を意味するか（AI はどこまで絞り込めるのか、そのために何が
# 足りないか）は、試験導入の計画に書いたとおりです。04 では、これを経営層への1枚の提案にまとめます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You defined what an escape and a false alarm cost, chose a threshold allowing for how few defects
# the validation data holds, and compared hours, escapes and cost with today's inspection. What it
# means (how far the AI can narrow inspection down, and what is missing to go further) is in your
# pilot design. In 04 you put this into a one-page proposal to the executives.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
