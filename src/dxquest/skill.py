"""The normalised skill every case grades its AI against: where the learner's score sits between
today's human practice (the baseline, skill 0) and the best any model could do on the realised
hidden draw (the oracle, skill 1).

Every case's marks report their hidden-holdout figures through :func:`report_scores` (in the
grader), so the benchmark, the bands recorded for the cohort and the leakage flag mean the same
thing in every case.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from dxquest.i18n import Msg

PASS, MERIT, DISTINCTION = "pass", "merit", "distinction"
PASS_BAND = 0.5
"""The skill a model needs to pass: a case's skill-gate test cells check it on the hidden holdout,
and completion requires them."""
MERIT_BAND, DISTINCTION_BAND = 0.75, 0.9
SKILL_BANDS = ((DISTINCTION, DISTINCTION_BAND), (MERIT, MERIT_BAND), (PASS, PASS_BAND))
"""Bands of the normalised skill, recorded for the cohort; test cells grade pass and above, a
case's optional stretch task merit and distinction."""
LEAKAGE_REVIEW_ABOVE = 1.02
"""A skill this far above the oracle is not plausible without information from the holdout."""


def report_metric(name: str, value: float | str) -> None:
    """Record a figure for the benchmark (``DXQUEST_METRICS_FILE``); a no-op otherwise."""
    target = os.environ.get("DXQUEST_METRICS_FILE")
    if target:
        with open(target, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "value": value}) + "\n")


def normalised_skill(learner: float, baseline: float, oracle: float) -> float:
    """Share of the gap from baseline to oracle that the learner closed.

    ``(baseline - learner) / (baseline - oracle)``, which is the same number for lower-is-better
    scores (WAPE, cost) and higher-is-better ones (AUROC): 0 means no better than the baseline,
    1 means as good as the oracle, negative means worse than the baseline.
    """
    if baseline == oracle:
        raise ValueError("baseline equals oracle, so the skill is undefined")
    return float((baseline - learner) / (baseline - oracle))


def pinball_loss(actual, predicted, level: float) -> np.ndarray:
    """Each row's loss of ``predicted`` as the ``level`` quantile of ``actual`` (the quantile or
    pinball loss): a unit too few costs ``level``, a unit too many ``1 - level``. Its expectation
    is least at the true quantile, so it scores values meant to hold that share of the time both
    for holding as often as asked and for not being longer than needed."""
    miss = np.asarray(actual, dtype=float) - np.asarray(predicted, dtype=float)
    return np.maximum(level * miss, (level - 1) * miss)


def skill_band(skill: float) -> str:
    return next((name for name, floor in SKILL_BANDS if skill >= floor), "below pass")


def report_scores(prefix: str, scores: dict[str, float]) -> None:
    """Report ``scores`` (learner, baseline, oracle, skill) as ``<prefix>_<role>`` figures for the
    benchmark, with the skill's band and, above :data:`LEAKAGE_REVIEW_ABOVE`, a leakage flag."""
    for role in ("learner", "baseline", "oracle"):
        report_metric(f"{prefix}_{role}", scores[role])
    report_metric(f"{prefix}_skill", scores["skill"])
    report_metric(f"{prefix}_band", skill_band(scores["skill"]))
    if scores["skill"] > LEAKAGE_REVIEW_ABOVE:
        report_metric(f"{prefix}_leakage_flag", scores["skill"])


def reporting_each_role(scores_of: Callable[..., dict], figure: str, name: str):
    """``scores_of`` that also reports its ``<role>_<figure>`` for the learner, today's practice
    and the oracle as the benchmark figures ``<name>_<role>`` (what a stretch task's condition
    checks beside its skill: promises kept, demand covered)."""

    def scores(*args: Any) -> dict:
        found = scores_of(*args)
        for role in ("learner", "baseline", "oracle"):
            report_metric(f"{name}_{role}", found[f"{role}_{figure}"])
        return found

    return scores


LEAKAGE_NOTE = Msg(
    f"⚠ 非公開の評価データでの改善到達度が {LEAKAGE_REVIEW_ABOVE} を超えました。データ漏洩"
    "（非公開データや未来の情報の利用）がないか確認します。",
    f"⚠ Skill above {LEAKAGE_REVIEW_ABOVE} on the hidden holdout: flagged for a "
    "leakage review (use of hidden or future information).",
)
