# %% [markdown]
# <!-- ja -->
# # 02 要求定義・要件定義と AI トライアル
# **このノートブックでやること（約120分）**：はじめに AI に何を求めるか（要求定義・要件定義）を文章で
# 決めます。そのうえで (1) 評価指標 AUROC を実装し、(2) 良品だけで学習する **異常検知** と、(3) 注釈
# つきの不良で学習する **LightGBM** の2つの方法で、不良の部品と場所を見つけます。
#
# 採点では、あなたの検出器を **非公開の部品 800 個** で実行し、改善到達度 ＝（あなたの AUROC − 検査員の
# AUROC）÷（理論上の最善の AUROC − 検査員の AUROC）を計算します。理論上の最善とは、模様とノイズの性質と、不良が
# どんな形・大きさ・場所で出るかの傾向を知っている場合の検出です（非公開の部品一つひとつの不良は知りません）。位置特定は、ヒートマップの最も明るい画素が不良の上（2画素以内）に
# あるかで測ります（偶然の当たりが 0、理論上の最善が 1）。異常検知は検査員を上回ること（改善到達度が 0 より大きい）、
# LightGBM とその位置特定は改善到達度 0.5 が合格です。セルフチェックは、あなたのデータのうちモデルが学んで
# いない検証ロットの部品を採点します。
# <!-- en -->
# # 02 Requirements and the AI trial
# **What you will do (about 120 min)**: first decide in writing what the AI must do (the
# requirements). Then (1) implement the AUROC metric, and find defective parts and where their
# defects are in two ways: (2) **anomaly detection** learnt from good parts only, and (3)
# **LightGBM** learnt from annotated defects.
#
# Grading runs your detectors on **800 hidden parts** and computes skill = (your AUROC − the
# inspectors') ÷ (the oracle's − the inspectors'); the oracle knows the texture and noise statistics
# and how defects are drawn, the best any model could do. Localisation asks whether the heatmap's
# brightest pixel lies on the defect (within 2 px); chance scores 0 and the oracle 1. The anomaly
# detector passes when it beats the inspectors (skill above 0); the LightGBM and its localisation
# need skill 0.5. Self-checks score the validation lots of your data, which no model learnt from.

# %% tags=["parameters"]
LANG = "ja"

# %%
import lightgbm as lgb
import matplotlib.pyplot as plt
# ja: 図に日本語を表示するため
# en: Japanese labels in plots
import matplotlib_fontja  # noqa: F401
import numpy as np

from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection import features as ft
from dxquest.cases.defect_detection import load_data
from dxquest.cases.defect_detection.data import name_of, validation_split

ex.setup(LANG)
data = load_data()
products = data.parts["product"].to_numpy()
labels = data.parts["label"].to_numpy()
train, validation = validation_split(data)
print(ja_en(f"学習用 {train.sum()} 個（うち不良 {labels[train].sum()} 個）、"
            f"検証用 {validation.sum()} 個（うち不良 {labels[validation].sum()} 個）",
            f"train {train.sum()} parts ({labels[train].sum()} defective), "
            f"validation {validation.sum()} parts ({labels[validation].sum()} defective)"))

# %% [markdown]
# <!-- ja -->
# ## 0. 要求定義・要件定義（自由記述・相互評価）
# AI を作る前に、何のために何を作るかを決めます。01 の数字と、社長・品質保証課長・検査員の声から、
# 品質保証課長の森さんに向けて書いてください。
# - **要求定義**：だれが、どの判断を、いつ（どの工程・どのタイミングで）するのに AI を使うか。その判断が
#   よくなったことを、01 で決めたどの KPI で確かめるか
# - **要件定義**：AI に何を任せ、何を人に残すか（判定か、絞り込みか）。入力（カメラ・照明・解像度）と
#   出力（スコアとヒートマップ）、1個あたりの処理時間、学習と検証に使うデータ（注釈の付け方、新しい
#   種類の不良の扱い）、必要な精度とその理由（AUROC だけでなく、顧客との取り決めである流出率から）
#
# このあとのトライアルの結果を見てから書き直してもかまいません。ルーブリックは `rubric.md` の
# `requirements_definition` です。
# <!-- en -->
# ## 0. Requirements (free text, peer-reviewed)
# Before building the AI, decide what it is for and what it must do. From your figures in 01 and
# what the president, the QA manager and the inspector said, write for QA manager Mori:
# - **what the business needs**: who uses the AI for which decision, and when (at which step of the
#   process); which of your KPIs from 01 will show that the decision got better;
# - **what the system must do**: what the AI decides and what stays with people (judging or
#   narrowing down); inputs (camera, lighting, resolution) and outputs (score and heatmap); time per
#   part; the data to train and validate on (how defects are annotated, what happens with new
#   kinds); the accuracy needed and why (not only AUROC: from the escape rate agreed with the
#   customer).
#
# You may revise it after the trial below. The rubric is `requirements_definition` in `rubric.md`.

# %% [markdown] nbgrader={"grade": true, "grade_id": "requirements_definition", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} dxquest={"kind": "free_text"}
# <!-- ja -->
# （解答例）要求：出荷前検査で、検査員が「どの部品をよく見るか」を決めるのに AI を使う。判断がよくなった
# ことは、流出率（顧客との取り決め <!-- fig:max_escape_rate ppm ,.0f -->50<!-- /fig --> ppm 以下）と月の損失額で確かめる。要件：AI は全数のスコアと
# ヒートマップを出し、しきい値以上の部品だけを検査員が確認する「絞り込み」に使う。最終判定は人。流出率の
# 要件は、学習に使わないロットで確かめる。1個 1 秒以内、製品ごとに良品 500 個以上で学習、注釈は品質保証課
# が2名で付ける、新しい不良の種類は月次で追加学習。
# <!-- en -->
# (Example answer) Need: at the pre-shipment inspection, inspectors use the AI to decide which parts
# to look at closely; the escape rate (at most <!-- fig:max_escape_rate ppm ,.0f -->50<!-- /fig --> ppm under the customer agreement) and the monthly
# loss show whether that decision improved. Requirements: the AI scores every part with a heatmap
# and narrows inspection down: inspectors confirm only parts above the threshold and make the final
# call. The escape rate is checked on lots not used for training; under a second per part; at
# least 500 good parts per product for training; annotations by two QA staff; new defect kinds
# added monthly.

# %% [markdown]
# <!-- ja -->
# ## 1. 評価指標 AUROC
# 不良は 4% しかないので、正解率では「全部 OK」でも 96% になってしまいます。AUROC は「不良品と良品を
# 1つずつ選んだとき、不良品のほうが高いスコアになる確率」で、しきい値を決める前にモデルの力を比べられます。
#
# **問題 1**：`auroc(labels, scores)` を実装してください（同点は 0.5 と数えます）。
# <!-- en -->
# ## 1. The metric: AUROC
# With 4 % defects, accuracy rewards "everything is OK" with 96 %. AUROC is the probability that a
# randomly chosen defective part scores higher than a randomly chosen good one; it compares models
# before any threshold is chosen.
#
# **Question 1**: implement `auroc(labels, scores)` (ties count 0.5).

# %% nbgrader={"grade": false, "grade_id": "auroc", "locked": false, "schema_version": 3, "solution": true, "task": false}
def auroc(labels, scores):
    ### BEGIN SOLUTION
    labels, scores = np.asarray(labels), np.asarray(scores, dtype=float)
    bad, good = scores[labels == 1], scores[labels == 0]
    wins = (bad[:, None] > good[None, :]).sum() + 0.5 * (bad[:, None] == good[None, :]).sum()
    return float(wins / (len(bad) * len(good)))
    ### END SOLUTION


# %%
ex.auroc.check(auroc)

# %% nbgrader={"grade": true, "grade_id": "auroc_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "transcription"}
ex.auroc.grade(auroc)
### BEGIN HIDDEN TESTS
ex.auroc.grade_hidden(auroc)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 2. 模様を平らにし、不良の形のフィルターをかける
# 製品ごとに表面の模様（ヘアライン、ローレット、鋳肌）が違います。`ft.SurfaceFlattener` は **良品だけ**
# から模様の周波数の強さを学び、割り算で模様を平らなノイズにします。その上で `ft.feature_maps` が、
# 線（傷・割れ）、小さな丸（打痕）、大きな丸（しみ）に反応するフィルターをかけます。値は「良品の
# ばらつきの何倍か」です。
# <!-- en -->
# ## 2. Flatten the texture, then filter for defect shapes
# Each product has its own surface texture (brushed, knurled, cast). `ft.SurfaceFlattener` learns
# the strength of the texture's frequencies from **good parts only** and divides it out, leaving
# flat noise. `ft.feature_maps` then applies filters that respond to lines (scratches, cracks),
# small spots (dents) and large spots (stains), in units of a good part's spread.

# %%
flattener = ft.SurfaceFlattener().fit(data.images[train & (labels == 0)], products[train & (labels == 0)])
shown = data.parts.index[(labels == 1) & train][:3]
maps = ft.feature_maps(flattener.transform(data.images[shown], products[shown]))
fig, axes = plt.subplots(3, 3, figsize=(8, 8))
for row, part in enumerate(shown):
    axes[row, 0].imshow(data.images[part], cmap="gray")
    axes[row, 1].imshow(np.abs(maps[row, 0]), cmap="magma")
    axes[row, 2].imshow(data.masks[part], cmap="gray")
    kind = name_of(data.parts.loc[part, "defect_kind"])
    axes[row, 0].set_title(ja_en("元画像", "image") + f" ({kind})")
    axes[row, 1].set_title(ja_en("線フィルター", "line filter"))
    axes[row, 2].set_title(ja_en("注釈", "annotation"))
for ax in axes.ravel():
    ax.axis("off")
plt.show()

# %% [markdown]
# <!-- ja -->
# ## 3. 良品だけで学ぶ異常検知
# 不良は少なく、新しい種類も出ます。そこで工場では「良品らしさ」だけを学ぶ方法がよく使われます。
#
# **問題 2**：`anomaly_scores(good_images, good_products, images, products)` を書き、`images` の
# `(scores, heatmaps)` を返してください。学ぶのは `good_images`（良品だけ。正解も注釈も渡されません）
# からです：製品ごとに各フィルター応答の標準偏差を求め、画素ごとに「最も外れたフィルターが何標準偏差か」
# をヒートマップ、その最大値を部品のスコアにします。チェックは、あなたのデータの train ロットの良品を
# 渡して学ばせ、検証ロットの部品（非公開テストでは見たことのない部品）を採点します。
# <!-- en -->
# ## 3. Anomaly detection learnt from good parts only
# Defects are rare and new kinds appear, so factories often learn only what "good" looks like.
#
# **Question 2**: write `anomaly_scores(good_images, good_products, images, products)` returning
# `(scores, heatmaps)` for `images`, learnt from `good_images` (good parts only: no labels or
# annotations are given): per product, the standard deviation of each filter's response; per pixel,
# how many standard deviations its most unusual filter is (the heatmap); a part's score is its
# maximum. The checks hand it the good parts of your train lots to learn from and score the parts of
# your validation lots (the hidden test: parts you have never seen).

# %% nbgrader={"grade": false, "grade_id": "anomaly_detector", "locked": false, "schema_version": 3, "solution": true, "task": false}
def anomaly_scores(good_images, good_products, images, products):
    ### BEGIN SOLUTION
    flattener = ft.SurfaceFlattener().fit(good_images, good_products)
    good_maps = ft.feature_maps(flattener.transform(good_images, good_products))
    spread = {
        p: good_maps[good_products == p].std(axis=(0, 2, 3)) for p in np.unique(good_products)
    }
    maps = ft.feature_maps(flattener.transform(images, products))
    unusual = np.empty((len(images), *images.shape[1:]), dtype=np.float32)
    for p, sd in spread.items():
        rows = products == p
        unusual[rows] = np.abs(maps[rows] / sd[None, :, None, None]).max(axis=1)
    return unusual.reshape(len(images), -1).max(axis=1), unusual
    ### END SOLUTION


# %%
ex.anomaly_detector.check(anomaly_scores)

# %% nbgrader={"grade": true, "grade_id": "anomaly_detector_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.anomaly_detector.grade(anomaly_scores)
### BEGIN HIDDEN TESTS
ex.anomaly_detector.grade_hidden(anomaly_scores)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## 4. 注釈つきの不良で学ぶ LightGBM
# **問題 3**：`fit_defect_detector(images, products, masks)` を書き、同じ形の `detect(images, products)
# -> (scores, heatmaps)` を返してください。8×8 画素のパッチごとに `ft.patch_features` の特徴量と
# `ft.patch_labels` の正解（不良に触れるか）を作り、LightGBM の分類器を学習します。良品パッチは多すぎる
# ので 10% を抜き出せば十分です。検出器は部品の製品も受け取ります。模様を平らにしても製品ごとに癖が
# 残るので、製品をカテゴリの列として加えましょう（LightGBM の `categorical_feature`）。不良パッチだけの
# 葉が極端な確率を出さないよう、葉ごとに十分な証拠を求めます（`min_child_weight=1`）。部品のスコアは、
# 最も怪しいパッチの確率です。ヒートマップは、各パッチの確率をその 8×8 画素に広げ、画素ごとの目立ち具合
# （その画素のフィルター応答の絶対値の最大）を掛けて作ります。こうすると最も明るい画素がパッチの角では
# なく不良の上に来ます。LightGBM は `n_jobs=1` で（採点は1コア1カーネルで動きます）。
# <!-- en -->
# ## 4. LightGBM learnt from annotated defects
# **Question 3**: write `fit_defect_detector(images, products, masks)` returning a `detect(images,
# products) -> (scores, heatmaps)` of the same form. Per 8×8-pixel patch, build features with
# `ft.patch_features` and targets with `ft.patch_labels` (does the patch touch a defect?), and train a
# LightGBM classifier; a 10 % sample of the many good patches is enough. The detector receives each
# part's product too: every surface keeps its own residue after flattening, so add the product as a
# categorical column (LightGBM's `categorical_feature`), and ask every leaf for enough evidence
# (`min_child_weight=1`) so that a leaf of defect patches alone cannot give extreme probabilities. A
# part scores as its most suspicious patch's probability. For the heatmap, spread each patch's
# probability over its 8×8 pixels and multiply by how much each pixel stands out (the largest absolute
# value of its filter responses): the brightest pixel then falls on the defect, not on a patch
# corner. Use `n_jobs=1` for LightGBM (grading runs one kernel per core).

# %% nbgrader={"grade": false, "grade_id": "defect_detector", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fit_defect_detector(images, products, masks):
    ### BEGIN SOLUTION
    good = ~masks.any(axis=(1, 2))
    flattener = ft.SurfaceFlattener().fit(images[good], products[good])
    known = np.unique(products)

    def table_of(some_images, some_products):
        maps = ft.feature_maps(flattener.transform(some_images, some_products))
        table = ft.patch_features(maps)
        product = np.repeat(np.searchsorted(known, some_products), len(table) // len(some_images))
        return maps, np.column_stack([table, product])

    _, table = table_of(images, products)
    target = ft.patch_labels(masks)
    keep = target | (np.random.default_rng(0).random(len(target)) < 0.1)
    model = lgb.LGBMClassifier(
        n_estimators=150, learning_rate=0.08, num_leaves=15, min_child_weight=1.0, subsample=0.8,
        subsample_freq=1, colsample_bytree=0.8, random_state=0, n_jobs=1, verbose=-1,
    ).fit(table[keep], target[keep], categorical_feature=[table.shape[1] - 1])

    def detect(new_images, new_products):
        maps, new_table = table_of(new_images, new_products)
        patch_scores = model.predict_proba(new_table)[:, 1]
        n, side = len(new_images), new_images.shape[1] // ft.PATCH
        grid = patch_scores.reshape(n, side, side).astype(np.float32)
        spread = grid.repeat(ft.PATCH, axis=1).repeat(ft.PATCH, axis=2)
        return grid.reshape(n, -1).max(axis=1), spread * np.abs(maps).max(axis=1)

    return detect
    ### END SOLUTION


defect_detect = fit_defect_detector(data.images[train], products[train], data.masks[train])

# %%
ex.defect_detector.check(defect_detect)

# %% nbgrader={"grade": true, "grade_id": "defect_detector_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.defect_detector.grade(defect_detect)
### BEGIN HIDDEN TESTS
ex.defect_detector.grade_hidden(defect_detect)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# 位置特定：検証ロットの不良品で、ヒートマップが不良の場所を指しているか見てみましょう。
# <!-- en -->
# Localisation: on the validation lots' defective parts, does the heatmap point at the defect?

# %%
bad = data.parts.index[validation & (labels == 1)][:4]
scores, heatmaps = defect_detect(data.images[bad], products[bad])
fig, axes = plt.subplots(2, len(bad), figsize=(3 * len(bad), 6))
for k, part in enumerate(bad):
    y, x = np.unravel_index(heatmaps[k].argmax(), heatmaps[k].shape)
    axes[0, k].imshow(data.images[part], cmap="gray")
    axes[0, k].contour(data.masks[part], colors="lime", linewidths=0.8)
    axes[0, k].plot(x, y, "r+", markersize=14)
    axes[0, k].set_title(ja_en("スコア", "score") + f" {scores[k]:.2f}")
    axes[1, k].imshow(heatmaps[k], cmap="magma")
    axes[1, k].set_title(ja_en("ヒートマップ", "heatmap"))
for ax in axes.ravel():
    ax.axis("off")
plt.show()

# %%
ex.defect_localisation.check(defect_detect)

# %% nbgrader={"grade": true, "grade_id": "defect_localisation_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}
ex.defect_localisation.grade(defect_detect)
### BEGIN HIDDEN TESTS
ex.defect_localisation.grade_hidden(defect_detect)
### END HIDDEN TESTS

# %% [markdown]
# <!-- ja -->
# ## まとめと次へ
# 良品だけで学ぶ異常検知と、注釈つきの不良で学ぶ LightGBM を作り、学習に使っていないロットで検査員の
# AUROC と比べ、ヒートマップで不良の場所も示しました。どちらを使うか、要件を満たしそうかは、0 の要件定義に
# 照らしてあなたが判断します。03 では、このスコアを検査の運用に組み込み、しきい値と人の役割を決めます。
#
# **進み具合の確認**：ノートブックを保存してから、新しいセルで
# `from dxquest.progress import show_progress; show_progress()` を実行すると、問題ごとに公開チェックの
# 合否が表示されます（保存したノートブックを実行し直すので、4本すべてで数分かかります）。
# <!-- en -->
# ## What you achieved, and what comes next
# You built an anomaly detector learnt from good parts only and a LightGBM learnt from annotated
# defects, compared them with the inspectors' AUROC on lots no model learnt from, and showed where
# the defects are with heatmaps. Which to use, and whether it looks like meeting your requirements
# (section 0), is your call. In 03 you build the scores into the inspection process: the threshold
# and the people's role.
#
# **Your progress**: save the notebook, then run
# `from dxquest.progress import show_progress; show_progress()` in a new cell to see which questions
# pass their public checks (it runs your saved notebooks again: a few minutes for all four).
