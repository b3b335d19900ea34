"""How the grader marks each question of the defect-detection case (grader side only).

Figures and costs are compared with the reference's on the same inputs (a cost within the range
its defensible definitions span); a threshold must flag as many parts as some defensible safety
margin gives with the input's costs; the detectors are scored on the hidden draw against today's
inspectors and the oracle (image AUROC), and their heatmaps by how often they point at the
defect. See :mod:`dxquest.marks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from dxquest.answers import expect
from dxquest.cases.defect_detection import reference
from dxquest.cases.defect_detection.declaration import SPEC
from dxquest.cases.defect_detection.evaluation import (
    localisation_scores,
    oracle_auroc_stderr,
    public_detection_material,
    public_localisation_material,
    public_pilots_material,
    ship_unseen_scores,
)
from dxquest.cases.defect_detection.exercises import (
    EXERCISES,
    PILOTS,
    PilotSample,
    flagged_digest,
    flagged_parts,
    kept_failure,
    pilot_draw_samples,
    pilot_samples,
)
from dxquest.exercise import Draw, Question
from dxquest.i18n import Msg
from dxquest.marks import (
    UNREADABLE,
    Expected,
    Skill,
    SkillSummary,
    Verdict,
    ai_task_scores,
    read_outputs,
)
from dxquest.secret import question_inputs_seed
from dxquest.skill import DISTINCTION_BAND, MERIT_BAND, report_metric
from dxquest.synth.surface_tables import SurfaceData

_AUROC_SUMMARY = SkillSummary(Msg("画像 AUROC", "image AUROC"), Msg("検査員", "inspectors"))


def _unsupervised_scores(truth: SurfaceData, scores_per_call: list) -> dict:
    """Image AUROC on the hidden holdout, without a leaderboard entry: the cohort's leaderboard
    ranks the supervised detector."""
    return SPEC.hidden_task().scores(np.concatenate(scores_per_call))


def _localisation(truth: SurfaceData, pixels_per_call: list) -> dict:
    return localisation_scores(truth, np.concatenate(pixels_per_call))


_AUROC_LABEL = Msg("画像 AUROC の", "Image AUROC")
# The benchmark reads notebook 02's figures under the prefix the declaration gives it.
_, _TRIAL_PREFIX = SPEC.notebook_metrics["02_detection_trial"]
_ai_task_scores = ai_task_scores(SPEC)


def _detector_scores(truth: SurfaceData, scores_per_call: list) -> dict:
    """The AI task's scores, and for the benchmark the oracle AUROC's Monte-Carlo error: how far
    its ceiling could move with other template draws."""
    scores = _ai_task_scores(truth, scores_per_call)
    report_metric(f"{_TRIAL_PREFIX}_oracle_stderr", oracle_auroc_stderr(truth))
    return scores


@dataclass(frozen=True)
class DefensibleThreshold:
    """On each input, the learner's threshold must flag as many parts as some defensible safety
    margin gives with the input's costs (:func:`reference.threshold_band`): fewer is unsafe (it
    trusts a miss rate measured on a few defects), more is waste the costs do not justify. The
    costs are inputs, so a rule that ignores them fails where they change the answer."""

    def public_material(self, question: Question, draw: Draw, salt: str) -> list[list[str]]:
        return [
            [flagged_digest(salt, k) for k in range(low, high + 1)]
            for low, high in (reference.threshold_band(*args) for args in question.inputs(draw))
        ]

    def judge(
        self, question: Question, args_list: list[tuple], outputs: list, truth: Any
    ) -> Verdict:
        readings, refused = read_outputs(outputs, args_list, _threshold_of)
        if refused is not None:
            return refused
        for threshold, args in zip(readings, args_list, strict=True):
            # The count is the grader's own: a kernel's reading is not trusted.
            flagged = flagged_parts(args[0], threshold)
            low, high = reference.threshold_band(*args)
            if flagged < low:
                return Verdict(False, _TOO_FEW.format(flagged=flagged))
            if flagged > high:
                return Verdict(False, _TOO_MANY.format(flagged=flagged))
        return Verdict(True)


def _threshold_of(reading: Any, args: tuple) -> float:
    """The threshold of a handed-over reading (``{"threshold": …, "flagged": …}``)."""
    expect(
        isinstance(reading, dict) and isinstance(reading.get("threshold"), int | float),
        UNREADABLE,
    )
    return float(reading["threshold"])


_TOO_FEW = Msg(
    "非公開の検証データで、しきい値が確認に回す部品（{flagged:,} 個）が少なすぎます。"
    "少ない不良で測った見逃し率をそのまま信じていないか、コストの比を確かめましょう。",
    "On hidden validation data, your threshold sends too few parts to the inspectors "
    "({flagged:,}): does it trust a miss rate measured on a few defects as it is? Check the "
    "costs' ratio too.",
)
_TOO_MANY = Msg(
    "非公開の検証データで、しきい値が確認に回す部品（{flagged:,} 個）が、"
    "コストから見て多すぎます。",
    "On hidden validation data, your threshold sends more parts to the inspectors "
    "({flagged:,}) than the costs justify.",
)


@lru_cache(maxsize=1)
def _hidden_pilots(seed: int) -> list[PilotSample]:
    """The hidden pilots the check's inputs were cut from (as :func:`exercises.pilot_draw_samples`
    cuts them from the hidden draw's seed), with their law: the truth of this mark."""
    return pilot_samples(np.random.default_rng(seed), PILOTS["hidden"])


def _ship_unseen_scores(truth: SurfaceData, thresholds: list) -> dict:
    samples = _hidden_pilots(question_inputs_seed(SPEC.id))
    scores = ship_unseen_scores(samples, [float(t[0]) for t in thresholds])
    report_metric("ship_unseen_kept", scores["learner_kept"])
    return scores


def _public_pilots_material(data: SurfaceData) -> dict:
    return public_pilots_material(pilot_draw_samples(EXERCISES.public_draw))


_SHIP_UNSEEN_SUMMARY = SkillSummary(
    Msg("確認の時間（月）", "confirming hours a month"),
    Msg("全数を確認", "confirming every part"),
    Msg("{:.1f} 時間", "{:.1f} h"),
    lambda scores: Msg(
        f"、取り決めを守れた判断 {scores['learner_kept']:.0%}",
        f"; decisions keeping the agreement {scores['learner_kept']:.0%}",
    ),
)


def _ship_unseen_mark(floor: float) -> Skill:
    """The stretch task: the agreement kept in at least :data:`exercises.KEPT_AT_LEAST` of the
    hidden pilots' decisions, and the confirming hours they leave reaching the band ``floor``."""
    return Skill(
        _ship_unseen_scores,
        floor,
        _SHIP_UNSEEN_SUMMARY,
        Msg("確認の時間の", "Confirming-hours"),
        "ship_unseen",
        _public_pilots_material,
        condition=lambda scores: kept_failure(
            scores["learner_kept"], Msg("非公開の試験導入データ", "the hidden pilots")
        ),
    )


MARKS = {
    "escape_cost_yen": Expected(reference.escape_cost_yen),
    "as_is_month": Expected(reference.as_is_month),
    "auroc": Expected(reference.auroc),
    "anomaly_detector": Skill(
        _unsupervised_scores,
        0.0,
        _AUROC_SUMMARY,
        _AUROC_LABEL,
        "unsupervised_auroc",
        public_detection_material,
    ),
    "defect_detector": Skill(
        _detector_scores,
        0.5,
        _AUROC_SUMMARY,
        _AUROC_LABEL,
        _TRIAL_PREFIX,
        public_detection_material,
    ),
    "defect_localisation": Skill(
        _localisation,
        0.5,
        SkillSummary(
            Msg("位置特定の的中率", "localisation"),
            Msg("でたらめな画素", "a random pixel"),
            Msg("{:.0%}", "{:.0%}"),
        ),
        Msg("位置特定の", "Localisation"),
        "localisation",
        public_localisation_material,
    ),
    "to_be_month": Expected(reference.to_be_month),
    "false_alarm_cost_yen": Expected(reference.false_alarm_cost_yen),
    "choose_threshold": DefensibleThreshold(),
    "ship_unseen_merit": _ship_unseen_mark(MERIT_BAND),
    "ship_unseen_distinction": _ship_unseen_mark(DISTINCTION_BAND),
    "annual_benefit": Expected(reference.annual_benefit),
}


def answers_in_text(data) -> dict[str, list[float]]:
    """Figures no question returns that would give answers away in a release's text: the pitch's
    month after the change at the reference threshold and its business case."""
    figures = reference.headline_figures(data)
    results = (
        "to_be_share_confirmed",
        "to_be_escape_rate",
        "to_be_cost_yen_per_month",
        "hours_saved_per_month",
        "gross_benefit_yen_per_year",
        "net_benefit_yen_per_year",
        "payback_months",
    )
    return {name: [figures[name]] for name in results}
