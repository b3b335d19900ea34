"""Every case's rubric matches its notebooks: one rubric question per manually graded cell, and the
top levels of its criteria add up to the cell's points."""

import tomllib

import pytest

from dxquest.caseinfo import discover_cases
from dxquest.release import build_sources


def _manual_cells(case):
    import nbformat

    cells = {}
    for source in build_sources(case, "en"):
        for cell in nbformat.read(source, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and meta.get("solution"):
                cells[meta["grade_id"]] = (source.stem, meta["points"])
    return cells


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_rubric_covers_every_free_text_cell(case, build_dir):
    with open(case.directory / "rubric.toml", "rb") as f:
        questions = tomllib.load(f)["question"]
    rubric = {
        q["grade_id"]: (
            q["notebook"],
            q["points"],
            sum(max(level["points"] for level in c["level"]) for c in q["criterion"]),
        )
        for q in questions
    }
    cells = _manual_cells(case)
    assert set(rubric) == set(cells)
    for grade_id, (notebook, points) in cells.items():
        assert rubric[grade_id][:2] == (notebook, points), grade_id
        assert rubric[grade_id][2] == points, (
            f"{grade_id}: criteria add up to {rubric[grade_id][2]}"
        )
    for q in questions:
        for criterion in q["criterion"]:
            for level in criterion["level"]:
                assert level["description"]["ja"] and level["description"]["en"]
