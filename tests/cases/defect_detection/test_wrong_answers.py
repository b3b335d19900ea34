"""Is every wrong answer of ``cases/defect_detection/wrong_answers.toml`` caught here, in this
process: do the public checks raise ``Incorrect``, or does the grader's verdict on the hidden
inputs fail? ``dxquest validate`` proves the same in real kernels, notebook by notebook, slowly.

Each wrong cell runs in a namespace with what its notebook defined before it: the learner's data,
the helpers and the earlier answers (right ones, from the reference). The detectors' wrong answers
train a model each: they are left to the validation (tests/test_pipeline.py), which runs them in a
kernel anyway, so the suite does not train them twice.
"""

import re

import jupytext
import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest
from checker_tests import ensure_built

from dxquest.caseinfo import get_case
from dxquest.cases.defect_detection import business, reference
from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection import features as ft
from dxquest.cases.defect_detection.data import load_data, load_validation_scores, validation_split
from dxquest.exercise import Incorrect
from dxquest.marking import judge_answer
from dxquest.wrong_answers import load_wrong_answers

CASE = "defect_detection"
CASE_INFO = get_case(CASE)
WRONG_ANSWERS = load_wrong_answers(CASE_INFO)
TESTED = re.compile(r"^ex\.(\w+)\.grade\((\w+)\)", re.MULTILINE)
MODELS = {"02_detection_trial/anomaly_detector", "02_detection_trial/defect_detector"}


@pytest.fixture(scope="module", autouse=True)
def english(build_dir):
    ensure_built(CASE)
    ex.setup("en")
    yield
    ex.setup("ja")


def _question_and_answer(notebook: str, test_cell: str) -> tuple[str, str]:
    """The question a test cell grades and the name of the answer it passes."""
    nb = jupytext.read(CASE_INFO.directory / "notebooks" / f"{notebook}.py")
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == test_cell]
    return TESTED.search(cell.source).groups()


def _notebook_so_far(notebook: str) -> dict:
    """What the notebook defined before its answers, with its earlier answers right."""
    data = load_data()
    train, validation = validation_split(data)
    scores, labels = load_validation_scores()
    return {
        "np": np,
        "pd": pd,
        "lgb": lgb,
        "ft": ft,
        "business": business,
        "data": data,
        **{
            "01_business_problem": {"parts": data.parts, "log": data.inspection_log},
            "02_detection_trial": {
                "products": data.parts["product"].to_numpy(),
                "labels": data.parts["label"].to_numpy(),
                "train": train,
                "validation": validation,
            },
            "03_inspection_operations": {
                "scores": scores,
                "labels": labels,
                "to_be_month": reference.to_be_month,
            },
        }.get(notebook, {}),
    }


@pytest.mark.parametrize(
    "wrong",
    [w for w in WRONG_ANSWERS if f"{w.notebook}/{w.cell}" not in MODELS],
    ids=lambda w: w.label,
)
def test_wrong_answer_is_caught(wrong):
    name, answer_name = _question_and_answer(wrong.notebook, wrong.must_fail)
    namespace = _notebook_so_far(wrong.notebook)
    exec(wrong.source, namespace)  # noqa: S102  (the case's own wrong answers)
    answer = namespace[answer_name]
    try:
        getattr(ex, name).grade(answer)
        public_caught = False
    except Incorrect:
        public_caught = True
    assert public_caught or not judge_answer(CASE, name, answer).passed
