"""How the grader marks each question of the defect-detection case (grader side only).

Figures and thresholds are compared with the reference's on the same inputs; the detectors are
scored on the hidden draw against today's inspectors and the oracle (image AUROC), and their
heatmaps by how often they point at the defect. See :mod:`dxquest.marks`.
"""

from __future__ import annotations

import numpy as np

from dxquest.cases.defect_detection import reference
from dxquest.cases.defect_detection.declaration import SPEC
from dxquest.cases.defect_detection.evaluation import (
    localisation_scores,
    public_detection_material,
    public_localisation_material,
)
from dxquest.i18n import Msg
from dxquest.marks import Expected, Skill, SkillSummary, ai_task_scores
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

MARKS = {
    "inspection_rates": Expected(reference.inspection_rates),
    "monthly_inspection_hours": Expected(reference.monthly_inspection_hours),
    "monthly_as_is_cost": Expected(reference.monthly_as_is_cost),
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
        ai_task_scores(SPEC),
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
    "choose_threshold": Expected(reference.choose_threshold),
    "annual_benefit": Expected(reference.annual_benefit),
}
