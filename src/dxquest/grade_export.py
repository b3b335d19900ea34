"""The gradebook as one CSV an operator opens in Excel: a row per learner and case.

The columns are nbgrader's own export's (``nbgrader export`` in a kit-built course writes this file
too, through :class:`dxquest.course_plugins.ExcelGradeExport`), each header with its Japanese label,
in the conventions of :mod:`dxquest.excel_csv`. A learner without a submission of a case gets 0, as
in nbgrader's export; times are UTC, as nbgrader keeps them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

from dxquest.excel_csv import Column, write_rows

COLUMNS = (
    Column("assignment", "課題"),
    Column("duedate", "締切（UTC）"),
    Column("timestamp", "提出日時（UTC）"),
    Column("student_id", "受講者ID"),
    Column("last_name", "姓"),
    Column("first_name", "名"),
    Column("email", "メールアドレス"),
    Column("raw_score", "素点"),
    Column("late_submission_penalty", "遅延減点"),
    Column("score", "得点"),
    Column("max_score", "満点"),
)


def _time(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _number(value: float | None) -> str:
    return f"{float(value or 0):.10g}"  # 0.30000000000000004 points is 0.3 on a report


def grade_rows(
    gradebook, assignments: Sequence[str] = (), students: Sequence[str] = ()
) -> Iterator[list[str]]:
    """Rows of an open nbgrader ``Gradebook`` in :data:`COLUMNS`' order (all cases and learners,
    unless ``assignments`` or ``students`` name some)."""
    from nbgrader.api import MissingEntry

    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        for student in gradebook.students:
            if students and student.id not in students:
                continue
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                timestamp, raw, penalty = None, 0.0, 0.0
            else:
                timestamp = submission.timestamp
                raw, penalty = submission.score, submission.late_submission_penalty
            yield [
                assignment.name,
                _time(assignment.duedate),
                _time(timestamp),
                student.id,
                student.last_name or "",
                student.first_name or "",
                student.email or "",
                _number(raw),
                _number(penalty),
                _number((raw or 0) - (penalty or 0)),
                _number(assignment.max_score),
            ]


def write_grades(
    gradebook,
    out: Path,
    *,
    assignments: Sequence[str] = (),
    students: Sequence[str] = (),
    encoding: str = "utf-8-sig",
) -> int:
    """Write an open nbgrader ``Gradebook``'s grades to ``out``; returns the number of rows."""
    return write_rows(out, COLUMNS, grade_rows(gradebook, assignments, students), encoding=encoding)


def export_grades(db_url: str, out: Path, *, encoding: str = "utf-8-sig") -> int:
    """Write every case's grades of every learner in the gradebook at ``db_url`` to ``out``."""
    from dxquest.course import open_gradebook

    with open_gradebook(db_url) as gb:
        return write_grades(gb, out, encoding=encoding)
