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
    Msg(
        "parts（品質保証の全数再検査で付けた label）と inspection_log（検査員の判定 decision）を "
        "part_id で結合します。見逃し率 ＝ 不良品のうち OK とされた割合、過検出率 ＝ 良品のうち "
        "NG とされた割合です。",
        "Join parts (label from QA's full re-inspection) with inspection_log (the inspector's "
        "decision) on part_id. Miss rate = share of defective parts passed as OK; false-reject "
        "rate = share of good parts rejected as NG.",
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
    Msg(
        "1個あたりの平均検査秒数 × `business.MONTHLY_PARTS` ÷ 3600 です。",
        "Mean seconds per part × `business.MONTHLY_PARTS` ÷ 3600.",
    ),
    _inspection_records,
    Number(Msg("月あたりの目視検査時間", "inspection hours a month"), 1e-6),
)

monthly_as_is_cost = ask(
    "monthly_as_is_cost",
    Msg("月あたりの現状コスト（円）", "Today's cost a month (yen)"),
    Msg(
        "検査時間 × 時給 ＋ 月の流出数 × 流出1件のコスト ＋ 月の過検出数 × 廃棄1個のコスト。"
        "月の流出数 ＝ MONTHLY_PARTS × 不良率 × 見逃し率、月の過検出数 ＝ MONTHLY_PARTS × "
        "(1 − 不良率) × 過検出率です。",
        "Inspection hours × hourly cost + escapes a month × cost of an escape + false rejects a "
        "month × cost of a scrapped part. Escapes = MONTHLY_PARTS × defect rate × miss rate; "
        "false rejects = MONTHLY_PARTS × (1 − defect rate) × false-reject rate.",
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
    Msg(
        "不良品と良品のすべての組について、不良品のスコアが高ければ 1、同点なら 0.5、低ければ 0 "
        "として平均します（Mann–Whitney の U）。",
        "Over every (defective, good) pair, count 1 when the defective part scores higher, 0.5 on "
        "a tie and 0 otherwise, and average (the Mann–Whitney U).",
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
    Msg(
        "`ft.SurfaceFlattener` で良品の模様を平らにし、`ft.feature_maps` の各フィルター応答が"
        "良品で何標準偏差にばらつくかを製品ごとに求めます。画素ごとに「最も外れたフィルターが"
        "何標準偏差か」を測りましょう。",
        "Flatten the normal texture with `ft.SurfaceFlattener`, then find per product how many "
        "standard deviations each `ft.feature_maps` response spreads over on good parts. Measure "
        "each pixel by how many standard deviations its most unusual filter is.",
    ),
    _good_parts_then_unseen_parts,
    _PART_SCORES,
    expensive=True,
)

defect_detector = ask(
    "defect_detector",
    Msg("LightGBM による不良検出", "Defect detection with LightGBM"),
    Msg(
        "`ft.patch_features` と `ft.patch_labels` で 8×8 画素のパッチごとの表を作り、"
        "LightGBM でパッチが不良に触れる確率を学びます。部品のスコアは、最も怪しいパッチの"
        "スコアにしましょう。",
        "Build a table per 8×8-pixel patch with `ft.patch_features` and `ft.patch_labels` and "
        "let LightGBM learn the probability that a patch touches a defect. Score a part as its "
        "most suspicious patch.",
    ),
    _unseen_parts_in_batches,
    _PART_SCORES,
    expensive=True,
)

defect_localisation = ask(
    "defect_localisation",
    Msg("不良個所の位置特定", "Pointing at the defect"),
    Msg(
        "パッチのスコアを 8×8 画素に広げるだけでは、最も明るい画素がパッチの角に来ます。"
        "画素ごとの目立ち具合（フィルター応答の絶対値の最大）を掛けましょう。",
        "Spreading each patch's score over its 8×8 pixels puts the brightest pixel on a patch "
        "corner: multiply by how much each pixel stands out (its largest absolute filter "
        "response).",
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
    Msg(
        "しきい値以上のスコアの部品だけを検査員が確認します。流出 ＝ 見逃した不良（しきい値未満）＋ "
        "確認したが見落とした不良（確認した不良 × (1 − REVIEW_CATCH_RATE)）。標本の件数を "
        "MONTHLY_PARTS に拡大してください。",
        "Inspectors confirm only parts scoring at least the threshold. Escapes = defects below "
        "the threshold + flagged defects the inspector misses (× (1 − REVIEW_CATCH_RATE)). "
        "Scale the sample to MONTHLY_PARTS.",
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
    Msg(
        "候補（観測されたスコアすべて）ごとに `to_be_month` を計算し、流出率が "
        "`business.MAX_ESCAPE_RATE` 以下のもののうち月のコストが最小のしきい値を返します。",
        "For every candidate (each observed score) compute `to_be_month`; among those whose "
        "escape rate is at most `business.MAX_ESCAPE_RATE`, return the cheapest threshold.",
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
    Msg(
        "(現状の月コスト − 導入後の月コスト) × 12 − `business.SYSTEM_ANNUAL_COST_YEN`。",
        "(today's monthly cost − monthly cost after) × 12 − `business.SYSTEM_ANNUAL_COST_YEN`.",
    ),
    _benefit_inputs,
    Number(Msg("年間の正味効果（円）", "the net annual benefit (yen)"), 1e-6),
)
