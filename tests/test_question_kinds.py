"""Are a case's points read by kind from the graded cells of its built notebooks?"""

import nbformat
import pytest

from dxquest.notebook_build import build_notebook
from dxquest.question_kinds import KINDS, format_points_by_kind, points_by_kind

PARAMETERS = '# %% tags=["parameters"]\nLANG = "ja"\n\n'


def _graded(grade_id: str, points: float, kind: str, *, markdown: bool = False) -> str:
    meta = (
        f'{{"grade": true, "grade_id": "{grade_id}", "points": {points}, '
        f'"solution": {"true" if markdown else "false"}, "schema_version": 3}}'
    )
    cell = "[markdown] " if markdown else ""
    body = "# <!-- ja -->\n# 回答\n# <!-- en -->\n# Answer\n" if markdown else "assert True\n"
    return f'# %% {cell}nbgrader={meta} dxquest={{"kind": "{kind}"}}\n{body}\n'


def _built(tmp_path, name: str, *cells: str):
    """A notebook source of ``cells`` built as the release builds it, written as ``.ipynb``."""
    source = tmp_path / f"{name}.py"
    source.write_text(PARAMETERS + "".join(cells), encoding="utf-8")
    target = tmp_path / f"{name}.ipynb"
    nbformat.write(build_notebook(source, "en", "case_x"), target)
    return target


def test_points_are_summed_by_kind_over_every_notebook(tmp_path):
    first = _built(
        tmp_path,
        "01_x",
        '# %% nbgrader={"grade": false, "grade_id": "q", "solution": true}\nq = 1\n\n',
        _graded("q_test", 2, "transcription"),
        _graded("fit_test", 3, "model"),
    )
    second = _built(
        tmp_path,
        "02_x",
        _graded("policy_test", 1.5, "transcription"),
        _graded("essay", 4, "free_text", markdown=True),
    )
    assert points_by_kind([first, second]) == {
        "decision": 0.0,
        "model": 3.0,
        "transcription": 3.5,
        "free_text": 4.0,
    }
    assert list(points_by_kind([first])) == list(KINDS)


def test_a_graded_cell_built_without_a_kind_is_named(tmp_path):
    cell = nbformat.v4.new_code_cell("assert True")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "old_test", "points": 1}
    old = tmp_path / "01_old.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), old)
    with pytest.raises(ValueError, match=r"01_old\.ipynb cell 0 \(old_test\): kind None"):
        points_by_kind([old])


def test_the_split_is_written_with_each_kinds_share():
    points = {"decision": 5.0, "model": 10.0, "transcription": 15.0, "free_text": 20.0}
    assert format_points_by_kind(points) == (
        "decision 5 (10%), model 10 (20%), transcription 15 (30%), free_text 20 (40%) of 50 points"
    )
    assert format_points_by_kind(dict.fromkeys(KINDS, 0.0)) == (
        "decision 0, model 0, transcription 0, free_text 0 of 0 points"
    )
