"""The graded questions of the defect-detection case (kernel side: nothing here knows an answer).

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
Answers are functions, so hidden checks can call them on the cohort's hidden inputs; the grader
marks the outputs with the case's ``marking`` module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from dxquest.answers import Figures, Incorrect, Number, Predictions, expect
from dxquest.cases.defect_detection.data import load_data, validation_split
from dxquest.exercise import Draw, Exercises
from dxquest.hints import Hints
from dxquest.i18n import Msg

EXERCISES = Exercises("defect_detection", load_data)
setup = EXERCISES.setup
ask = EXERCISES.question

# ---------------------------------------------------------------- 01 business problem


def _resampled_records(parts: pd.DataFrame, log: pd.DataFrame, rng: np.random.Generator):
    """Records of other parts, drawn from ``parts`` with another share of defective parts, under
    new part ids, with the log in another order (only a join on part_id pairs them up)."""
    defective = parts["label"].to_numpy() == 1
    weight = np.where(defective, rng.uniform(0.5, 5.0), 1.0)
    n = int(rng.integers(300, 1200))
    rows = rng.choice(len(parts), size=n, p=weight / weight.sum())
    # Both kinds of part, whatever the draw: the rates divide by each kind's count.
    rows[:2] = rng.choice(np.flatnonzero(defective)), rng.choice(np.flatnonzero(~defective))
    ids = [f"R{k:05d}" for k in range(n)]
    new_parts = parts.iloc[rows].assign(part_id=ids).reset_index(drop=True)
    by_part = log.set_index("part_id").loc[parts["part_id"].iloc[rows]].reset_index(drop=True)
    new_log = by_part.assign(part_id=ids)[list(log.columns)]
    return new_parts, new_log.iloc[rng.permutation(n)].reset_index(drop=True)


def _inspection_records(draw: Draw) -> list[tuple]:
    """The learner's own records, then records resampled from them with ``draw.rng``. Never the
    hidden draw's labels: they are the truth the detectors are scored against."""
    own = EXERCISES.public_draw.data
    parts, log = own.parts, own.inspection_log
    rng = draw.rng
    return [(parts.copy(), log.copy())] + [_resampled_records(parts, log, rng) for _ in range(3)]


# Exact formulas: the smallest plausible slip (the median instead of the mean of the seconds, a
# defect rate from the joined rows) moves an answer by far more than 1e-6.
inspection_rates = ask(
    "inspection_rates",
    Msg("目視検査の見逃し率と過検出率", "Miss and false-reject rates of visual inspection"),
    Hints(
        nudge=Msg(
            "品質保証部が全数再検査で付けた正解（label）は parts に、検査員の判定（decision）は "
            "inspection_log にあります。2つの表の行は同じ順に並んでいるでしょうか。また、見逃し率の母数は"
            "何でしょうか。全部品ですか、不良品だけですか。",
            "The truth (label) is in parts, the inspector's call (decision) in inspection_log. Are "
            "the two tables' rows in the same order? And the miss rate is a share of what: of all "
            "parts, or of the defective ones only?",
        ),
        idea=Msg(
            "part_id で2つの表を結びつけてから数えます。見逃し率は、本当は不良の部品のうち OK とされた"
            "割合、過検出率は、本当は良品の部品のうち NG とされた割合です。母数はそれぞれ、本当に不良"
            "だった部品の数と、本当に良品だった部品の数です。",
            "Match the two tables on part_id, then count. The miss rate is the share of truly "
            "defective parts passed as OK, the false-reject rate the share of truly good parts "
            "rejected as NG: each divides by the number of parts in its own true group.",
        ),
        worked_step=Msg(
            "例（架空）：部品 10個 のうち不良 2個・良品 8個 で、不良 2個 のうち 1個 を OK、良品 8個 のうち "
            "2個 を NG と判定したなら、見逃し率は 1 ÷ 2 ＝ 0.5、過検出率は 2 ÷ 8 ＝ 0.25 です。",
            "Example (made up): of 10 parts, 2 are defective and 8 good. One of the 2 defective "
            "parts was passed as OK and 2 of the 8 good ones rejected as NG: the miss rate is "
            "1 ÷ 2 = 0.5, the false-reject rate 2 ÷ 8 = 0.25.",
        ),
    ),
    _inspection_records,
    Figures(
        {
            "miss_rate": Number(Msg("見逃し率", "the miss rate"), 1e-6),
            "false_reject_rate": Number(Msg("過検出率", "the false-reject rate"), 1e-6),
        }
    ),
)

monthly_inspection_hours = ask(
    "monthly_inspection_hours",
    Msg("月あたりの目視検査時間（時間）", "Visual inspection hours a month"),
    Hints(
        nudge=Msg(
            "検査記録は一部の部品の標本ですが、知りたいのは1か月分（`business.MONTHLY_PARTS` 個）の"
            "検査時間です。記録の検査秒数から、1か月分の検査時間をどう見積もればよいでしょうか。",
            "The records are a sample of parts, but the question is about a month "
            "(`business.MONTHLY_PARTS` parts), in hours. How do the recorded seconds grow into a "
            "month's hours?",
        ),
        idea=Msg(
            "標本から1個あたりの平均秒数を求め、1か月の検査数分に換算してから、秒を時間に直します。知りたい"
            "のは合計の時間なので、中央値ではなく平均を使います。",
            "From the sample, take the mean seconds per part, scale it to a month's parts, and "
            "turn seconds into hours. The question is about total time, so the mean, not the "
            "median.",
        ),
        worked_step=Msg(
            "例（架空）：5個 の検査に 6・8・7・9・10秒 かかったなら、平均は 8秒 です。月 9,000個 なら "
            "72,000秒 ＝ 20時間 です。",
            "Example (made up): 5 parts took 6, 8, 7, 9 and 10 seconds, 8 seconds on average. At "
            "9,000 parts a month that is 72,000 seconds, 20 hours.",
        ),
    ),
    _inspection_records,
    Number(Msg("月あたりの目視検査時間", "inspection hours a month"), 1e-6),
)

monthly_as_is_cost = ask(
    "monthly_as_is_cost",
    Msg("月あたりの現状コスト（円）", "Today's cost a month (yen)"),
    Hints(
        nudge=Msg(
            "今の目視検査が1か月に失っているものは3つです：検査員の時間、見逃した不良の流出、良品を NG に"
            "した過検出。それぞれ1か月に何時間・何件起きるか、1時間・1件あたりの費用はいくらかを、"
            "`business` と前の2問から集めましょう。",
            "Today's visual inspection loses three things a month: the inspectors' time, escapes "
            "(defects passed on) and false rejects (good parts scrapped). For each, find how many "
            "hours or cases a month and what one costs, in `business` and the two questions "
            "before.",
        ),
        idea=Msg(
            "「件数（時間）× 単価」を3つ足します。1か月の流出数は「1か月の不良品の数 × 見逃し率」、"
            "過検出数は「1か月の良品の数 × 過検出率」と考えます。不良率は、結合した行ではなく parts の "
            "label から求めましょう。前の2問の関数を使い回せます。",
            "Add up three products of count (or hours) and unit cost. Escapes a month are a "
            "month's defective parts times the miss rate; false rejects a month's good parts "
            "times the false-reject rate. Take the defect rate from the label in parts, not from "
            "joined rows. Your functions from the two questions before can be reused.",
        ),
        worked_step=Msg(
            "例（架空。単価も架空）：月 10,000個、不良率 0.05、見逃し率 0.2、過検出率 0.01、検査 30時間、"
            "時給 2,000円、流出1件 5万円、過検出1個 1,000円 なら、流出は 10,000 × 0.05 × 0.2 ＝ 100件、"
            "過検出は 10,000 × 0.95 × 0.01 ＝ 95個 で、月の損失は 6万 ＋ 500万 ＋ 9.5万 ＝ 515.5万円 です。",
            "Example (made up, unit costs too): 10,000 parts a month, a defect rate of 0.05, a miss "
            "rate of 0.2, a false-reject rate of 0.01, 30 hours of inspection at 2,000 yen, 50,000 "
            "yen an escape and 1,000 yen a false reject. Escapes: 10,000 × 0.05 × 0.2 = 100; false "
            "rejects: 10,000 × 0.95 × 0.01 = 95; the month loses 60,000 + 5,000,000 + 95,000 = "
            "5,155,000 yen.",
        ),
    ),
    _inspection_records,
    Number(Msg("月あたりの現状コスト（円）", "today's cost a month (yen)"), 1e-6),
)

# ---------------------------------------------------------------- 02 AI trial


def _auroc_inputs(draw: Draw) -> list[tuple]:
    """Hand-made cases (separable but for one pair, ties, worse than chance, all tied), then random
    ones from ``draw.rng`` whose rounded scores tie often."""
    fixed = [
        ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]),
        ([1, 0, 0, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5]),
        ([0, 1, 0, 0], [3.0, 1.0, 2.0, 0.0]),
        ([1, 0, 1, 0], [2.0, 2.0, 2.0, 2.0]),
    ]
    rng = draw.rng
    randoms = []
    for _ in range(3):
        labels = (rng.random(200) < 0.1).astype(int)
        labels[:2] = [0, 1]
        randoms.append((labels, np.round(rng.normal(size=200) + labels, 1)))
    return [(np.array(labels), np.array(scores, dtype=float)) for labels, scores in fixed + randoms]


# Exact: counting ties as wins (or losses) moves the hand-made tie case by 1/6.
auroc = ask(
    "auroc",
    Msg("AUROC の実装", "Implementing AUROC"),
    Hints(
        nudge=Msg(
            "AUROC は、しきい値を決めずに「不良品に良品より高いスコアを付けられているか」を測ります。"
            "不良品と良品を1つずつ組にすると、何通りの組ができますか。同じスコアの組はどう数えますか。",
            "AUROC measures, before any threshold, whether defective parts score higher than good "
            "ones. How many pairs of one defective and one good part are there? And how does a "
            "pair with equal scores count?",
        ),
        idea=Msg(
            "すべての（不良品, 良品）の組を比べ、不良品のスコアが高ければ勝ち、同点なら引き分け（半分の"
            "勝ち）として、勝ちの割合を求めます（Mann–Whitney の U 検定と同じ考え方です）。NumPy なら、"
            "不良品のスコアを縦、良品のスコアを横に並べた表で、すべての組を一度に比べられます。",
            "Compare every (defective, good) pair: a win when the defective part scores higher, a "
            "draw (half a win) on a tie, and take the share of wins (the idea of the Mann–Whitney "
            "U test). With NumPy, a table with the defective parts' scores down and the good "
            "parts' across compares every pair at once.",
        ),
        worked_step=Msg(
            "例（架空）：不良品 2個 のスコアが 0.9・0.4、良品 3個 のスコアが 0.4・0.3・0.1 なら、組は "
            "2 × 3 ＝ 6通り です。0.9 は3つすべてに勝って 3、0.4 は同点の 0.4 と引き分け（0.5）で、0.3 と "
            "0.1 に勝って 2.5。合わせて 5.5 ÷ 6 ≈ 0.92 です。",
            "Example (made up): 2 defective parts score 0.9 and 0.4, 3 good parts 0.4, 0.3 and "
            "0.1, so there are 2 × 3 = 6 pairs. 0.9 beats all three: 3. 0.4 draws with 0.4 (0.5) "
            "and beats 0.3 and 0.1: 2.5. Together 5.5 ÷ 6 ≈ 0.92.",
        ),
    ),
    _auroc_inputs,
    Number(Msg("AUROC", "AUROC"), 1e-9),
)

PARTS_PER_CALL = 200
"""A detector scores the parts in batches: memory stays small and the self-check shows progress."""


def _unseen_parts(draw: Draw) -> tuple[np.ndarray, np.ndarray]:
    """``(images, products)`` of the parts no detector learnt from: the validation lots of the
    learner's own data (the notebook trains on the other lots), every part of the hidden draw.
    Nothing else about them: no label, no annotation."""
    data = draw.data
    rows = validation_split(data)[1] if draw is EXERCISES.public_draw else slice(None)
    return data.images[rows], data.parts["product"].to_numpy()[rows]


def _unseen_parts_in_batches(draw: Draw) -> list[tuple]:
    images, products = _unseen_parts(draw)
    return [
        (images[k : k + PARTS_PER_CALL].copy(), products[k : k + PARTS_PER_CALL].copy())
        for k in range(0, len(images), PARTS_PER_CALL)
    ]


def _good_parts_then_unseen_parts(draw: Draw) -> list[tuple]:
    """The good parts of the learner's train lots to learn from, then the unseen parts to score:
    ``(good_images, good_products, images, products)``. An anomaly detector sees no defect while
    it learns, whatever its code does."""
    own = EXERCISES.public_draw.data
    train, _ = validation_split(own)
    good = train & (own.parts["label"].to_numpy() == 0)
    products = own.parts["product"].to_numpy()
    return [(own.images[good], products[good], *_unseen_parts(draw))]


def _detections(output, args: tuple) -> tuple[np.ndarray, np.ndarray]:
    """A detector's ``(scores, heatmaps)`` for the images it was given, checked for their form."""
    n, height, width = args[-2].shape
    try:
        scores, heatmaps = output
        scores = np.asarray(scores, dtype=float).reshape(-1)
        heatmaps = np.asarray(heatmaps, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(
            Msg(
                "`(scores, heatmaps)` の2つを返してください（scores: 部品ごとの数値、heatmaps: "
                "画像と同じ形の配列）。",
                "Return two things, `(scores, heatmaps)`: one number per part and one array "
                "per image of the image's shape.",
            )
        ) from None
    expect(
        scores.shape == (n,) and heatmaps.shape == (n, height, width),
        Msg(
            f"scores は ({n},)、heatmaps は ({n}, {height}, {width}) の形にしてください"
            f"（今は {scores.shape} と {heatmaps.shape}）。",
            f"scores must have shape ({n},) and heatmaps ({n}, {height}, {width}); "
            f"got {scores.shape} and {heatmaps.shape}.",
        ),
    )
    expect(
        bool(np.isfinite(heatmaps).all()),
        Msg(
            "heatmaps に NaN や無限大が含まれています。", "heatmaps contain NaN or infinite values."
        ),
    )
    return scores, heatmaps


def _scores_of(output, args: tuple) -> np.ndarray:
    return _detections(output, args)[0]


def _brightest_pixels(output, args: tuple) -> np.ndarray:
    """Where each heatmap points: the flat index of its brightest pixel."""
    heatmaps = _detections(output, args)[1]
    return heatmaps.reshape(len(heatmaps), -1).argmax(axis=1)


def _parts_scored(args: tuple) -> int:
    return len(args[-2])


def _beats_inspectors(scores: list[float], material: dict) -> Msg | None:
    """On the validation lots of the learner's data: the learner's AUROC above the inspectors'
    (the grader stored the lots' labels and the inspectors' AUROC there)."""
    mine = float(roc_auc_score(material["labels"], scores))
    inspectors = material["inspectors_auroc"]
    print(
        Msg(
            f"あなたのデータの検証ロットでの AUROC: {mine:.3f}（検査員 {inspectors:.3f}）",
            f"AUROC on the validation lots of your data: {mine:.3f} (inspectors {inspectors:.3f})",
        )
    )
    if mine > inspectors:
        return None
    return Msg(
        f"あなたのデータの検証ロットで、AUROC {mine:.3f} が検査員（{inspectors:.3f}）を"
        "上回っていません。",
        f"On the validation lots of your data, AUROC {mine:.3f} does not beat the inspectors "
        f"({inspectors:.3f}).",
    )


LOCATED_ENOUGH = 0.5
"""The self-check's bar: the heatmap points at the defect on at least half of the validation
lots' defective parts (a random pixel does on about 1 %)."""


def _points_at_defects(pixels: list[float], material: dict) -> Msg | None:
    """On the validation lots' defective parts of the learner's data: the heatmaps' brightest
    pixels on (or within 2 px of) the annotated defect often enough (the grader stored which
    pixels count)."""
    mine = np.asarray(pixels, dtype=int)[material["rows"]]
    share = float(np.mean([p in set(near) for p, near in zip(mine, material["near"], strict=True)]))
    chance = material["chance"]
    print(
        Msg(
            f"検証ロットの不良品のうち、ヒートマップが不良を指した割合: {share:.0%}"
            f"（でたらめな画素なら {chance:.1%}）",
            f"Share of the validation lots' defective parts whose heatmap points at the defect: "
            f"{share:.0%} (a random pixel: {chance:.1%})",
        )
    )
    if share >= LOCATED_ENOUGH:
        return None
    return Msg(
        f"ヒートマップが不良を指した割合 {share:.0%} が {LOCATED_ENOUGH:.0%} に届きません。",
        f"The heatmaps point at the defect on {share:.0%} of the defective parts, below "
        f"{LOCATED_ENOUGH:.0%}.",
    )


_PART_SCORES = Predictions(
    Msg("部品のスコア", "the parts' scores"),
    _parts_scored,
    _beats_inspectors,
    nonnegative=False,
    extract=_scores_of,
)
_BRIGHTEST_PIXELS = Predictions(
    Msg("ヒートマップの最も明るい画素", "the heatmaps' brightest pixels"),
    _parts_scored,
    _points_at_defects,
    extract=_brightest_pixels,
)

anomaly_detector = ask(
    "anomaly_detector",
    Msg("良品だけで学習する異常検知", "Anomaly detection learnt from good parts only"),
    Hints(
        nudge=Msg(
            "学ぶのに使えるのは良品の画像だけです。「良品ならこのくらい」という基準を作り、そこから"
            "どれだけ外れているかを測りましょう。製品ごとに表面の模様が違うことにも気をつけます。",
            "All you may learn from is good parts. Build a yardstick of what good looks like, and "
            "measure how far each part strays from it. Mind that every product has its own "
            "surface texture.",
        ),
        idea=Msg(
            "良品で `ft.SurfaceFlattener` を学ばせて模様を平らにし、`ft.feature_maps` のフィルター応答を"
            "出します。良品での応答のばらつき（標準偏差）を製品ごと・フィルターごとに求めれば、各画素の"
            "応答を「良品の何標準偏差ぶんか」に直せます。画素ごとに最も外れたフィルターの値をヒートマップ"
            "に、画像の中の最大値を部品のスコアにします。",
            "Fit `ft.SurfaceFlattener` on good parts to flatten the texture, and take the filter "
            "responses of `ft.feature_maps`. With the spread (standard deviation) of each filter's "
            "response on good parts, per product, every pixel's response becomes \"so many "
            "standard deviations of a good part\". A pixel's most unusual filter gives the "
            "heatmap, and the image's largest value the part's score.",
        ),
        worked_step=Msg(
            "例（架空）：ある製品の良品で、線フィルターの標準偏差が 2.0、丸フィルターが 0.5 だったと"
            "します。ある画素の応答が線 3.0・丸 −2.0 なら、良品の 1.5 と 4.0 標準偏差ぶん（大きさで比べます）"
            "なので、その画素の値は 4.0 です。これが画像の中で最大なら、部品のスコアも 4.0 です。",
            "Example (made up): on one product's good parts the line filter spreads with a "
            "standard deviation of 2.0 and the spot filter 0.5. A pixel responding 3.0 to the line "
            "and −2.0 to the spot is 1.5 and 4.0 standard deviations out (compare sizes), so the "
            "pixel's value is 4.0; if nothing in the image is higher, the part scores 4.0.",
        ),
    ),
    _good_parts_then_unseen_parts,
    _PART_SCORES,
    expensive=True,
)

defect_detector = ask(
    "defect_detector",
    Msg("LightGBM による不良検出", "Defect detection with LightGBM"),
    Hints(
        nudge=Msg(
            "今度は不良個所の注釈が使えます。部品1個を1行にすると、不良品は数十行しかありません。画像を"
            "小さな区画に分けて1区画を1行にすると、表は何行になるでしょうか。",
            "Now the annotated defect pixels can be used. With one row per part there are only a "
            "few dozen defective rows. Cut each image into small squares, one row per square: how "
            "many rows does the table get?",
        ),
        idea=Msg(
            "8×8 画素のパッチを1行とする表を作ります（特徴量は `ft.patch_features`、正解は "
            "`ft.patch_labels`：パッチが不良に触れているか）。LightGBM の分類器でパッチが不良に触れる"
            "確率を学び、部品のスコアは最も怪しいパッチの確率にします。良品のパッチは非常に多いので、"
            "一部を抜き出して学ばせれば十分です。模様を平らにする学習には良品の画像だけを使い、学習済みの "
            "`detect` 関数を返しましょう。",
            "Make a table with one row per 8×8-pixel patch (features from `ft.patch_features`, "
            "the target from `ft.patch_labels`: does the patch touch a defect?), let a LightGBM "
            "classifier learn the probability that a patch touches a defect, and score a part as "
            "its most suspicious patch. Good patches are very many: a sample of them is enough. "
            "Fit the texture flattening on good images only, and return the fitted `detect` "
            "function.",
        ),
        worked_step=Msg(
            "例（架空）：48×48 画素の画像なら、8×8 のパッチが 6 × 6 ＝ 36個、部品 500個 で 18,000行 の表に"
            "なります。不良に触れるパッチが 300行 しかなければ、良品パッチを1割（約 1,770行）抜き出すと、"
            "学習が速くなり、不良の行も埋もれません。パッチの確率が 0.02・0.10・0.85 … の部品のスコアは "
            "0.85 です。",
            "Example (made up): a 48×48-pixel image holds 6 × 6 = 36 patches of 8×8, so 500 parts "
            "give 18,000 rows. With only 300 rows touching a defect, a tenth of the good patches "
            "(about 1,770 rows) trains faster and keeps the defective rows from drowning. A part "
            "whose patches score 0.02, 0.10, 0.85, … scores 0.85.",
        ),
    ),
    _unseen_parts_in_batches,
    _PART_SCORES,
    expensive=True,
)

defect_localisation = ask(
    "defect_localisation",
    Msg("不良個所の位置特定", "Pointing at the defect"),
    Hints(
        nudge=Msg(
            "ヒートマップの最も明るい画素は、どこに来ていますか。パッチの確率をそのまま 8×8 画素に広げると、"
            "パッチの中の64画素が同じ明るさになります。そのとき、どの画素が選ばれるでしょうか。",
            "Where does your heatmap's brightest pixel fall? Spread a patch's probability over "
            "its 8×8 pixels as it is and all 64 are equally bright: which one gets picked then?",
        ),
        idea=Msg(
            "パッチの確率は「どの区画が怪しいか」を、フィルター応答は「区画の中のどの画素が目立つか」を"
            "教えてくれます。2つを画素ごとに掛け合わせると、怪しい区画の中の目立つ画素が最も明るくなります。"
            "画素の目立ち具合には、その画素のフィルター応答の大きさ（絶対値）の最大が使えます。",
            "A patch's probability says which square is suspect; the filter responses say which "
            "pixel inside it stands out. Multiply the two pixel by pixel and the standing-out "
            "pixel of a suspect square becomes the brightest. How much a pixel stands out can be "
            "the largest size (absolute value) of its filter responses.",
        ),
        worked_step=Msg(
            "例（架空。2×2 画素の区画で説明します）：区画の確率が 0.9 で、4画素の目立ち具合が 0.5・3.0・"
            "0.8・1.0 なら、掛けた値は 0.45・2.7・0.72・0.9 で、最も明るいのは目立ち具合 3.0 の画素です。"
            "広げただけなら4画素とも 0.9 で、最も明るい画素として区画の左上の角が選ばれてしまいます。",
            "Example (made up, with a 2×2-pixel square): the square's probability is 0.9 and its "
            "four pixels stand out by 0.5, 3.0, 0.8 and 1.0. The products are 0.45, 2.7, 0.72 and "
            "0.9: the brightest is the pixel standing out by 3.0. Spread alone, all four are 0.9 "
            "and the square's top-left corner is taken as the brightest.",
        ),
    ),
    _unseen_parts_in_batches,
    _BRIGHTEST_PIXELS,
    expensive=True,
)

# ---------------------------------------------------------------- 03 operations


def _month_inputs(draw: Draw) -> list[tuple]:
    """``(scores, labels, threshold)``: hand-made cases (parts scoring exactly the threshold,
    nothing confirmed, everything confirmed), then random scores from ``draw.rng`` rounded so
    that they tie, each with a threshold among its scores."""
    fixed = [
        ([0.1, 0.2, 0.3, 0.4, 0.4, 0.9], [0, 1, 0, 1, 0, 1], 0.4),
        ([0.2, 0.5, 0.7], [1, 0, 1], 1.0),
        ([0.2, 0.5, 0.7, 0.1], [1, 0, 0, 0], 0.1),
    ]
    cases = [(np.array(s, dtype=float), np.array(y), t) for s, y, t in fixed]
    for scores, labels in _random_scores(draw.rng, (1.5, 2.5, 3.5)):
        cases.append((scores, labels, float(np.sort(scores)[int(0.9 * len(scores))])))
    return cases


def _random_scores(rng: np.random.Generator, separations) -> list[tuple]:
    """Scores of 1,500 parts, about 4 % defective, defects ``separation`` higher on average."""
    cases = []
    for separation in separations:
        labels = (rng.random(1500) < 0.04).astype(int)
        labels[:2] = [0, 1]
        cases.append((np.round(rng.normal(size=1500) + separation * labels, 2), labels))
    return cases


def _month_figure(ja: str, en: str) -> Number:
    return Number(Msg(ja, en), 1e-6)


# Exact formulas: leaving out the confirming inspector's misses moves escapes by about 5 % of the
# defects confirmed, and `>` instead of `>=` drops the parts on the threshold (one part in the
# hand-made case, a few in the random ones).
to_be_month = ask(
    "to_be_month",
    Msg("AI＋人の検査の1か月", "A month of AI + human inspection"),
    Hints(
        nudge=Msg(
            "検査員が確認するのは、AI のスコアがしきい値以上の部品だけです。スコアがしきい値ちょうどの"
            "部品は確認に回りますか。確認に回った不良を、検査員が見落とすことはありませんか。",
            "Inspectors confirm only parts whose AI score is at least the threshold. Is a part "
            "scoring exactly the threshold confirmed? And can an inspector miss a defect that is "
            "sent to them?",
        ),
        idea=Msg(
            "標本の部品を4つに分けます：確認する不良・確認しない不良・確認する良品・確認しない良品。流出は"
            "「確認しない不良」のすべてと「確認したが見落とした不良」、過検出は「確認した良品」のうち誤って "
            "NG にされた分、時間は確認した部品の数 × 1個の確認時間です。最後に、標本の件数を1か月"
            "（`MONTHLY_PARTS` 個）に比例で広げます。",
            "Split the sample's parts four ways: defects confirmed or not, good parts confirmed or "
            "not. Escapes are all the unconfirmed defects plus the confirmed ones the inspector "
            "misses; false rejects are the confirmed good parts wrongly rejected; the time is the "
            "confirmed parts times the time to confirm one. Finally scale the sample's counts in "
            "proportion to a month (`MONTHLY_PARTS` parts).",
        ),
        worked_step=Msg(
            "例（架空。割合も秒数も架空）：標本 200個、月 6,000個（30倍）、しきい値以上が 20個（うち不良 "
            "8個）、しきい値未満の不良が 1個、確認で不良を見落とす割合が1割、良品を誤って NG にする割合が "
            "2%、確認 10秒/個 とします。流出は (1 ＋ 8 × 0.1) × 30 ＝ 54件、過検出は 12 × 0.02 × 30 ＝ "
            "7.2個、確認時間は 20 × 10秒 × 30 ＝ 6,000秒（約 1.7時間）です。",
            "Example (made up, rates and seconds too): a sample of 200 parts, 6,000 a month (30 "
            "times), 20 at or above the threshold (8 of them defective), 1 defect below it, "
            "inspectors missing a tenth of the defects they confirm, wrongly rejecting 2% of the "
            "good parts, and 10 seconds a part. Escapes: (1 + 8 × 0.1) × 30 = 54; false rejects: "
            "12 × 0.02 × 30 = 7.2; confirming: 20 × 10 seconds × 30 = 6,000 seconds (about 1.7 "
            "hours).",
        ),
    ),
    _month_inputs,
    Figures(
        {
            "inspection_hours": _month_figure("確認時間", "inspection hours"),
            "escapes": _month_figure("流出数", "escapes"),
            "false_rejects": _month_figure("過検出数", "false rejects"),
            "cost_yen": _month_figure("月のコスト（円）", "the monthly cost (yen)"),
        }
    ),
)


def _threshold_inputs(draw: Draw) -> list[tuple]:
    """``(scores, labels)``: hand-made cases (so many defects that no threshold keeps the
    agreement; no defect at all; ties), then random scores from ``draw.rng``."""
    rng = draw.rng
    many = (rng.random(300) < 0.3).astype(int)
    none = np.zeros(300, dtype=int)
    fixed = [
        (np.round(rng.normal(size=300) + 2 * many, 2), many),
        (np.round(rng.normal(size=300), 2), none),
        (np.array([0.1, 0.5, 0.5, 0.5, 0.9, 0.9]), np.array([0, 0, 1, 0, 1, 0])),
    ]
    return fixed + _random_scores(rng, (1.5, 2.5, 3.5, 5.0))


# The rule picks one of the observed scores: another candidate is another decision (the next score
# up or down differs by at least 0.01 in these inputs, far more than 1e-9 of it).
choose_threshold = ask(
    "choose_threshold",
    Msg("運用しきい値の選択", "Choosing the operating threshold"),
    Hints(
        nudge=Msg(
            "しきい値を下げると流出は減り、確認の手間は増えます。まず顧客との取り決め（流出率の上限）を"
            "守れるしきい値だけに絞り、その中でいちばん安いものを選びましょう。候補のしきい値は、どこから"
            "取ればよいでしょうか。",
            "A lower threshold means fewer escapes and more confirming. First keep only the "
            "thresholds that meet the customer agreement (the ceiling on the escape rate), then "
            "pick the cheapest of them. Where do the candidate thresholds come from?",
        ),
        idea=Msg(
            "観測されたスコアをすべて候補にし、候補ごとに問題 1 の `to_be_month` で1か月を計算します。"
            "流出率（流出数 ÷ 月の検査数）が上限以下の候補のうち、月のコストが最小のものを選びます。"
            "上限を守れる候補がなければ、すべてを確認するしきい値にします。",
            "Take every observed score as a candidate and work out its month with your "
            "`to_be_month` from question 1. Among the candidates whose escape rate (escapes ÷ "
            "parts a month) is within the ceiling, choose the one with the lowest monthly cost. "
            "If none is within it, choose the threshold that confirms every part.",
        ),
        worked_step=Msg(
            "例（架空）：候補が 0.2・0.5・0.8 で、流出率が 0.001・0.003・0.009、月のコストが 120万・90万・"
            "70万円、上限が 0.005 なら、0.8 は上限を超えるので外し、残る 0.2 と 0.5 のうち安い 0.5 を"
            "選びます。",
            "Example (made up): candidates 0.2, 0.5 and 0.8 have escape rates of 0.001, 0.003 and "
            "0.009 and monthly costs of 1.2 million, 0.9 million and 0.7 million yen. With a "
            "ceiling of 0.005, 0.8 is out, and of 0.2 and 0.5 the cheaper, 0.5, is chosen.",
        ),
    ),
    _threshold_inputs,
    Number(Msg("しきい値", "the threshold"), 1e-9),
)

# ---------------------------------------------------------------- 04 pitch


def _benefit_inputs(draw: Draw) -> list[tuple]:
    """A made-up example, one where the AI costs more than today, then random monthly costs from
    ``draw.rng``."""
    fixed = [(50_000_000.0, 9_000_000.0), (3_000_000.0, 3_500_000.0)]
    randoms = [tuple(pair) for pair in draw.rng.uniform(1e6, 8e7, size=(3, 2))]
    return [
        ({"cost_yen": float(a), "inspection_hours": 200.0}, {"cost_yen": float(b)})
        for a, b in fixed + randoms
    ]


# Exact: leaving out the running cost moves the made-up example by 0.5 %.
annual_benefit = ask(
    "annual_benefit",
    Msg("年間の正味効果", "Net annual benefit"),
    Hints(
        nudge=Msg(
            "月のコストの差が、1か月にいくら得をするかです。答えは年間で求められています。AI を動かし"
            "続けるのにかかる費用も忘れずに。",
            "The difference in monthly cost is what a month gains. The answer is asked for a "
            "year. And do not forget what it costs to keep the AI running.",
        ),
        idea=Msg(
            "「今の月コスト − 導入後の月コスト」を年間に直し、システムの年間運用費（`business` に"
            "あります）を差し引いた正味の効果を返します。導入後のほうが高くつくなら、答えは負になります。",
            "Turn today's monthly cost minus the monthly cost after into a year's, and take off "
            "the system's annual running cost (in `business`): the net benefit. If the new way "
            "costs more, the answer is negative.",
        ),
        worked_step=Msg(
            "例（架空）：今の月コスト 800万円、導入後 300万円、年間運用費 500万円 なら、年間の差は "
            "500万 × 12 ＝ 6,000万円、正味の効果は 6,000万 − 500万 ＝ 5,500万円 です。",
            "Example (made up): 8 million yen a month today, 3 million after, and 5 million a year "
            "to run: the yearly difference is 5 million × 12 = 60 million yen, and the net benefit "
            "60 million − 5 million = 55 million yen.",
        ),
    ),
    _benefit_inputs,
    Number(Msg("年間の正味効果（円）", "the net annual benefit (yen)"), 1e-6),
)
