"""Kanazawa Precision's parts split for the learner's threshold design.

The learner's images and tables and the grader's hidden draw (other parts from the cohort secret,
with the truth the oracle needs) come from the case's declaration,
:data:`dxquest.cases.defect_detection.SPEC`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dxquest.cases.defect_detection import SPEC
from dxquest.cases.defect_detection.evaluation import inspection_inputs
from dxquest.cases.defect_detection.reference import fit_reference_detector
from dxquest.synth.surface import SurfaceData

VALIDATION_SHARE = 0.3
"""Notebook 03 tunes the threshold on the last 30 % of lots (the model never trained on them)."""


def validation_split(data: SurfaceData) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (train, validation) by lot: the last lots are the validation set, as a new
    month of production would be."""
    lots = data.parts["lot_id"]
    cut = lots.unique()[int(len(lots.unique()) * (1 - VALIDATION_SHARE))]
    validation = (lots >= cut).to_numpy()
    return ~validation, validation


@lru_cache(maxsize=1)
def validation_scores() -> tuple[np.ndarray, np.ndarray]:
    """Scores of the reference model (trained on the earlier lots) for the validation lots, and
    their labels: the numbers notebook 03 designs the operation with."""
    data = SPEC.load_data()
    train, validation = validation_split(data)
    detect = fit_reference_detector(data, train)
    scores, _ = detect(*inspection_inputs(data, validation))
    return scores, data.parts["label"].to_numpy()[validation]
