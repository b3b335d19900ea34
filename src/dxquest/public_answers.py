"""Every numeric answer of a case on the learners' (public) data: what no release may write down.

Answers are keyed by question (its name in the case's ``exercises``) or, for a figure no single
question asks for, by what it is. Each key holds one or more numbers:

* every question the grader marks against a reference (:class:`dxquest.marks.Expected`): the
  reference's outputs on the inputs the self-check cuts from the learner's data;
* the figures a case's ``marking`` module names in ``answers_in_text(data)``: decisions a learner
  derives (a quantile, a critical ratio, a threshold) and business totals built on the answers,
  which no single question returns.
"""

from __future__ import annotations

import importlib
import importlib.util
import math

import numpy as np

from dxquest.answers import Figures, Table
from dxquest.caseinfo import get_case
from dxquest.marking import case_exercises, case_marks, expected_outputs
from dxquest.marks import Expected

Answers = dict[str, list[float]]


def _numbers(output, kind) -> list[float]:
    """The numbers in a kind's reading of an output: a number, one per row, or each figure of a
    dict of figures; a table's digest holds none."""
    if isinstance(kind, Table):
        return []
    if isinstance(kind, Figures):
        output = [output[key] for key in kind.numbers]
    values = np.asarray(output, dtype=float).reshape(-1)
    return [float(v) for v in values if math.isfinite(v)]


def public_answers(case_id: str) -> Answers:
    """Every numeric answer of ``case_id`` on its public data, by question (see the module)."""
    case = get_case(case_id)
    questions = case_exercises(case).questions
    answers = {
        name: [
            v
            for output in expected_outputs(case, name, "public")
            for v in _numbers(output, questions[name].kind)
        ]
        for name, mark in case_marks(case).items()
        if isinstance(mark, Expected)
    }
    marking = importlib.import_module(f"{case.python_module}.marking")
    in_text = getattr(marking, "answers_in_text", None)
    if in_text is not None:
        answers |= in_text(case_exercises(case).public_draw.data)
    return {name: values for name, values in answers.items() if values}


def story_facts(case_id: str) -> list[float]:
    """The numbers the case's story states as facts: every number its ``business`` module defines
    (constants, and the values of its dicts of facts); none for a case without one."""
    module = f"{get_case(case_id).python_module}.business"
    if importlib.util.find_spec(module) is None:
        return []
    business = importlib.import_module(module)
    values = [v for name, v in vars(business).items() if not name.startswith("_")]
    values += [v for value in values if isinstance(value, dict) for v in value.values()]
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
