"""Do the honest learners of the planted cohort answer every question, in code that parses?"""

import ast
import json
import re
import textwrap

import numpy as np
import pytest

from dxquest import paths
from dxquest.similarity.honest import CASES, honest_bodies, pasted_cells
from dxquest.similarity.honest.cells import (
    fill_release_cell,
    own_functions,
    paste_into_release_cell,
)
from dxquest.similarity.honest.grammar import TOP_LEVEL


def _solution_cells(case_id: str) -> set[str]:
    """Grade ids of the solution cells in the case's notebook sources."""
    ids = set()
    for source in (paths.CASES_DIR / case_id / "notebooks").glob("*.py"):
        # The nbgrader metadata is flat; the cell's kind may follow it on the line.
        for header in re.findall(r"^# %% nbgrader=(\{[^}]*\})", source.read_text(), flags=re.M):
            nbgrader = json.loads(header)
            if nbgrader.get("solution"):
                ids.add(nbgrader["grade_id"])
    return ids


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_honest_learners_answer_every_solution_cell(case_id):
    assert set(CASES[case_id].WRITERS) | set(pasted_cells(case_id)) == _solution_cells(case_id)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_honest_bodies_parse(case_id):
    rng = np.random.default_rng(0)
    for _ in range(50):
        for bodies in honest_bodies(case_id, rng).values():
            for name, body in bodies.items():
                code = (
                    body
                    if name == TOP_LEVEL
                    else f"def {name}():\n" + textwrap.indent(body, "    ")
                )
                ast.parse(code)


def test_a_paste_cell_gets_the_learners_own_last_definitions():
    placeholder = "    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    first = "def a():\n    return 1\n\n\ndef b():\n" + placeholder
    second = "def a():\n    return 2\n\n\ndef b():\n    return 3\n"
    release = "LAGS = (7, 14)\n\n# YOUR CODE HERE\nraise NotImplementedError()\n"
    pasted = paste_into_release_cell(release, own_functions([first, second], ["b", "a"]))
    assert pasted == "LAGS = (7, 14)\n\ndef b():\n    return 3\n\n\ndef a():\n    return 2\n"


def test_helpers_written_above_the_asked_function_fill_the_cells_own_placeholder():
    placeholder = "# YOUR CODE HERE\nraise NotImplementedError()\n"
    release = f"{placeholder}\n\ndef forecast(a):\n" + textwrap.indent(placeholder, "    ")
    bodies = {
        TOP_LEVEL: "def helper(a):\n    return a",
        "forecast": "return helper(a)",
    }
    assert fill_release_cell(release, bodies) == (
        "def helper(a):\n    return a\n\n\ndef forecast(a):\n    return helper(a)\n"
    )
