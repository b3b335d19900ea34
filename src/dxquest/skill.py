"""The normalised skill every case grades its AI against: where the learner's score sits between
today's human practice (the baseline, skill 0) and the best any model could do on the realised
hidden draw (the oracle, skill 1).

Every case reports its hidden-holdout figures through :func:`report_scores`, so the benchmark, the
bands recorded for the cohort and the leakage flag mean the same thing in every case.
"""

from __future__ import annotations

from collections.abc import Callable

from dxquest.exercise import expect, report_metric
from dxquest.i18n import Msg

PASS_BAND = 0.5
"""The skill a model needs to pass: a case's skill-gate test cells check it on the hidden holdout,
and completion requires them."""
SKILL_BANDS = (("distinction", 0.9), ("merit", 0.75), ("pass", PASS_BAND))
"""Bands of the normalised skill, recorded for the cohort; test cells grade pass and above."""
LEAKAGE_REVIEW_ABOVE = 1.02
"""A skill this far above the oracle is not plausible without information from the holdout."""


def normalised_skill(learner: float, baseline: float, oracle: float) -> float:
    """Share of the gap from baseline to oracle that the learner closed.

    ``(baseline - learner) / (baseline - oracle)``, which is the same number for lower-is-better
    scores (WAPE, cost) and higher-is-better ones (AUROC): 0 means no better than the baseline,
    1 means as good as the oracle, negative means worse than the baseline.
    """
    if baseline == oracle:
        raise ValueError("baseline equals oracle, so the skill is undefined")
    return float((baseline - learner) / (baseline - oracle))


def skill_band(skill: float) -> str:
    return next((name for name, floor in SKILL_BANDS if skill >= floor), "below pass")


def report_scores(prefix: str, scores: dict[str, float]) -> None:
    """Report ``scores`` (learner, baseline, oracle, skill) as ``<prefix>_<role>`` figures for the
    benchmark, with the skill's band, and warn the learner when the skill needs a leakage review."""
    for role in ("learner", "baseline", "oracle"):
        report_metric(f"{prefix}_{role}", scores[role])
    report_metric(f"{prefix}_skill", scores["skill"])
    report_metric(f"{prefix}_band", skill_band(scores["skill"]))
    if scores["skill"] > LEAKAGE_REVIEW_ABOVE:
        print(
            Msg(
                f"⚠️ 非公開データでの skill が {LEAKAGE_REVIEW_ABOVE} を超えました。データ漏洩"
                "（非公開データや未来の情報の利用）がないか確認します。",
                f"⚠️ Skill above {LEAKAGE_REVIEW_ABOVE} on the hidden holdout: flagged for a "
                "leakage review (use of hidden or future information).",
            )
        )
        report_metric(f"{prefix}_leakage_flag", scores["skill"])


def skill_at_least(
    threshold: float,
    hidden_scores: Callable[[object], dict[str, float]],
    summary: Callable[[dict[str, float]], str],
    label: Msg,
) -> Callable[[object], None]:
    """A hidden check: the skill that ``hidden_scores(answer)`` reports reaches ``threshold``
    (a threshold of 0 means *beat* today's practice: equalling it is not enough);
    ``summary(scores)`` is printed for the learner either way."""

    def checks(answer):
        scores = hidden_scores(answer)
        print(summary(scores))
        skill = scores["skill"]
        expect(
            skill > 0 if threshold == 0 else skill >= threshold,
            Msg(
                f"非公開データでの{label.ja} skill が {skill:.2f} で、"
                f"基準 {threshold} に届きません。",
                f"{label.en} skill on the hidden holdout is {skill:.2f}, below {threshold}.",
            ),
        )

    return checks
