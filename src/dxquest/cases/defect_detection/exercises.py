"""The graded questions of the defect-detection case (kernel side: nothing here knows an answer).

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
Answers are functions, so hidden checks can call them on the cohort's hidden inputs; the grader
marks the outputs with the case's ``marking`` module.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dxquest.answers import Figures, Incorrect, Number, Predictions, expect
from dxquest.cases.defect_detection import business
from dxquest.cases.defect_detection.data import load_data, load_validation_scores, validation_split
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


def _cost_facts(draw: Draw) -> list[dict]:
    """The story's facts (:data:`business.FACTS`), then facts of the same form drawn from
    ``draw.rng``: other prices, claim times and inspection speeds, each claim time stated as a
    range an hour wide (the story's is two hours), and an export customer's precision part
    (:func:`_export_part_facts`)."""
    rng = draw.rng
    facts = [(dict(business.FACTS),)]
    for _ in range(3):
        part_cost = float(rng.integers(2, 6) * 100)
        claim_hours = float(rng.integers(8, 17) / 2)
        inspector = float(rng.integers(24, 33) * 100)
        facts.append(
            (
                {
                    "part_cost_yen": part_cost,
                    "part_price_yen": float(np.round(part_cost * rng.uniform(1.3, 1.7), -2)),
                    "claim_hours_low": claim_hours - 0.5,
                    "claim_hours_high": claim_hours + 0.5,
                    "qa_hourly_yen": float(rng.integers(35, 51) * 100),
                    "customer_sorting_yen": float(rng.integers(15, 31) * 1000),
                    "return_freight_yen": float(rng.integers(10, 26) * 100),
                    "inspector_hourly_yen": inspector,
                    "review_seconds": float(rng.integers(4, 11)),
                    "review_reject_good_share": float(rng.integers(1, 7) / 200),
                },
            )
        )
    return [*facts, (_export_part_facts(rng),)]


def _export_part_facts(rng: np.random.Generator) -> dict:
    """Facts where every item of an escape weighs: a precision part worth 20,000 to 30,000 yen to
    make and about twice that to buy, shipped back from abroad (20,000 to 40,000 yen), and a claim
    time the QA manager states exactly. Here no definition has room to differ, and leaving out
    the freight or the replacement, or counting the replacement at its price, moves the cost by
    more than :data:`ESCAPE_COST_TOLERANCE` (in the story's facts they hide inside the claim
    time's range)."""
    part_cost = float(rng.integers(200, 301) * 100)
    claim_hours = float(rng.integers(8, 17) / 2)
    return {
        "part_cost_yen": part_cost,
        "part_price_yen": float(np.round(part_cost * rng.uniform(1.8, 2.2), -2)),
        "claim_hours_low": claim_hours,
        "claim_hours_high": claim_hours,
        "qa_hourly_yen": float(rng.integers(35, 51) * 100),
        "customer_sorting_yen": float(rng.integers(15, 31) * 1000),
        "return_freight_yen": float(rng.integers(20, 41) * 1000),
        "inspector_hourly_yen": float(rng.integers(24, 33) * 100),
        "review_seconds": float(rng.integers(4, 11)),
        "review_reject_good_share": float(rng.integers(1, 7) / 200),
    }


# The story states the claim time as a range (5 to 7 hours): any time in it is a defensible
# definition, up to 8.7 % either side of the middle (8.3 % at most in the hidden facts, an hour
# wide). Leaving out the customer's sorting charge or the claim's hours moves the cost by a third
# or more; the freight and the replacement, small in the story, weigh in the export part's facts.
ESCAPE_COST_TOLERANCE = 0.1

escape_cost_yen = ask(
    "escape_cost_yen",
    Msg("流出1件のコスト（円）", "What one escape costs (yen)"),
    Hints(
        nudge=Msg(
            "不良品がお客様に届くと、金沢精密工業では何が起き、だれが何をするでしょうか。"
            "`facts` の項目を一つずつ見て、「流出1件で実際に出ていくお金か」を考えましょう。部品の"
            "売値は、流出で失うお金でしょうか。",
            "When a defective part reaches the customer, what happens at Kanazawa Precision, and "
            "who does what? Go through the items of `facts` one by one and ask whether each is "
            "money actually spent because of one escape. Is the part's price money lost by an "
            "escape?",
        ),
        idea=Msg(
            "数えるのは増分のコスト、つまり「その1件の流出のせいで出ていくお金」だけです。各項目について、"
            "流出1件ごとに本当に発生するか、どのみち出ていくお金や、代品を送るので失われない売上では"
            "ないかを確かめましょう。ラインに余力があるとき、作り直す部品は何で数えるのが筋でしょうか。"
            "幅で示された数字は、説明できる値（たとえば中央）を選び、その理由をコメントに書きます。",
            "Count the incremental cost only: money spent because of that one escape. For each "
            "item, check that it really happens with every escape, and that it is not money spent "
            "anyway, nor revenue that is not lost (the customer gets a replacement). With spare "
            "capacity, what should a part made again count at? For a figure given as a range, "
            "take a value you can defend (the middle, say) and give your reason in a comment.",
        ),
        worked_step=Msg(
            "例（架空。項目も金額も架空）：クレーム1件に担当者が 2〜4時間（時給 3,000円）、送料 1,000円、"
            "代品の製造費 2,000円（売値 2,600円）、お客様の選別費用 10,000円 なら、中央の 3時間 を取って "
            "9,000 ＋ 10,000 ＋ 1,000 ＋ 2,000 ＝ 22,000円 です。売値の 2,600円 は入れません。",
            "Example (made up, items and amounts too): 2 to 4 staff hours a claim at 3,000 yen, "
            "1,000 yen freight, a replacement that costs 2,000 yen to make (price 2,600), and "
            "a 10,000-yen sorting charge. Taking the middle, 3 hours: 9,000 + 10,000 + 1,000 + "
            "2,000 = 22,000 yen. The 2,600-yen price is not in it.",
        ),
    ),
    _cost_facts,
    Number(Msg("流出1件のコスト（円）", "the cost of an escape (yen)"), ESCAPE_COST_TOLERANCE),
)


def _records_and_escape_costs(draw: Draw) -> list[tuple]:
    """The inspection records (:func:`_inspection_records`), each with a made-up cost of an
    escape from ``draw.rng``: never the cost the learner defines, which the question before
    grades."""
    rng = draw.rng
    return [
        (parts, log, float(rng.integers(30, 91) * 1000)) for parts, log in _inspection_records(draw)
    ]


def _exact(ja: str, en: str) -> Number:
    return Number(Msg(ja, en), 1e-6)


# Exact formulas: the smallest plausible slip (the median instead of the mean of the seconds, a
# rate divided by all parts) moves an answer by far more than 1e-6, and the records' share of
# defective parts instead of production's (the resampled records hold other shares) by far more.
as_is_month = ask(
    "as_is_month",
    Msg("今の目視検査の1か月", "A month of today's visual inspection"),
    Hints(
        nudge=Msg(
            "品質保証課が全数再検査で付けた正解（label）は parts に、検査員の判定（decision）は "
            "inspection_log にあります。2つの表の行は同じ順に並んでいるでしょうか。また、見逃し率の母数は"
            "何でしょうか。全部品ですか、不良品だけですか。答えは1か月分（`business.MONTHLY_PARTS` 個）"
            "ですが、この記録は1か月の生産と同じ割合で不良を含んでいるでしょうか。記録がどう集められたかを"
            "読みましょう。",
            "The truth (label) is in parts, the inspector's call (decision) in inspection_log. Are "
            "the two tables' rows in the same order? And the miss rate is a share of what: of all "
            "parts, or of the defective ones only? The answer is a month (`business.MONTHLY_PARTS` "
            "parts): do these records hold defective parts in the same proportion as a month's "
            "production? Read how they were collected.",
        ),
        idea=Msg(
            "part_id で2つの表を結びつけてから数えます。見逃し率の母数は本当に不良だった部品の数、"
            "過検出率の母数は本当に良品だった部品の数です。1か月の検査時間は1個あたりの平均秒数から"
            "（合計の時間なので中央値ではなく平均）、流出数は「1か月の不良品の数 × 見逃し率」、過検出数は"
            "「1か月の良品の数 × 過検出率」。この記録は品質保証課が不良品を多めに集めたもので、label の"
            "平均は工程の不良率ではありません。1か月の不良品の数には工程の不良率"
            "（`business.DEFECT_RATE_IN_PRODUCTION`）を使います。コストは「件数（時間）× 単価」を3つ足します。",
            "Match the two tables on part_id, then count: the miss rate divides by the truly "
            "defective parts, the false-reject rate by the truly good ones. A month's hours come "
            "from the mean seconds per part (total time: the mean, not the median); escapes are a "
            "month's defective parts times the miss rate, false rejects a month's good parts times "
            "the false-reject rate. QA collected extra defective parts for these records: the "
            "mean label is not the production's defect rate; a month's defective parts come from "
            "`business.DEFECT_RATE_IN_PRODUCTION`. The cost adds three products of count (or "
            "hours) and unit cost.",
        ),
        worked_step=Msg(
            "例（架空。単価も架空）：月 10,000個、工程の不良率 0.002（記録では不良が 5%）、見逃し率 0.2、"
            "過検出率 0.01、平均 8秒/個、時給 2,000円、流出1件 5万円、廃棄1個 1,000円 なら、検査時間は "
            "10,000 × 8 ÷ 3,600 ≈ 22.2時間、流出は 10,000 × 0.002 × 0.2 ＝ 4件、過検出は 10,000 × 0.998 "
            "× 0.01 ≈ 99.8個 で、月の損失は約 4.4万 ＋ 20万 ＋ 10万 ≈ 34万円 です（記録の 5% を使うと、"
            "流出を 25倍 に見積もってしまいます）。",
            "Example (made up, unit costs too): 10,000 parts a month, a production defect rate of "
            "0.002 (5 % of the records defective), a miss rate of 0.2, a false-reject rate of 0.01, "
            "8 seconds a part, 2,000 yen an hour, 50,000 yen an escape and 1,000 yen a scrapped "
            "part. Hours: 10,000 × 8 ÷ 3,600 ≈ 22.2; escapes: 10,000 × 0.002 × 0.2 = 4; false "
            "rejects: 10,000 × 0.998 × 0.01 ≈ 99.8; the month loses about 44,000 + 200,000 + "
            "100,000 ≈ 340,000 yen (the records' 5 % would count 25 times the escapes).",
        ),
    ),
    _records_and_escape_costs,
    Figures(
        {
            "miss_rate": _exact("見逃し率", "the miss rate"),
            "false_reject_rate": _exact("過検出率", "the false-reject rate"),
            "inspection_hours": _exact("月の検査時間", "inspection hours a month"),
            "escapes": _exact("月の流出数", "escapes a month"),
            "false_rejects": _exact("月の過検出数", "false rejects a month"),
            "cost_yen": _exact("月のコスト（円）", "the monthly cost (yen)"),
        }
    ),
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
    # Imported here: scikit-learn takes 1.6 s to import, and notebooks 01, 03 and 04 never need it.
    from sklearn.metrics import roc_auc_score

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
            "一部を抜き出して学ばせれば十分です。製品も列に加えると、製品ごとに違う「良品らしさ」を学べます。"
            "模様を平らにする学習には良品の画像だけを使い、学習済みの `detect` 関数を返しましょう。",
            "Make a table with one row per 8×8-pixel patch (features from `ft.patch_features`, "
            "the target from `ft.patch_labels`: does the patch touch a defect?), let a LightGBM "
            "classifier learn the probability that a patch touches a defect, and score a part as "
            "its most suspicious patch. Good patches are very many: a sample of them is enough. "
            "With the product as a column too, it learns what good looks like on each product. "
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
    """``(scores, labels, threshold, escape_yen)``: hand-made cases (parts scoring exactly the
    threshold, nothing confirmed, everything confirmed), then random scores from ``draw.rng``
    rounded so that they tie, each with a threshold among its scores; made-up escape costs."""
    fixed = [
        ([0.1, 0.2, 0.3, 0.4, 0.4, 0.9], [0, 1, 0, 1, 0, 1], 0.4),
        ([0.2, 0.5, 0.7], [1, 0, 1], 1.0),
        ([0.2, 0.5, 0.7, 0.1], [1, 0, 0, 0], 0.1),
    ]
    rng = draw.rng
    cases = [(np.array(s, dtype=float), np.array(y), t, 50_000.0) for s, y, t in fixed]
    for separation in (1.5, 2.5, 3.5):
        labels = (rng.random(1500) < 0.04).astype(int)
        labels[:2] = [0, 1]
        scores = np.round(rng.normal(size=1500) + separation * labels, 2)
        threshold = float(np.sort(scores)[int(0.9 * len(scores))])
        cases.append((scores, labels, threshold, float(rng.integers(30, 91) * 1000)))
    return cases


# Exact formulas: leaving out the confirming inspector's misses moves escapes by about 5 % of the
# defects confirmed, `>` instead of `>=` drops the parts on the threshold (one part in the
# hand-made case, a few in the random ones), and scaling the sample as it is to a month counts
# defects at the sample's share (a third to two thirds in the hand-made cases, 4 % in the random
# ones) instead of production's.
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
            "NG にされた分、時間は確認した部品の数 × 1個の確認時間です。検証データは不良品を多めに含むので、"
            "標本をそのまま1か月に広げてはいけません。不良品の中での割合と良品の中での割合を求め、1か月"
            "（`MONTHLY_PARTS` 個）の不良品（工程の不良率 `DEFECT_RATE_IN_PRODUCTION`）と良品の数に掛けます。",
            "Split the sample's parts four ways: defects confirmed or not, good parts confirmed or "
            "not. Escapes are all the unconfirmed defects plus the confirmed ones the inspector "
            "misses; false rejects are the confirmed good parts wrongly rejected; the time is the "
            "confirmed parts times the time to confirm one. The validation data hold extra defective "
            "parts, so do not scale the sample to a month as it is: take the shares within the "
            "defective parts and within the good ones, and apply them to a month's "
            "(`MONTHLY_PARTS` parts) defective parts (production's defect rate, "
            "`DEFECT_RATE_IN_PRODUCTION`) and good ones.",
        ),
        worked_step=Msg(
            "例（架空。割合も秒数も架空）：標本は不良 10個・良品 190個、月 6,000個 で工程の不良率 0.01"
            "（不良 60個・良品 5,940個）。しきい値以上は不良 8個・良品 19個、確認で不良を見落とす割合が1割、"
            "良品を誤って NG にする割合が 2%、確認 10秒/個 とします。不良の 0.8 と良品の 0.1 が確認に回るので、"
            "流出は 60 × (0.2 ＋ 0.8 × 0.1) ＝ 16.8件、過検出は 5,940 × 0.1 × 0.02 ≈ 11.9個、確認時間は "
            "(60 × 0.8 ＋ 5,940 × 0.1) × 10秒 ＝ 6,420秒（約 1.8時間）です。",
            "Example (made up, rates and seconds too): a sample of 10 defective and 190 good parts; "
            "6,000 parts a month at a production defect rate of 0.01 (60 defective, 5,940 good). "
            "At or above the threshold: 8 defective and 19 good; inspectors miss a tenth of the "
            "defects they confirm, wrongly reject 2 % of the good parts, and take 10 seconds a "
            "part. 0.8 of the defects and 0.1 of the good parts are confirmed: escapes 60 × (0.2 + "
            "0.8 × 0.1) = 16.8; false rejects 5,940 × 0.1 × 0.02 ≈ 11.9; confirming (60 × 0.8 + "
            "5,940 × 0.1) × 10 seconds = 6,420 seconds (about 1.8 hours).",
        ),
    ),
    _month_inputs,
    Figures(
        {
            "inspection_hours": _exact("確認時間", "inspection hours"),
            "escapes": _exact("流出数", "escapes"),
            "false_rejects": _exact("過検出数", "false rejects"),
            "cost_yen": _exact("月のコスト（円）", "the monthly cost (yen)"),
        }
    ),
)

# One definition: the inspector's seconds and the share of good parts scrapped at their cost.
# Counting a false alarm as a scrapped part, or the scrap at the part's price, moves it by 15 % or
# more (at least 30 % more on the scrap, which is at least half of the cost in the drawn facts);
# the confirming time alone is a fraction of it.
FALSE_ALARM_COST_TOLERANCE = 0.05

false_alarm_cost_yen = ask(
    "false_alarm_cost_yen",
    Msg("空振り1件のコスト（円）", "What one false alarm costs (yen)"),
    Hints(
        nudge=Msg(
            "AI が良品に警告を出したとき（空振り）、その部品はどうなるでしょうか。検査員が確認して"
            "出荷する部品と、確認したのに NG にされて捨てられる部品があります。空振りは、良品を1個"
            "捨てることと同じでしょうか。",
            "When the AI flags a good part (a false alarm), what becomes of it? An inspector "
            "confirms it: most such parts ship, a few are still rejected and scrapped. Is a false "
            "alarm the same as scrapping a good part?",
        ),
        idea=Msg(
            "空振り1件のコストは、1件あたりの平均で考えます。必ずかかるもの（確認にかかる時間）と、"
            "一部の空振りでだけかかるもの（捨てられる割合 × 1個あたりの損失）を足します。捨てた部品は、"
            "ラインに余力があれば作り直すだけなので、売値ではなく作る費用で数えます。",
            "Take a false alarm's cost on average: what every false alarm costs (the time to "
            "confirm it) plus what only some cost (the share scrapped times what one scrapped part "
            "costs). With spare capacity a scrapped part is simply made again: count it at what it "
            "costs to make, not at its price.",
        ),
        worked_step=Msg(
            "例（架空）：確認 20秒、時給 1,800円、確認した良品の 2% を捨て、部品の製造費 1,000円 なら、"
            "時間で 20 ÷ 3,600 × 1,800 ＝ 10円、廃棄で 0.02 × 1,000 ＝ 20円、合わせて 30円 です。",
            "Example (made up): 20 seconds to confirm at 1,800 yen an hour, 2 % of confirmed good "
            "parts scrapped, 1,000 yen to make a part: 20 ÷ 3,600 × 1,800 = 10 yen of time and "
            "0.02 × 1,000 = 20 yen of scrap, 30 yen in all.",
        ),
    ),
    _cost_facts,
    Number(
        Msg("空振り1件のコスト（円）", "the cost of a false alarm (yen)"),
        FALSE_ALARM_COST_TOLERANCE,
    ),
)


def _synthetic_scores(rng: np.random.Generator, defects: int) -> tuple[np.ndarray, np.ndarray]:
    """A validation set's scores like a detector's (probabilities, four decimals): 400 to 1,500
    parts, ``defects`` of them defective, more or less well separated from the good ones."""
    n = int(rng.integers(400, 1501))
    labels = np.zeros(n, dtype=int)
    labels[rng.choice(n, size=defects, replace=False)] = 1
    logits = rng.normal(size=n) - 3 + rng.uniform(1.5, 5.0) * labels
    return np.round(1 / (1 + np.exp(-logits)), 4), labels


def _threshold_inputs(draw: Draw) -> list[tuple]:
    """``(scores, labels, escape_yen, false_alarm_yen)``: the validation lots' scores of the
    learner's data (public checks), then validation sets drawn from ``draw.rng``: three with as
    few defects as the validation lots (8 to 30), where the margin decides, and three with 20 to
    150. Each comes with made-up costs: an escape 20 to 3,000 times a false alarm, or, in two of
    the sets with few defects, 3 to 6 times as many false alarms as the set has good parts (an
    escape as costly as the story's), each times the set's share of defects over production's
    (the same trade-off between misses and false alarms as in the set). Never the costs the
    learner defines: the questions before grade those."""
    rng = draw.rng
    sets = [load_validation_scores()] * 2 if draw is EXERCISES.public_draw else []
    sets += [_synthetic_scores(rng, int(rng.integers(8, 31))) for _ in range(3)]
    sets += [_synthetic_scores(rng, int(rng.integers(20, 151))) for _ in range(3)]
    cases = []
    for k, (scores, labels) in enumerate(sets):
        escape_yen = float(rng.integers(20, 101) * 1000)
        if k in (len(sets) - 6, len(sets) - 5):  # few defects, a costly escape
            ratio = float((labels == 0).sum() * rng.uniform(3, 6))
        else:
            ratio = float(np.exp(rng.uniform(np.log(20), np.log(3000))))
        false_alarm_yen = float(np.round(escape_yen / ratio, 2))
        # Production makes defects far more rarely than the set holds them: the same trade-off
        # between misses and false alarms needs a costlier escape.
        escape_yen *= float(np.round((labels == 1).mean() / business.DEFECT_RATE_IN_PRODUCTION))
        cases.append((scores, labels, escape_yen, false_alarm_yen))
    return cases


def flagged_digest(salt: str, flagged: int) -> str:
    """The salted digest of "a threshold flagging ``flagged`` parts is defensible": the grader
    stores those of the defensible counts, the kernel confirms the learner's count is one."""
    return hashlib.sha256(f"{salt}|flagged|{flagged}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Threshold:
    """A threshold, read as how many of the input's parts it flags (``score >= threshold``): the
    grader accepts a number of flagged parts between what the defensible safety margins give
    with the input's costs (the case's ``marking``)."""

    what: Msg

    def read(self, output: Any, args: tuple) -> dict[str, float]:
        threshold = Number(self.what, 0.0).read(output, args)
        return {"threshold": threshold, "flagged": flagged_parts(args[0], threshold)}

    def confirms(self, mine: dict, digest: list[str], salt: str) -> Msg | None:
        if flagged_digest(salt, int(mine["flagged"])) in digest:
            return None
        return Msg(
            f"しきい値 {mine['threshold']:.4g}（確認に回す部品 {mine['flagged']:,} 個）は、"
            "与えたコストと、検証データの不良の少なさを考えた安全の余裕から決まるしきい値と合いません。",
            f"The threshold {mine['threshold']:.4g} (sending {mine['flagged']:,} parts to the "
            "inspectors) does not match what the given costs and a safety margin for the few "
            "defects of the validation data call for.",
        )


def flagged_parts(scores, threshold: float) -> int:
    """How many parts a threshold sends to the inspectors."""
    return int((np.asarray(scores, dtype=float) >= threshold).sum())


choose_threshold = ask(
    "choose_threshold",
    Msg("安全の余裕をもった運用しきい値", "The operating threshold, with a safety margin"),
    Hints(
        nudge=Msg(
            "しきい値を下げると空振り（確認の手間）が増え、見逃しが減ります。見逃し1件は空振り何件分の"
            "損でしょうか。また、検証ロットの不良はほんの数十個です。そこで見逃しが 0 だったしきい値は、"
            "来月の不良も本当に1個も見逃さないでしょうか。",
            "A lower threshold means more false alarms (confirming) and fewer misses. How many "
            "false alarms is one miss worth? And the validation lots hold only a few dozen "
            "defects: will a threshold that missed none of them really miss none next month?",
        ),
        idea=Msg(
            "候補のしきい値ごとに、生産1個あたりの期待コスト「工程の不良率 × 見逃し率 × 流出1件のコスト ＋ "
            "（1 − 工程の不良率）× 良品の空振り率 × 空振り1件のコスト」を求め、最も安いものを選びます。"
            "検証データの不良の割合は工程の不良率（`business.DEFECT_RATE_IN_PRODUCTION`）よりずっと高いので、"
            "件数をそのまま数えてはいけません。ただし見逃し率は、観測した割合 m / n（n 個の不良のうち m 個を"
            "見逃した）そのままではなく、不良の少なさを考えた余裕のある値で見積もります。たとえば順序統計量"
            "の考え方（新しい不良が、見た不良の下から k 番目より低い確率は k / (n + 1)）や、二項分布の"
            "信頼上限（Clopper–Pearson、Wilson）です。全部品を確認するしきい値なら、見逃しは起きません。"
            "どの余裕を選んだか、その理由をコメントに書きましょう。",
            "For each candidate threshold, take the expected cost per part made: production's "
            "defect rate × the miss rate × the cost of an escape + (1 − that rate) × the good "
            "parts' false-alarm rate × the cost of a false alarm, and choose the cheapest. The "
            "validation data hold a far larger share of defects than production "
            "(`business.DEFECT_RATE_IN_PRODUCTION`): do not count their parts as they are. "
            "But estimate the miss rate with a margin for how few defects there are, not as the "
            "observed share m / n (m of n defects missed): e.g. order statistics (a new defect "
            "scores below the k-th lowest one seen with probability k / (n + 1)) or a binomial "
            "upper confidence bound (Clopper–Pearson, Wilson). A threshold that sends every part "
            "to the inspectors misses nothing. Say in a comment which margin you chose, and why.",
        ),
        worked_step=Msg(
            "例（架空）：不良 9個・良品 991個（工程の不良率も 0.9% とします）で、見逃し1件 1万円・空振り1件 20円 とします。不良をすべて"
            "拾う最も高いしきい値で空振りが 300件、2番目に低い不良に合わせると空振りが 100件 で見逃しが "
            "1件です。順序統計量で見積もると、見逃し率は 1 ÷ 10 と 2 ÷ 10、不良 9個 ならそれぞれ 0.9件・"
            "1.8件 の見逃しに当たります。コストは 9,000 ＋ 6,000 ＝ 15,000円 と 18,000 ＋ 2,000 ＝ "
            "20,000円 で、前者が安くなります。全数確認（空振り 991件、見逃し 0件）なら 19,820円 です。",
            "Example (made up): 9 defects and 991 good parts (production's defect rate 0.9 % too), "
            "10,000 yen a miss and 20 yen a false alarm. The highest threshold catching every defect gives 300 false alarms; one at "
            "the second-lowest defect gives 100 and misses 1. By order statistics the miss rates "
            "are 1 ÷ 10 and 2 ÷ 10, that is 0.9 and 1.8 misses among 9 defects: the costs are "
            "9,000 + 6,000 = 15,000 yen and 18,000 + 2,000 = 20,000 yen, so the first is cheaper. "
            "Confirming every part (991 false alarms, no miss) costs 19,820 yen.",
        ),
    ),
    _threshold_inputs,
    Threshold(Msg("しきい値", "the threshold")),
)

# ---------------------------------------------------------------- 03 stretch task (optional)

GOOD_LOGIT = (-3.0, 1.0)
"""Mean and spread of a good part's score on the logit scale, in the pilots' samples."""
PILOTS = {"public": 40, "hidden": 100}
"""Pilots' samples a check hands the learner's rule: each is one decision to ship unseen."""


@dataclass(frozen=True)
class PilotSample:
    """One pilot's records, every part re-inspected by QA: the AI's scores and the true labels, and
    the law they were drawn from (the grader's: a learner's rule receives scores and labels
    only). Scores are probabilities; their logits are normal, ``GOOD_LOGIT`` for good parts and
    ``(defect_mean, defect_sd)`` for defective ones. Like the learners' data, the records hold
    every defective part QA found and a sample of the good ones: production makes defects at
    :data:`business.DEFECT_RATE_IN_PRODUCTION`, not at the records' share."""

    scores: np.ndarray
    labels: np.ndarray
    defect_mean: float
    defect_sd: float


def pilot_samples(rng: np.random.Generator, count: int) -> list[PilotSample]:
    """``count`` pilots' records drawn from ``rng``: 150 to 400 defective parts, 3 % to 5 % of the
    records (3,000 to 13,000 parts), the defects more or less well separated."""
    samples = []
    for _ in range(count):
        defects = int(rng.integers(150, 401))
        n = int(round(defects / rng.uniform(0.03, 0.05)))
        mean, sd = GOOD_LOGIT[0] + rng.uniform(3.0, 5.0), rng.uniform(1.0, 1.6)
        labels = np.zeros(n, dtype=np.int8)
        labels[rng.choice(n, size=defects, replace=False)] = 1
        logits = np.where(labels == 1, rng.normal(mean, sd, n), rng.normal(*GOOD_LOGIT, n))
        samples.append(PilotSample(1 / (1 + np.exp(-logits)), labels, mean, sd))
    return samples


def pilot_draw_samples(draw: Draw) -> list[PilotSample]:
    """The pilots of ``draw``: :data:`PILOTS` ``["public"]`` of them for the learner's self-check,
    ``["hidden"]`` from the cohort's secret seed for grading."""
    public = draw is EXERCISES.public_draw
    return pilot_samples(draw.rng, PILOTS["public" if public else "hidden"])


def _pilot_inputs(draw: Draw) -> list[tuple]:
    """``(scores, labels)`` of each pilot: never the law they were drawn from."""
    return [(sample.scores, sample.labels) for sample in pilot_draw_samples(draw)]


KEPT_AT_LEAST = 0.9
"""Rules meant to keep the agreement in 19 decisions out of 20 must keep it in at least 90 % of the
pilots a hidden check hands them (100): one that keeps it 95 % of the time falls short about once
in a hundred cohorts, one without a margin (about half the time) always."""
CONFIRMED_AT_MOST = 0.99
"""A rule that still sends more than this share of the parts to the inspectors, on average over the
public pilots, saves next to nothing on confirming every part, today's practice: the self-check
says so rather than "passed" (the grader's bands ask for far more)."""


def _ppm(rate: float) -> str:
    return f"{rate * 1e6:,.0f} ppm"


def kept_failure(share: float, where: Msg) -> Msg | None:
    """Why rules keeping the agreement in ``share`` of the pilots of ``where`` fall short, if they
    do."""
    if share >= KEPT_AT_LEAST:
        return None
    return Msg(
        f"{where.ja}で、確認せずに出荷しても取り決め（流出率 {_ppm(business.MAX_ESCAPE_RATE)} 以下）を"
        f"守れた判断は {share:.0%} でした（{KEPT_AT_LEAST:.0%} 以上が目安）。見逃し率の見積もりに、"
        "不良の数に見合う安全の余裕が足りません。",
        f"On {where.en}, {share:.0%} of the decisions to ship unseen kept the agreement (escape "
        f"rate at most {_ppm(business.MAX_ESCAPE_RATE)}; {KEPT_AT_LEAST:.0%} or more expected): the "
        "miss rate is planned without enough margin for the number of defects.",
    )


def _agreement_kept(thresholds: list[float], material: dict) -> Msg | None:
    """On the public pilots: each decision judged on the months after it, by the true miss rate
    and share of parts confirmed at each threshold the grader stored for the pilot (on a grid of
    thresholds' logits, from its law)."""
    with np.errstate(divide="ignore"):
        logits = np.log(thresholds) - np.log1p(-np.clip(thresholds, 0.0, 1.0))
    grid = material["logit_grid"]
    kept, confirmed = [], []
    for logit, missed, confirms in zip(
        logits, material["missed"], material["confirmed"], strict=True
    ):
        missed_here = float(np.interp(logit, grid, missed))
        escapes = business.DEFECT_RATE_IN_PRODUCTION * (
            missed_here + (1 - missed_here) * (1 - business.REVIEW_CATCH_RATE)
        )
        kept.append(escapes <= business.MAX_ESCAPE_RATE)
        confirmed.append(float(np.interp(logit, grid, confirms)))
    share_kept = float(np.mean(kept))
    print(
        Msg(
            f"取り決めを守れた判断（公開の試験導入データ {len(kept)} 回）: {share_kept:.0%}、"
            f"確認に回す部品の割合 平均 {np.mean(confirmed):.1%}",
            f"decisions keeping the agreement (public pilots, {len(kept)}): {share_kept:.0%}; "
            f"share of parts confirmed, mean {np.mean(confirmed):.1%}",
        )
    )
    failure = kept_failure(share_kept, Msg("公開の試験導入データ", "the public pilots"))
    if failure is None and np.mean(confirmed) > CONFIRMED_AT_MOST:
        return Msg(
            f"取り決めは守れていますが、確認に回す部品が平均 {np.mean(confirmed):.1%} で、全数を確認する"
            "今のやり方と変わりません。許される見逃し率をどう求めたか、見直しましょう。",
            f"The agreement is kept, but {np.mean(confirmed):.1%} of the parts still go to the "
            "inspectors on average: no better than confirming every part, as today. Check how your "
            "rule works out the miss rate it may allow.",
        )
    return failure


_SHIP_UNSEEN_HINTS = Hints(
    nudge=Msg(
        f"取り決めの {_ppm(business.MAX_ESCAPE_RATE)} は、出荷する部品のうちの不良の割合です。不良の何割までなら、しきい値の下で"
        "見逃してよいでしょうか。確認に回った不良も、検査員が見落とすことがあります。そして、数百個の"
        "不良で測った見逃し率は、来月の見逃し率とどれくらい違いうるでしょうか。",
        f"The agreement's {_ppm(business.MAX_ESCAPE_RATE)} is a share of the parts shipped. What share of the defects may then "
        "fall below the threshold? The inspectors also miss some of the defects they confirm. And "
        "how far can a miss rate measured on a few hundred defects be from next month's?",
    ),
    idea=Msg(
        "まず、許される見逃し率を求めます：工程の不良率（`business.DEFECT_RATE_IN_PRODUCTION`。記録の"
        "不良の割合ではありません）×（見逃し率 ＋（1 − 見逃し率）×（1 − "
        "`business.REVIEW_CATCH_RATE`））≦ `business.MAX_ESCAPE_RATE`。次に、n 個の不良のうち下から"
        " k 個を見逃す、いちばん高いしきい値（下から k + 1 番目の不良のスコア）の本当の見逃し率は、"
        "ベータ分布 Beta(k + 1, n − k) に従います（順序統計量）。その `business.AGREEMENT_CONFIDENCE` "
        "の点（`scipy.stats.beta.ppf`）が許される見逃し率以下になる、いちばん高いしきい値を選びます。"
        "どのしきい値でも無理なら、全数を確認します。",
        "First the miss rate allowed: production's defect rate "
        "(`business.DEFECT_RATE_IN_PRODUCTION`, not the records' share of defects) × (miss rate + (1 − miss rate) × (1 − "
        "`business.REVIEW_CATCH_RATE`)) ≤ `business.MAX_ESCAPE_RATE`. Then: the highest "
        "threshold that misses the k lowest of n defects (the score of the (k + 1)-th lowest) has "
        "a true miss rate following Beta(k + 1, n − k) (order statistics). Choose the highest "
        "threshold whose `business.AGREEMENT_CONFIDENCE` point (`scipy.stats.beta.ppf`) is within "
        "the allowed miss rate; if none is, confirm every part.",
    ),
    worked_step=Msg(
        "例（架空）：工程の不良率 5%、確認での見落とし 10%、取り決め 1% なら、許される見逃し率 m は "
        "0.05 ×（m ＋ (1 − m) × 0.1）≦ 0.01 から m ≦ 0.111 です。不良 100個 で、下から 5個 を見逃す"
        "しきい値なら本当の見逃し率は Beta(6, 95) に従い、その 95% の点は約 0.102 で許される範囲です。"
        "下から 6個 なら Beta(7, 94) の 95% の点は約 0.115 で、範囲を超えます。",
        "Example (made up): a 5 % production defect rate, inspectors missing 10 % of what they confirm and "
        "an agreement of 1 %: 0.05 × (m + (1 − m) × 0.1) ≤ 0.01 allows a miss rate m ≤ 0.111. "
        "With 100 defects, a threshold missing the 5 lowest has a true miss rate following "
        "Beta(6, 95), whose 95 % point, about 0.102, is allowed; missing the 6 lowest, Beta(7, "
        "94)'s 95 % point is about 0.115: too high.",
    ),
)


def _one_threshold(args: tuple) -> int:
    return 1


_SHIP_UNSEEN = Predictions(Msg("しきい値", "the threshold"), _one_threshold, _agreement_kept)

ship_unseen_merit, ship_unseen_distinction = EXERCISES.stretch(
    "ship_unseen",
    Msg("確認せずに出荷するしきい値", "shipping unseen"),
    _SHIP_UNSEEN_HINTS,
    _pilot_inputs,
    _SHIP_UNSEEN,
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
