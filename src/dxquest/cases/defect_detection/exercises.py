"""The graded questions of the defect-detection case, one :class:`~dxquest.exercise.Question`
each. Notebooks use them as ``ex.<question>.check(answer)``, ``ex.<question>.hint()`` and, in
nbgrader test cells, ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection import SPEC, business, reference
from dxquest.cases.defect_detection.data import validation_scores, validation_split
from dxquest.cases.defect_detection.evaluation import (
    hidden_detection_scores,
    inspector_auroc,
    learner_detection,
)
from dxquest.cases.spec import once_per_answer
from dxquest.exercise import (
    Question,
    call_learner,
    expect,
    expect_close,
    report_metric,
)
from dxquest.i18n import Msg
from dxquest.secret import derived_seed
from dxquest.skill import report_scores, skill_at_least

__all__ = ["setup"]


setup = SPEC.setup
_public = SPEC.public
hidden_data = SPEC.hidden_data


def _tables(data):
    return data.parts.copy(), data.inspection_log.copy()


# ---------------------------------------------------------------- 01 business problem


def _check_rates(data):
    def checks(answer):
        mine = call_learner(answer, *_tables(data()))
        expected = reference.inspection_rates(*_tables(data()))
        expect(
            isinstance(mine, dict) and set(expected) <= set(mine),
            Msg(
                "`{'miss_rate': …, 'false_reject_rate': …}` の辞書を返してください。",
                "Return a dict `{'miss_rate': …, 'false_reject_rate': …}`.",
            ),
        )
        for key, what in (
            ("miss_rate", Msg("見逃し率", "the miss rate")),
            ("false_reject_rate", Msg("過検出率", "the false-reject rate")),
        ):
            expect_close(mine[key], expected[key], 0.01, what)

    return checks


inspection_rates = Question(
    "ex.inspection_rates",
    Msg("目視検査の見逃し率と過検出率", "Miss and false-reject rates of visual inspection"),
    Msg(
        "parts（品質保証の全数再検査で付けた label）と inspection_log（検査員の判定 decision）を "
        "part_id で結合します。見逃し率 ＝ 不良品のうち OK とされた割合、過検出率 ＝ 良品のうち "
        "NG とされた割合です。",
        "Join parts (label from QA's full re-inspection) with inspection_log (the inspector's "
        "decision) on part_id. Miss rate = share of defective parts passed as OK; false-reject "
        "rate = share of good parts rejected as NG.",
    ),
    _check_rates(_public),
    _check_rates(hidden_data),
)

monthly_inspection_hours = SPEC.same_number(
    "ex.monthly_inspection_hours",
    Msg("月あたりの目視検査時間（時間）", "visual inspection hours a month"),
    Msg(
        "1個あたりの平均検査秒数 × `business.MONTHLY_PARTS` ÷ 3600 です。",
        "Mean seconds per part × `business.MONTHLY_PARTS` ÷ 3600.",
    ),
    lambda parts, log: reference.monthly_as_is(parts, log)["inspection_hours"],
    0.005,
    _tables,
)

monthly_as_is_cost = SPEC.same_number(
    "ex.monthly_as_is_cost",
    Msg("月あたりの現状コスト（円）", "today's cost a month (yen)"),
    Msg(
        "検査時間 × 時給 ＋ 月の流出数 × 流出1件のコスト ＋ 月の過検出数 × 廃棄1個のコスト。"
        "月の流出数 ＝ MONTHLY_PARTS × 不良率 × 見逃し率、月の過検出数 ＝ MONTHLY_PARTS × "
        "(1 − 不良率) × 過検出率です。",
        "Inspection hours × hourly cost + escapes a month × cost of an escape + false rejects a "
        "month × cost of a scrapped part. Escapes = MONTHLY_PARTS × defect rate × miss rate; "
        "false rejects = MONTHLY_PARTS × (1 − defect rate) × false-reject rate.",
    ),
    lambda parts, log: reference.monthly_as_is(parts, log)["cost_yen"],
    0.005,
    _tables,
)

# ---------------------------------------------------------------- 02 AI trial

_AUROC_CASES = [
    (np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])),
    (np.array([1, 0, 0, 1, 0]), np.array([0.5, 0.5, 0.2, 0.9, 0.5])),  # ties count half
    (np.array([0, 1, 0, 0]), np.array([3.0, 1.0, 2.0, 0.0])),
]


def _check_auroc(cases):
    def checks(answer):
        for labels, scores in cases():
            expect_close(
                call_learner(answer, labels.copy(), scores.copy()),
                roc_auc_score(labels, scores),
                1e-9,
                Msg("AUROC", "AUROC"),
            )

    return checks


def _random_auroc_cases():
    rng = np.random.default_rng(derived_seed(SPEC.id, "auroc"))
    cases = []
    for _ in range(3):
        labels = (rng.random(200) < 0.1).astype(int)
        labels[:2] = [0, 1]
        scores = np.round(rng.normal(size=200) + labels, 1)  # rounding makes ties
        cases.append((labels, scores))
    return cases


auroc = Question(
    "ex.auroc",
    Msg("AUROC の実装", "Implementing AUROC"),
    Msg(
        "不良品と良品のすべての組について、不良品のスコアが高ければ 1、同点なら 0.5、低ければ 0 "
        "として平均します（Mann–Whitney の U）。",
        "Over every (defective, good) pair, count 1 when the defective part scores higher, 0.5 on "
        "a tie and 0 otherwise, and average (the Mann–Whitney U).",
    ),
    _check_auroc(lambda: _AUROC_CASES),
    _check_auroc(_random_auroc_cases),
)


@once_per_answer
def _hidden_detection(answer) -> dict[str, dict[str, float]]:
    """Hidden-draw scores (several test cells share them)."""
    figures, part_scores = hidden_detection_scores(answer, hidden_data())
    SPEC.emit_holdout_predictions(part_scores)
    return figures


@once_per_answer
def _public_auroc(answer) -> float:
    data = _public()
    _, validation = validation_split(data)
    scores, _ = learner_detection(
        answer, data.images[validation], data.parts["product"].to_numpy()[validation]
    )
    return roc_auc_score(data.parts["label"].to_numpy()[validation], scores)


def _public_detection(answer) -> None:
    """Format, and better than the inspectors on the validation lots (the public check)."""
    data = _public()
    mine = _public_auroc(answer)
    inspectors = inspector_auroc(data)
    print(f"AUROC (validation lots of your data): {mine:.3f}; inspectors {inspectors:.3f}")
    expect(
        mine > inspectors,
        Msg(
            f"あなたのデータの検証ロットで、AUROC {mine:.3f} が検査員（{inspectors:.3f}）を"
            "上回っていません。",
            f"On the validation lots of your data, AUROC {mine:.3f} does not beat the inspectors "
            f"({inspectors:.3f}).",
        ),
    )


def _auroc_skill_at_least(threshold: float, key: str, prefix: str):
    def scores(answer):
        figures = _hidden_detection(answer)[key]
        report_scores(prefix, figures)
        return figures

    return skill_at_least(
        threshold,
        scores,
        lambda s: (
            f"hidden draw {key}: {s['learner']:.3f} (today {s['baseline']:.3f}, oracle "
            f"{s['oracle']:.3f}); skill {s['skill']:.2f}"
        ),
        Msg("画像 AUROC の" if key == "image_auroc" else "位置特定の", key.replace("_", " ")),
    )


_DETECTOR_HINT = Msg(
    "`features.SurfaceFlattener` で良品の模様を平らにし、`feature_maps` → `patch_features` で"
    "8×8 画素のパッチごとの特徴を作ります。部品のスコアは最も怪しいパッチのスコア、ヒートマップは "
    "`features.heatmap` で作れます。",
    "Flatten the normal texture with `features.SurfaceFlattener`, then `feature_maps` → "
    "`patch_features` give features per 8×8-pixel patch. A part scores as its most suspicious "
    "patch; `features.heatmap` builds the heatmap.",
)

anomaly_detector = Question(
    "ex.anomaly_detector",
    Msg("良品だけで学習する異常検知", "Anomaly detection trained on good parts only"),
    _DETECTOR_HINT,
    _public_detection,
    _auroc_skill_at_least(0.0, "image_auroc", "unsupervised_auroc"),
)

defect_detector = Question(
    "ex.defect_detector",
    Msg("LightGBM による不良検出", "Defect detection with LightGBM"),
    _DETECTOR_HINT,
    _public_detection,
    _auroc_skill_at_least(0.5, "image_auroc", "image_auroc"),
)

defect_localisation = Question(
    "ex.defect_localisation",
    Msg("不良個所の位置特定", "Pointing at the defect"),
    Msg(
        "ヒートマップの最も明るい画素が不良の上に来るように、パッチのスコアに画素ごとの"
        "目立ち具合を掛けましょう（`features.heatmap`）。",
        "Make the heatmap's brightest pixel fall on the defect: multiply each patch's score by "
        "how much each pixel stands out (`features.heatmap`).",
    ),
    _public_detection,
    _auroc_skill_at_least(0.5, "localisation", "localisation"),
)

# ---------------------------------------------------------------- 03 operations


def _score_cases(seed_name: str):
    def cases():
        rng = np.random.default_rng(derived_seed(SPEC.id, seed_name))
        out = []
        for separation in (1.5, 2.5, 3.5):
            labels = (rng.random(1500) < 0.04).astype(int)
            out.append((rng.normal(size=1500) + separation * labels, labels))
        return out

    return cases


def _check_to_be(cases):
    def checks(answer):
        for scores, labels in cases():
            threshold = float(np.quantile(scores, 0.9))
            mine = call_learner(answer, scores.copy(), labels.copy(), threshold)
            expected = reference.to_be_month(scores, labels, threshold)
            expect(
                isinstance(mine, dict),
                Msg("辞書を返してください。", "Return a dict."),
            )
            for key in ("inspection_hours", "escapes", "false_rejects", "cost_yen"):
                expect(
                    key in mine,
                    Msg(f"キー {key!r} がありません。", f"Key {key!r} is missing."),
                )
                expect_close(mine[key], expected[key], 0.01, Msg(key, key))

    return checks


to_be_month = Question(
    "ex.to_be_month",
    Msg("AI＋人の検査の1か月", "A month of AI + human inspection"),
    Msg(
        "しきい値以上のスコアの部品だけを検査員が確認します。流出 ＝ 見逃した不良（しきい値未満）＋ "
        "確認したが見落とした不良（確認した不良 × (1 − REVIEW_CATCH_RATE)）。標本の件数を "
        "MONTHLY_PARTS に拡大してください。",
        "Inspectors confirm only parts scoring at least the threshold. Escapes = defects below "
        "the threshold + flagged defects the inspector misses (× (1 − REVIEW_CATCH_RATE)). "
        "Scale the sample to MONTHLY_PARTS.",
    ),
    _check_to_be(lambda: _score_cases("public-scores")()[:1]),
    _check_to_be(_score_cases("hidden-scores")),
)


def _check_threshold(cases, report: bool):
    def checks(answer):
        for scores, labels in cases():
            threshold = float(call_learner(answer, scores.copy(), labels.copy()))
            mine = reference.to_be_month(scores, labels, threshold)
            best = reference.to_be_month(scores, labels, reference.choose_threshold(scores, labels))
            expect(
                mine["escape_rate"] <= business.MAX_ESCAPE_RATE + 1e-12,
                Msg(
                    f"流出率 {mine['escape_rate']:.3%} が顧客との取り決め "
                    f"{business.MAX_ESCAPE_RATE:.1%} を超えています。",
                    f"The escape rate {mine['escape_rate']:.3%} breaks the customer agreement "
                    f"({business.MAX_ESCAPE_RATE:.1%}).",
                ),
            )
            expect(
                mine["cost_yen"] <= best["cost_yen"] * 1.02,
                Msg(
                    f"月のコスト ¥{mine['cost_yen']:,.0f} が、条件を満たす最安 "
                    f"¥{best['cost_yen']:,.0f} より 2% 以上高くなっています。",
                    f"The monthly cost ¥{mine['cost_yen']:,.0f} is more than 2% above the cheapest "
                    f"that keeps the agreement (¥{best['cost_yen']:,.0f}).",
                ),
            )
        if report:
            _report_operations(answer)

    return checks


def _report_operations(answer) -> None:
    """Benchmark figures of the learner's rule on the reference model's validation scores."""
    scores, labels = validation_scores()
    month = reference.to_be_month(scores, labels, float(call_learner(answer, scores, labels)))
    today = reference.monthly_as_is(*_tables(_public()))
    report_metric("inspection_cost_learner", month["cost_yen"])
    report_metric("inspection_cost_baseline", today["cost_yen"])
    report_metric("hours_saved_per_month", today["inspection_hours"] - month["inspection_hours"])


choose_threshold = Question(
    "ex.choose_threshold",
    Msg("運用しきい値の選択", "Choosing the operating threshold"),
    Msg(
        "候補（観測されたスコアすべて）ごとに `to_be_month` を計算し、流出率が "
        "`business.MAX_ESCAPE_RATE` 以下のもののうち月のコストが最小のしきい値を返します。",
        "For every candidate (each observed score) compute `to_be_month`; among those whose "
        "escape rate is at most `business.MAX_ESCAPE_RATE`, return the cheapest threshold.",
    ),
    _check_threshold(lambda: _score_cases("public-scores")()[:1], report=False),
    _check_threshold(_score_cases("hidden-scores"), report=True),
)

# ---------------------------------------------------------------- 04 pitch


def _expected_benefit(as_is: dict, to_be: dict) -> float:
    return 12 * (as_is["cost_yen"] - to_be["cost_yen"]) - business.SYSTEM_ANNUAL_COST_YEN


def _benefit_cases(seed_name: str | None):
    def cases():
        if seed_name is None:
            return [({"cost_yen": 50_000_000.0}, {"cost_yen": 9_000_000.0})]
        rng = np.random.default_rng(derived_seed(SPEC.id, seed_name))
        return [
            ({"cost_yen": float(a)}, {"cost_yen": float(b)})
            for a, b in rng.uniform(1e6, 8e7, size=(3, 2))
        ]

    return cases


def _check_benefit(cases):
    def checks(answer):
        for as_is, to_be in cases():
            expect_close(
                call_learner(answer, dict(as_is), dict(to_be)),
                _expected_benefit(as_is, to_be),
                0.001,
                Msg("年間の正味効果（円）", "net annual benefit (yen)"),
            )

    return checks


annual_benefit = Question(
    "ex.annual_benefit",
    Msg("年間の正味効果", "Net annual benefit"),
    Msg(
        "(現状の月コスト − 導入後の月コスト) × 12 − `business.SYSTEM_ANNUAL_COST_YEN`。",
        "(today's monthly cost − monthly cost after) × 12 − `business.SYSTEM_ANNUAL_COST_YEN`.",
    ),
    _check_benefit(_benefit_cases(None)),
    _check_benefit(_benefit_cases("benefit")),
)
