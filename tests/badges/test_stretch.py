"""Does the optional stretch task stay optional: a learner who skips it completes with the same
points share as one who never had it, and the band it records is the one its cells earned?"""

from __future__ import annotations

import pytest
from support.gradebooks import empty_gradebook, grade_cells, submit

from dxquest.badges.completion import COMPLETED, case_completions
from dxquest.caseinfo import get_case
from dxquest.similarity.standing import SimilarityStanding

CASE_ID = "effort_prediction"  # the case with a stretch task


@pytest.fixture(scope="module")
def completions(tmp_path_factory):
    case = get_case(CASE_ID)
    cells = grade_cells(case)
    url = empty_gradebook(tmp_path_factory.mktemp("stretch") / "g.db", case, cells)
    full = {c.grade_id: c.points for c in cells}
    gates = case.completion
    learners = {
        "distinction": full,
        "merit": {**full, **dict.fromkeys(gates.distinction_cells, 0.0)},
        "skipped": {**full, **dict.fromkeys(gates.stretch_cells, 0.0)},
        # Distinction without merit cannot be: the merit cell decides first.
        "distinction_only": {**full, **dict.fromkeys(gates.merit_cells, 0.0)},
    }
    for student, scores in learners.items():
        submit(url, CASE_ID, student, scores, cells)
    similarity = SimilarityStanding(reviewed=frozenset(learners), flags={})
    found = case_completions(url, case, similarity=similarity)
    return {c.student: c for c in found}, case, cells


def test_skipping_the_stretch_task_keeps_full_marks_and_completes(completions):
    found, case, cells = completions
    stretch_points = sum(c.points for c in cells if c.grade_id in case.completion.stretch_cells)
    assert stretch_points > 0
    skipped = found["skipped"]
    assert (skipped.status, skipped.score_share, skipped.band) == (COMPLETED, 1.0, "pass")
    assert skipped.max_score == sum(c.points for c in cells) - stretch_points
    assert found["distinction"].max_score == skipped.max_score  # the stretch adds no maximum


def test_the_band_is_what_the_stretch_cells_earned(completions):
    found, _, _ = completions
    assert {s: c.band for s, c in found.items()} == {
        "distinction": "distinction",
        "merit": "merit",
        "skipped": "pass",
        "distinction_only": "pass",
    }
