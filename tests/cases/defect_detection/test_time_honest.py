"""Does a detector receive exactly what the line knows when a part reaches inspection?

A detector sees each part's image and its product, never what is known only after inspection
(its label, defect kind, annotated mask, the inspectors' decision): changing those must not
change what a detector receives, on either graded path.
"""

from dataclasses import replace

import numpy as np
import pytest
from time_honesty import changed, every_row

from dxquest.cases.defect_detection import exercises
from dxquest.cases.defect_detection.evaluation import INSPECTION_COLUMN, inspection_inputs
from dxquest.exercise import Draw
from dxquest.synth.surface import make_surface_inspection

REALISED = {"label", "defect_kind"}
"""The parts' columns known only once a part is inspected and annotated."""


@pytest.fixture(scope="module")
def draw():
    return make_surface_inspection(
        n_parts=200, image_size=64, defect_rate=0.1, seed=3, return_truth=True
    )


def _otherwise_inspected(data):
    """The same parts and images, with other labels, defect kinds, masks and inspection
    decisions (each part's annotation is another part's)."""
    other = np.random.default_rng(0).permutation(len(data.parts))
    annotated = data.parts[["label", "defect_kind"]].iloc[other].reset_index(drop=True)
    parts = data.parts.assign(**annotated)
    log = data.inspection_log
    log = log.assign(decision=log["decision"].map({"OK": "NG", "NG": "OK"}))
    log = changed(log, every_row(log), ["seconds"])
    return replace(data, parts=parts, masks=data.masks[other], inspection_log=log)


def _received(data) -> tuple[np.ndarray, np.ndarray]:
    """What the detector questions hand a learner's detector when the grader cuts their hidden
    inputs from ``data`` (its learner view: no truth), all batches together."""
    batches = exercises._unseen_parts_in_batches(Draw(lambda: replace(data, truth=None), seed=0))
    return (
        np.concatenate([images for images, _ in batches]),
        np.concatenate([products for _, products in batches]),
    )


def test_the_detector_is_given_what_inspection_knows(draw):
    assert INSPECTION_COLUMN not in REALISED
    images, products = inspection_inputs(draw)
    np.testing.assert_array_equal(images, draw.images)
    np.testing.assert_array_equal(products, draw.parts[INSPECTION_COLUMN].to_numpy())


def test_the_hidden_inputs_give_the_detector_the_inspection_inputs_only(draw):
    expected = inspection_inputs(draw)
    for data in (draw, _otherwise_inspected(draw)):
        images, products = _received(data)
        np.testing.assert_array_equal(images, expected[0])
        np.testing.assert_array_equal(products, expected[1])
