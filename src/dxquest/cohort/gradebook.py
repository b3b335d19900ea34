"""The cohort gradebook: nbgrader's own tables plus one small ledger table, written by one writer.

Workers never write the cohort gradebook. Each grades into a scratch SQLite gradebook (a copy of
the assignment's structure, so nbgrader finds it), returns the grades as plain data, and the batch
merges them here in one transaction together with a ledger row. The ledger row (case, student,
fingerprint of the submitted files, outcome) is what a re-run reads to skip finished work, so
"graded" means "committed to the gradebook", never "remembered in memory". SQLite never sees two
writers ("database is locked" cannot happen) and PostgreSQL works the same way by URL. The
submission's leaderboard entry (:mod:`dxquest.holdout_scores`) travels and commits with it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Column, Float, MetaData, String, Table, Text, delete, insert, select

from dxquest.course import copy_assignment, open_gradebook
from dxquest.holdout_scores import SUBMISSIONS, insert_submission, student_submissions

_META = MetaData()
LEDGER = Table(
    "dxquest_cohort_ledger",
    _META,
    Column("case_id", String(128), primary_key=True),
    Column("student_id", String(128), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # "graded" or "error"
    Column("auto_score", Float),
    Column("auto_max", Float),
    Column("message", Text),
    Column("seconds", Float),
    Column("graded_at", String(32)),
)


@dataclass(frozen=True)
class LedgerRow:
    student: str
    fingerprint: str
    status: str
    auto_score: float | None
    auto_max: float | None
    message: str
    seconds: float | None


def _gradebook(db_url: str):
    return open_gradebook(db_url)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_template(cohort_url: str, case_id: str, path: Path) -> str:
    """A small SQLite gradebook holding only the assignment; workers grade into copies of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    copy_assignment(cohort_url, sqlite_url(partial), case_id)
    partial.replace(path)  # atomic: a worker never copies a half-written template
    return sqlite_url(path)


def extract_grades(db_url: str, case_id: str, student: str) -> dict:
    """Everything autograde recorded for one submission, as plain data (to cross processes)."""
    with _gradebook(db_url) as gb:
        submission = gb.find_submission(case_id, student)
        grades, comments, flagged = [], [], []
        # What nbgrader's late-submission plugin took off each notebook (None: not late).
        late_penalties = {nb.name: nb.late_submission_penalty for nb in submission.notebooks}
        for nb in submission.notebooks:
            if nb.flagged:
                flagged.append(nb.name)
            for grade in nb.grades:
                grades.append(
                    {
                        "notebook": nb.name,
                        "cell": grade.name,
                        "auto_score": grade.auto_score,
                        "manual_score": grade.manual_score,
                        "extra_credit": grade.extra_credit,
                        "needs_manual_grade": grade.needs_manual_grade,
                    }
                )
            for comment in nb.comments:
                comments.append(
                    {
                        "notebook": nb.name,
                        "cell": comment.name,
                        "auto_comment": comment.auto_comment,
                        "manual_comment": comment.manual_comment,
                    }
                )
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
    leaderboard = [
        {**row, "submitted_at": row["submitted_at"].isoformat()}
        for row in student_submissions(db_url, case_id, student)
    ]
    return {
        "grades": grades,
        "comments": comments,
        "flagged": flagged,
        "late_penalties": late_penalties,
        "timestamp": timestamp,
        "leaderboard": leaderboard,
    }


def ensure_ledger(db_url: str) -> None:
    with _gradebook(db_url) as gb:
        _META.create_all(gb.engine)


def read_ledger(db_url: str, case_id: str) -> dict[str, LedgerRow]:
    """Ledger rows of ``case_id`` whose nbgrader submission is really in the gradebook."""
    from nbgrader.api import Assignment, SubmittedAssignment

    with _gradebook(db_url) as gb:
        _META.create_all(gb.engine)
        in_gradebook = set(
            gb.db.scalars(
                select(SubmittedAssignment.student_id)
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                .where(Assignment.name == case_id)
            )
        )
        rows = gb.db.execute(select(LEDGER).where(LEDGER.c.case_id == case_id)).all()
    return {
        row.student_id: LedgerRow(
            row.student_id,
            row.fingerprint,
            row.status,
            row.auto_score,
            row.auto_max,
            row.message or "",
            row.seconds,
        )
        for row in rows
        if row.student_id in in_gradebook
    }


def merge(
    db_url: str,
    case_id: str,
    student: str,
    fingerprint: str,
    *,
    status: str,
    grades: dict | None,
    message: str = "",
    seconds: float | None = None,
    timestamp: str | None = None,
) -> tuple[float, float]:
    """Write one submission's grades and its ledger row; the ledger row commits with the scores.

    ``grades`` is :func:`extract_grades`' output, or ``None`` when nothing could run: then every
    graded cell scores 0 (free-text cells too, since there is nothing for peers to review).
    ``timestamp`` is nbgrader's submission time when the layout records one. Returns the
    autograded score and maximum.
    """
    from nbgrader.api import utils

    # nbgrader 0.9 relies on SQLAlchemy's legacy cascade; 2.x warns on every new submission.
    warnings.filterwarnings("ignore", message="Object of type <Submitted")
    with _gradebook(db_url) as gb:
        SUBMISSIONS.create(gb.engine, checkfirst=True)
        gb.update_or_create_student(student)
        timestamp = timestamp or (grades or {}).get("timestamp")
        kwargs = {"timestamp": timestamp} if timestamp else {}
        submission = gb.update_or_create_submission(case_id, student, **kwargs)
        if timestamp:
            submission.timestamp = utils.parse_utc(timestamp)
        by_grade = {(g["notebook"], g["cell"]): g for g in (grades or {}).get("grades", [])}
        by_comment = {(c["notebook"], c["cell"]): c for c in (grades or {}).get("comments", [])}
        flagged = set((grades or {}).get("flagged", []))
        late_penalties = (grades or {}).get("late_penalties", {})
        auto_score = auto_max = 0.0
        for nb in submission.notebooks:
            nb.flagged = nb.name in flagged
            nb.late_submission_penalty = late_penalties.get(nb.name)
            for grade in nb.grades:
                found = by_grade.get((nb.name, grade.name))
                if found is None:
                    is_code = grade.cell.cell_type == "code"
                    grade.auto_score = 0.0 if is_code else None
                    grade.manual_score = None if is_code else 0.0
                    grade.extra_credit = None
                    grade.needs_manual_grade = False
                else:
                    grade.auto_score = found["auto_score"]
                    grade.manual_score = found["manual_score"]
                    grade.extra_credit = found["extra_credit"]
                    grade.needs_manual_grade = found["needs_manual_grade"]
                if grade.cell.cell_type == "code":
                    auto_max += grade.max_score
                    manual = grade.manual_score
                    auto_score += (manual if manual is not None else grade.auto_score) or 0.0
            for comment in nb.comments:
                found = by_comment.get((nb.name, comment.name), {})
                comment.auto_comment = found.get("auto_comment")
                comment.manual_comment = found.get("manual_comment")
        for entry in (grades or {}).get("leaderboard", []):
            submitted_at = dt.datetime.fromisoformat(entry["submitted_at"])
            insert_submission(gb.db, {**entry, "submitted_at": submitted_at})
        gb.db.execute(
            delete(LEDGER).where(LEDGER.c.case_id == case_id, LEDGER.c.student_id == student)
        )
        gb.db.execute(
            insert(LEDGER).values(
                case_id=case_id,
                student_id=student,
                fingerprint=fingerprint,
                status=status,
                auto_score=auto_score,
                auto_max=auto_max,
                message=message,
                seconds=seconds,
                graded_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
        )
        gb.db.commit()
    return auto_score, auto_max
