"""Real nbgrader gradebooks with a case's real grade cells, filled without running any kernel.

The structure (notebooks, grade ids, points, cell types) comes from the case's own notebook
sources, so a change to a case shows here; scores are set through nbgrader's ``Gradebook`` API as
autograde and peer review would set them.
"""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from dxquest.caseinfo import CaseInfo
from dxquest.cohort.gradebook import sqlite_url
from dxquest.course import open_gradebook
from dxquest.notebook_build import build_notebook


@dataclass(frozen=True)
class GradeCellSpec:
    notebook: str
    grade_id: str
    points: float
    kind: str  # "auto" or "manual"


def grade_cells(case: CaseInfo) -> list[GradeCellSpec]:
    """The case's graded cells in notebook order, read from its notebook sources."""
    cells = []
    for info in case.notebooks:
        nb = build_notebook(info.source_path(case.directory), "en", case.id)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                kind = "auto" if cell.cell_type == "code" else "manual"
                cells.append(GradeCellSpec(info.id, meta["grade_id"], float(meta["points"]), kind))
    return cells


def empty_gradebook(where: Path | str, case: CaseInfo, cells: list[GradeCellSpec]) -> str:
    """A new gradebook (a SQLite file path, or any empty database's URL) holding ``case`` as an
    assignment with its grade cells."""
    url = sqlite_url(where) if isinstance(where, Path) else where
    with open_gradebook(url) as gb:
        gb.add_assignment(case.id)
        for info in case.notebooks:
            gb.add_notebook(info.id, case.id)
        for cell in cells:
            gb.add_grade_cell(
                cell.grade_id,
                cell.notebook,
                case.id,
                max_score=cell.points,
                cell_type="code" if cell.kind == "auto" else "markdown",
            )
    return url


def copy_gradebook(template: str, path: Path) -> str:
    shutil.copy(template.removeprefix("sqlite:///"), path)
    return sqlite_url(path)


def submit(
    url: str,
    case_id: str,
    student: str,
    scores: dict[str, float | None],
    cells: list[GradeCellSpec],
    *,
    missing: tuple[str, ...] = (),
    email: str | None = None,
) -> None:
    """Record ``student``'s graded submission: ``scores`` by grade id (test cells as autograde
    scores, free-text cells as peer scores; ``None`` = still waiting for a peer). Notebooks in
    ``missing`` are marked as nbgrader's autograde marks an unsubmitted notebook."""
    # nbgrader 0.9 relies on SQLAlchemy's legacy cascade; 2.x warns on every new submission.
    warnings.filterwarnings("ignore", message="Object of type <Submitted")
    with open_gradebook(url) as gb:
        gb.update_or_create_student(student, email=email)
        gb.add_submission(case_id, student)
        for cell in cells:
            grade = gb.find_grade(cell.grade_id, cell.notebook, case_id, student)
            if cell.notebook in missing:
                grade.auto_score, grade.needs_manual_grade = 0.0, False
            elif cell.kind == "auto":
                grade.auto_score, grade.needs_manual_grade = scores[cell.grade_id], False
            else:
                grade.manual_score = scores[cell.grade_id]
                grade.needs_manual_grade = scores[cell.grade_id] is None
        gb.db.commit()


def scores_totalling(
    total: float, cells: list[GradeCellSpec], *, first: tuple[str, ...] = ()
) -> dict[str, float]:
    """Per-cell scores adding up to exactly ``total``: full marks on the cells named in ``first``
    (grade ids), then in cell order, the remainder as partial credit on the next cell, 0 after
    it."""
    scores, left = {}, total
    for cell in sorted(cells, key=lambda c: c.grade_id not in first):  # stable: cell order kept
        scores[cell.grade_id] = min(cell.points, left)
        left -= scores[cell.grade_id]
    if left > 1e-12:
        raise ValueError(f"total {total} exceeds the case's {total - left} points")
    return scores
