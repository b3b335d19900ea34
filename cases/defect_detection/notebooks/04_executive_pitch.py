# %% [markdown]
# <!-- ja -->
# # 04 プレゼン課題：経営層への提案
# **このノートブックでやること（約70分）**：01〜03 の数字から、社長への1枚の提案をまとめます。
# 年間の正味効果を計算する関数を書き（自動採点）、AI が指摘した部品とヒートマップの図を作り、提案文と、
# 最後に短いふりかえりを書きます（どちらも受講生同士の相互評価）。
# <!-- en -->
# # 04 Pitch to the executives
# **What you will do (about 70 min)**: put the numbers from 01–03 into a one-page proposal to the
# president. You write a function for the net annual benefit (autograded), make a picture of parts
# the AI flagged with their heatmaps, and write the pitch and, to close, a short look back (both
# peer-reviewed).

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
from dxquest.cases.defect_detection.data import (
    load_validation_heatmaps,
    load_validation_scores,
    name_of,
)

ex.setup(LANG)
data = load_data()
print(business.SYSTEM_INITIAL_COST_YEN, business.SYSTEM_ANNUAL_COST_YEN)

# %% [markdown]
# <!-- ja -->
# ## 1. 年間の正味効果
# 01 と 03 で書いた関数（`escape_cost_yen`、`as_is_month`、`to_be_month`、`false_alarm_cost_yen`、
# `choose_threshold`）を下のセルに貼り付けてください（01 と 03 で採点済みなので、ここでは採点しません）。その次の
# セルが、あなたの関数で今の1か月と導入後の1か月を公開データから計算します。提案の数字は、すべてここから
# 取ります。このキットでは、どのケースでも **年間効果は運用費を差し引いた正味** で数えます。
#
# **問題 1**：`annual_benefit(as_is, to_be)`：(現状の月コスト − 導入後の月コスト) × 12 −
# `business.SYSTEM_ANNUAL_COST_YEN` を返してください。
# <!-- en -->
# ## 1. Net annual benefit
# Paste the functions you wrote in 01 and 03 (`escape_cost_yen`, `as_is_month`, `to_be_month`,
# `false_alarm_cost_yen`, `choose_threshold`) into the cell below (01 and 03 graded them: this cell
# is not graded). The cell after it computes today's month and the month after the change from the
# public data with your functions: every figure of the pitch comes from there. In this kit, every
# case counts **the annual benefit net of the running cost**.
#
# **Question 1**: `annual_benefit(as_is, to_be)`: (today's monthly cost − the monthly cost after) ×
# 12 − `business.SYSTEM_ANNUAL_COST_YEN`.

# %% nbgrader={"grade": false, "grade_id": "functions_from_01_03", "locked": false, "schema_version": 3, "solution": true, "task": false}
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


def to_be_month(scores, labels, threshold, escape_yen):
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


def false_alarm_cost_yen(facts):
    # ja: 空振りは必ず確認の時間がかかり、一部は捨てられる。余力があるので廃棄は作る費用で数える。
    # en: Every false alarm takes confirming time; some are scrapped, at cost (spare capacity).
    confirming = facts["review_seconds"] / 3600 * facts["inspector_hourly_yen"]
    return confirming + facts["review_reject_good_share"] * facts["part_cost_yen"]


def choose_threshold(scores, labels, escape_yen, false_alarm_yen):
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
scores, labels = load_validation_scores()
escape_yen = escape_cost_yen(business.FACTS)
false_alarm_yen = false_alarm_cost_yen(business.FACTS)
as_is = as_is_month(data.parts, data.inspection_log, escape_yen)
threshold = choose_threshold(scores, labels, escape_yen, false_alarm_yen)
to_be = to_be_month(scores, labels, threshold, escape_yen)


# %% nbgrader={"grade": false, "grade_id": "annual_benefit", "locked": false, "schema_version": 3, "solution": true, "task": false}
def annual_benefit(as_is, to_be):
    ### BEGIN SOLUTION
    return 12 * (as_is["cost_yen"] - to_be["cost_yen"]) - business.SYSTEM_ANNUAL_COST_YEN
    ### END SOLUTION


# %%
ex.annual_benefit.check(annual_benefit)
benefit = annual_benefit(as_is, to_be)
# ja: 正味の効果が 0 以下なら回収できない（どのケースも同じ数え方）
# en: a net benefit of 0 or less never pays back (every case counts it so)
months = float("inf") if benefit <= 0 else business.SYSTEM_INITIAL_COST_YEN / (benefit / 12)
print(ja_en(f"年間の正味効果: {benefit:,.0f} 円、回収: {months:.1f} か月",
            f"net annual benefit: {benefit:,.0f} yen; payback: {months:.1f} months"))

# %% nbgrader={"grade": true, "grade_id": "annual_benefit_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.annual_benefit.grade(annual_benefit)
### BEGIN HIDDEN TESTS
ex.annual_benefit.grade_hidden(annual_benefit)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 2. 図：AI が指摘した部品とヒートマップ
# 経営層には「何が見えるようになるか」を1枚の図で示します。03 と同じ、02 の作り方の LightGBM（教材側で
# 計算したもの）が検証ロットの不良品に付けたヒートマップ（`load_validation_heatmaps()`）を、不良の種類ごとに
# 1つずつ重ねます。色の付いたところが AI の疑った場所で、緑の線は品質保証課が付けた不良個所です。02 のあなたの
# 検出器のヒートマップに差し替えてもかまいません。
# <!-- en -->
# ## 2. Picture: flagged parts and their heatmaps
# Show the executives what becomes visible, in one picture: the heatmaps that the LightGBM built as
# in 02 (the one 03 used, computed by the kit) gives the validation lots' defective parts
# (`load_validation_heatmaps()`), one part per defect kind. The coloured spots are where the AI
# suspects a defect; the green line is QA's annotation of the defect. You may put your own 02
# detector's heatmaps in their place.

# %%
heatmaps = load_validation_heatmaps()
defective = data.parts[data.parts["part_id"].isin(list(heatmaps))]
shown = defective.groupby("defect_kind").head(1).index
fig, axes = plt.subplots(1, len(shown), figsize=(3 * len(shown), 3.4))
for ax, part in zip(axes, shown):
    ax.imshow(data.images[part], cmap="gray")
    heatmap = heatmaps[data.parts.loc[part, "part_id"]].astype(float)
    # ja: 疑いの強いところだけに色を付け、部品の表面が見えるようにする
    # en: colour only the suspect spots, so the part's surface stays visible
    ax.imshow(np.ma.masked_less(heatmap, 0.2 * heatmap.max()), cmap="autumn", alpha=0.7)
    ax.contour(data.masks[part], colors="lime", linewidths=0.8)
    kind, product = data.parts.loc[part, ["defect_kind", "product"]]
    ax.set_title(f"{name_of(kind)}（{name_of(product)}）")
    ax.axis("off")
fig.suptitle(ja_en("AI が示す不良個所（検証ロット）", "Where the AI points (validation lots)"))
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 3. 提案文（自由記述・相互評価）
# 社長に向けて1枚で：課題（円と時間）、提案（AI が絞り込み、人が確認）、トライアルの証拠（AUROC、
# 位置特定、流出率）とリスク、ROI・回収期間、お願いしたいこと。ルーブリックは `executive_pitch` です。
# <!-- en -->
# ## 3. The pitch (free text, peer-reviewed)
# One page for the president: the problem (yen and hours), the proposal (the AI narrows down, people
# confirm), evidence from the trial (AUROC, localisation, escape rate) and its risks, ROI and
# payback, and the ask. The rubric is `executive_pitch`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "executive_pitch", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）目視検査は月約<!-- fig:as_is_hours_per_month ~3 -->195<!-- /fig -->時間かかり、不良の約<!-- fig:as_is_miss_rate % .0f -->29<!-- /fig -->%を見逃しています。流出率は約
# <!-- fig:as_is_escape_rate ppm ~2 -->140<!-- /fig --> ppm で、顧客との取り決め（<!-- fig:max_escape_rate ppm ,.0f -->50<!-- /fig --> ppm 以下）を守れておらず、損失は月約<!-- fig:as_is_cost_yen_per_month 万 ~2 -->130<!-- /fig -->万円です。
# AI が全数を採点して不良の場所を示し、スコアの高い部品だけを検査員が1個<!-- fig:review_seconds .0f -->6<!-- /fig -->秒で確認します。検証データの
# 不良はまだ少ないため、しきい値は安全側に置き、部品の約<!-- fig:to_be_share_confirmed % .0f -->39<!-- /fig -->%を確認に回します。それでも流出率は約
# <!-- fig:to_be_escape_rate ppm ~2 -->25<!-- /fig --> ppm と取り決めを守り、損失は月約<!-- fig:to_be_cost_yen_per_month 万 ~2 -->25<!-- /fig -->万円、検査時間は月約<!-- fig:to_be_hours_per_month ~2 -->39<!-- /fig -->時間になります。
# 運用費を差し引いた正味の効果は年約<!-- fig:net_benefit_yen_per_year 万 ~2 -->1,100<!-- /fig -->万円で、初期費用<!-- fig:system_initial_cost_yen 万 ,.0f -->900<!-- /fig -->万円は約<!-- fig:payback_months .0f -->10<!-- /fig -->か月で
# 回収できます。まずライン1で8週間の試験導入をご承認ください。不良の記録が集まれば、しきい値を上げて
# 確認する部品をさらに絞り込めます。
# <!-- en -->
# (Example answer) Visual inspection takes about <!-- fig:as_is_hours_per_month ~3 -->195<!-- /fig --> hours a month
# and misses about <!-- fig:as_is_miss_rate % .0f -->29<!-- /fig --> % of defects. The escape rate, about <!-- fig:as_is_escape_rate ppm ~2 -->140<!-- /fig --> ppm, breaks
# the customer agreement (at most <!-- fig:max_escape_rate ppm ,.0f -->50<!-- /fig --> ppm), and the loss is about
# <!-- fig:as_is_cost_yen_per_month million .1f -->1.3<!-- /fig --> million yen a month. The AI scores every part and marks where the defect
# is; inspectors confirm only the high scorers, <!-- fig:review_seconds .0f -->6<!-- /fig --> seconds a part. The validation data
# holds few defects yet, so the threshold stays on the safe side and about
# <!-- fig:to_be_share_confirmed % .0f -->39<!-- /fig --> % of parts are confirmed. Even so the escape rate, about
# <!-- fig:to_be_escape_rate ppm ~2 -->25<!-- /fig --> ppm, keeps the agreement, the loss falls to about
# <!-- fig:to_be_cost_yen_per_month million .2f -->0.25<!-- /fig --> million yen a month and inspection to about <!-- fig:to_be_hours_per_month ~2 -->39<!-- /fig --> hours. Net of
# the running cost that is about <!-- fig:net_benefit_yen_per_year million ~2 -->11<!-- /fig --> million yen a year, and the
# <!-- fig:system_initial_cost_yen million ,.0f -->9<!-- /fig --> million yen set-up pays back in about <!-- fig:payback_months .0f -->10<!-- /fig --> months. We ask you
# to approve an eight-week pilot on line 1; as its records add defects, the threshold can rise and
# narrow the confirming down further.

# %% [markdown]
# <!-- ja -->
# ## 4. ふりかえり（自由記述・相互評価）
# 最後に、4本のノートブックを通した取り組みをふりかえります。次の2つを、それぞれ数文で具体的に書いてください。
# - **もう一度やるなら変えること**：異常検知と LightGBM の使い分け、しきい値の決め方、作業の進め方など、
#   自分のやり方で何を変えるか。うまくいかなかったことや、自分の結果の数字にふれてかまいません。
# - **金沢精密工業が次にやるべきこと**：提案が承認されたその先に、だれが・いつまでに・何をするか。
#   トライアルで見えた限界やリスクのどれに手を打つものかも添えてください。
#
# ルーブリックは `rubric.md` の `closing_reflection` です。
# <!-- en -->
# ## 4. Looking back (free text, peer-reviewed)
# To close, look back on your work across the four notebooks. Write a few concrete sentences on each:
# - **What you would do differently**: in choosing between the anomaly detector and the LightGBM,
#   setting the threshold, or the way you worked. What did not work, and your own figures, are
#   welcome.
# - **What Kanazawa Precision should do next**: beyond approving the proposal, who does what and by
#   when, and which limit or risk seen in the trial it addresses.
#
# The rubric is `closing_reflection` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "closing_reflection", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）変えること：LightGBM の作り込みを先にして異常検知との比較を後回しにしたため、新しい種類の
# 不良に強いのはどちらかを確かめられなかった。次は、学習に使わなかった種類の不良で両方を比べてから選ぶ。
# しきい値も、検証ロット全体で一つに決める前に、製品ごとの流出率を確かめたい。次にやるべきこと：見たことの
# ない不良を見逃すおそれがあるので、品質保証課が毎週の抜き取り全数検査で AI の見逃しを記録し、月次で注釈を
# 足して再学習する。ライン2へ広げる前に、照明とカメラの条件をライン1にそろえる。
# <!-- en -->
# (Example answer) Differently: I worked on the LightGBM first and compared it with the anomaly
# detector late, so I never checked which copes better with a new kind of defect. Next time I
# would compare both on a defect kind left out of training before choosing, and check the
# escape rate per product before settling on one threshold for all the validation lots. Next:
# the AI may miss defects it has never seen, so QA records its misses in the weekly
# full-inspection sample and adds annotations for a monthly retraining; before the rollout to
# line 2, its lighting and camera are matched to line 1's.

# %% [markdown]
# <!-- ja -->
# ## まとめ
# 目視検査の損失の数値化から、AI トライアル、運用設計、経営層への提案まで、DX の一連の流れを経験
# しました。提出後、自由記述は他の受講生がルーブリックで評価します。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved
# You went the whole way of a DX project: quantifying what visual inspection loses, an AI trial,
# operations design and a pitch to the executives. After you submit, other learners review your
# free-text answers with the rubric.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
