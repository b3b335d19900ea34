"""The learner's kernel's side of a hidden check: inputs in, the learner's outputs back out.

While grading, the grader prepares each question's hidden *inputs* (argument tuples cut from the
cohort's hidden draw, with nothing of its truth) in a folder the sandbox reads,
``DXQUEST_HIDDEN_INPUTS``. A hidden test cell calls the learner's function on them and hands the
outputs back as a display output with a private MIME type. The grader's executor takes it out of
the notebook, judges it on its side, where the expected values, references and oracles live, and
writes the verdict into the test cell (:mod:`dxquest.judging`). Nothing in the kernel knows the
right answer, so nothing learner code can read there reveals it.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

MIME_TYPE = "application/vnd.dxquest.outputs+json"
INPUTS_ENV = "DXQUEST_HIDDEN_INPUTS"
MAX_OUTPUT_BYTES = 32 * 2**20  # a hidden check's outputs are figures or per-row predictions


class NotGrading(RuntimeError):
    """A hidden check ran without the grader (e.g. a source notebook run by hand)."""


def inputs_file(folder: Path, question: str) -> Path:
    return folder / f"{question}.pickle"


def hidden_inputs(question: str) -> list[tuple]:
    """The argument tuples of ``question`` on the hidden draw, as the grader prepared them."""
    folder = os.environ.get(INPUTS_ENV)
    if not folder:
        raise NotGrading(
            "hidden checks run only when the grader grades a submission (dxquest grade)"
        )
    # The grader wrote this file; learner code cannot write into the folder (read-only).
    with open(inputs_file(Path(folder), question), "rb") as f:
        return pickle.load(f)


def hand_over(question: str, outputs: list[Any]) -> None:
    """Display ``question``'s outputs (JSON values) for the grader's executor to take and judge.

    They travel as JSON text: Jupyter's messages carry no infinity (a payback that never comes),
    and a kernel that has to clean one out writes a warning to the test cell's stderr, which
    scores the cell 0."""
    from IPython.display import display

    display({MIME_TYPE: {"question": question, "outputs": json.dumps(outputs)}}, raw=True)


def received(outputs: Any) -> Any:
    """The outputs a hand-over carries, as :func:`hand_over` wrote them (``None`` if they are not
    JSON text: a forged hand-over)."""
    try:
        return json.loads(outputs)
    except (TypeError, ValueError):
        return None
