"""The validation lots' scores that every learner designs the inspection with, and the heatmaps
their defective parts get, that notebook 04 shows the president (grader side).

Notebook 03 chooses an operating threshold on the scores of a detector built as in notebook 02.
The grader computes them once, when it builds the learner's data, and writes them next to it
(:func:`write_validation_scores`, the declaration's ``derived_files``): the reference detector is
never in a learner's kernel, and every learner works with the same numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dxquest.cases.defect_detection.data import (
    VALIDATION_HEATMAPS_FILE,
    VALIDATION_SCORES_FILE,
    load_data,
    validation_split,
)
from dxquest.cases.defect_detection.reference import fit_reference_detector


def write_validation_scores(directory: Path) -> list[Path]:
    """Train the reference detector on the train lots of the data in ``directory``, score the
    validation lots and write ``part_id, label, score`` there, with the heatmaps of the
    validation lots' defective parts (float16: a picture needs no more)."""
    data = load_data(directory)
    train, validation = validation_split(data)
    detect = fit_reference_detector(data, train)
    scores, heatmaps = detect(data.images[validation], data.parts["product"].to_numpy()[validation])
    table = data.parts.loc[validation, ["part_id", "label"]].assign(score=scores)
    target = directory / VALIDATION_SCORES_FILE
    table.to_csv(target, index=False, lineterminator="\n")
    defective = (table["label"] == 1).to_numpy()
    pictures = directory / VALIDATION_HEATMAPS_FILE
    np.savez_compressed(
        pictures,
        part_id=table["part_id"].to_numpy()[defective].astype(str),
        heatmaps=heatmaps[defective].astype(np.float16),
    )
    return [target, pictures]
