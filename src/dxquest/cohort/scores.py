"""Every graded cell of every submission of a case, in one query of the nbgrader gradebook.

Completion and item statistics read a whole cohort (about 2,000 learners): one SQL query instead
of one gradebook session per learner. Scores follow :func:`dxquest.course.cell_score`, the rule
every per-learner report uses.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from dxquest.course import cell_score, open_gradebook

COLUMNS = [
    "student",
    "email",
    "notebook",
    "grade_id",
    "kind",
    "score",
    "max_score",
    "missing_notebook",
]


class NoSubmissions(LookupError):
    """The gradebook holds no graded submission of the case (wrong --db-url or --lang?)."""


def cohort_scores(db_url: str, case_id: str) -> pd.DataFrame:
    """One row per (student, graded cell) of ``case_id``, ordered by student, notebook, cell.

    ``kind`` is ``auto`` (test cell) or ``manual`` (free text, peer-graded); ``score`` is NaN for
    a free-text cell still waiting for its peer grade. ``missing_notebook`` is nbgrader's mark of
    a notebook that was not submitted: autograde sets ``auto_score = 0`` on all its grades, the
    free-text cells included, which it never auto-scores otherwise.
    """
    from nbgrader.api import (
        Assignment,
        GradeCell,
        Notebook,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )
    from nbgrader.api import Grade as GradeRow

    query = (
        select(
            Student.id,
            Student.email,
            Notebook.name,
            GradeCell.name,
            GradeCell.cell_type,
            GradeCell.max_score,
            GradeRow.auto_score,
            GradeRow.manual_score,
        )
        .join(SubmittedAssignment, SubmittedAssignment.student_id == Student.id)
        .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
        .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
        .join(GradeRow, GradeRow.notebook_id == SubmittedNotebook.id)
        .join(GradeCell, GradeCell.id == GradeRow.cell_id)
        .where(Assignment.name == case_id)
        .order_by(Student.id, Notebook.name, GradeCell.name)
    )
    with open_gradebook(db_url) as gb:
        rows = gb.db.execute(query).all()
    if not rows:
        raise NoSubmissions(
            f"the gradebook {db_url} holds no graded submission of {case_id} "
            "(grade the cohort first, or check --db-url and --lang)"
        )
    frame = pd.DataFrame(
        [
            (
                student,
                email or None,
                notebook,
                grade_id,
                "auto" if cell_type == "code" else "manual",
                cell_score(cell_type, auto, manual),
                float(max_score),
                cell_type == "markdown" and auto == 0,
            )
            for student, email, notebook, grade_id, cell_type, max_score, auto, manual in rows
        ],
        columns=COLUMNS,
    )
    frame["score"] = frame["score"].astype(float)
    # A notebook is missing as a whole: spread the mark from its free-text cell to its tests.
    frame["missing_notebook"] = frame.groupby(["student", "notebook"])[
        "missing_notebook"
    ].transform("any")
    return frame
