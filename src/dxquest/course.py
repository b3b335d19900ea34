"""The nbgrader course behind every command: its API object, gradebook and per-cell scores.

One course root per learner language (``build/course/<lang>``, :func:`dxquest.paths.course_dir`),
with its ``nbgrader_config.py`` (:mod:`dxquest.course_config`); the gradebook is SQLite there by
default (:func:`dxquest.paths.gradebook_url`) and any SQLAlchemy URL (e.g. PostgreSQL) otherwise.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from dxquest import paths
from dxquest.course_config import write_course_config
from dxquest.i18n import Msg

# nbgrader runs alembic as a subprocess when it creates a gradebook: it must find this venv's bin.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


@functools.cache
def _migration_head() -> str:
    """The head revision of the installed nbgrader's gradebook migrations, read in this process."""
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


def stamp_new_gradebooks_in_process() -> None:
    """nbgrader stamps every new gradebook with its migrations' head, which it asks the
    ``alembic`` command for in a subprocess: 3 to 8 s per new gradebook on a busy 2-core machine,
    and a cohort batch, a validation or a peer round each makes new ones. The head is the same
    for every gradebook of one installation, so it is read once, here."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = _migration_head


class GradebookUnreachable(RuntimeError):
    """The gradebook's database cannot be opened: its server is down, or the URL is wrong.
    ``problem`` says so in both languages (the message holds both, Japanese first)."""

    def __init__(self, problem: Msg):
        super().__init__(f"{problem.ja}\n{problem.en}")
        self.problem = problem


def open_gradebook(db_url: str):
    """nbgrader's ``Gradebook`` at ``db_url`` (created, with nbgrader's tables, if new)."""
    stamp_new_gradebooks_in_process()
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import OperationalError

    try:
        return Gradebook(db_url)
    except OperationalError as error:
        raise GradebookUnreachable(_unreachable_message(db_url, error.orig)) from None


def _unreachable_message(db_url: str, reason: object) -> Msg:
    from sqlalchemy.engine import make_url

    shown = make_url(db_url).render_as_string(hide_password=True)  # a URL may carry a password
    return Msg(
        f"成績簿 {shown} を開けません：{reason}\n"
        "データベースサーバーが動いているか、URL（--db-url）が既存のデータベースを指しているかを"
        "確かめてください。",
        f"cannot open the gradebook {shown}: {reason}\n"
        "Check that its database server is running and that the URL (--db-url) names an "
        "existing database.",
    )


def record_course(db_url: str, course_id: str) -> None:
    """Record ``course_id`` as a course of the gradebook at ``db_url``.

    nbgrader files each assignment it creates under the course directory's id, which is empty
    when the cohort names no course, yet records a course only for a non-empty id. SQLite, which
    checks no foreign keys by default, takes an assignment of the unrecorded empty course;
    PostgreSQL refuses it. A release therefore records its course first
    (:func:`dxquest.release.release_case`).
    """
    from nbgrader.api import Course

    with open_gradebook(db_url) as gb:
        if gb.db.get(Course, course_id) is None:
            gb.db.add(Course(id=course_id))
            gb.db.commit()


class _DropChecksumNoise(logging.Filter):
    """nbgrader warns 'checksum has changed' for every hidden-test cell (upstream issue 1961)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "checksum has changed" not in record.getMessage()


def nbgrader_api(lang: str, db_url: str | None = None, *, configure=None):
    """An ``NbGraderAPI`` for the course of ``lang`` with the settings of the course folder's
    ``nbgrader_config.py`` (written first: :mod:`dxquest.course_config`), the ones plain nbgrader
    commands there read too.

    ``db_url`` overrides the course's gradebook for this call. ``configure`` (a function of the
    traitlets ``Config``) adds settings for this call only; the grader uses it to run every kernel
    in the sandbox (:func:`dxquest.sandbox.execute.sandboxed_autograde`).
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    stamp_new_gradebooks_in_process()
    from traitlets.config.loader import PyFileConfigLoader

    course_config = write_course_config(lang)
    config = PyFileConfigLoader(course_config.name, path=str(course_config.parent)).load_config()
    config.CourseDirectory.db_url = paths.gradebook_url(lang, db_url)
    if configure is not None:
        configure(config)
    # nbgrader 0.9 relies on SQLAlchemy's legacy cascade; 2.x warns on every submission.
    warnings.filterwarnings("ignore", message="Object of type <Submitted", module="nbgrader")
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    api.log.addFilter(_DropChecksumNoise())
    return api


def has_assignment(db_url: str, case_id: str) -> bool:
    """Whether the gradebook at ``db_url`` knows ``case_id`` (a release records it there)."""
    from nbgrader.api import MissingEntry

    with open_gradebook(db_url) as gb:
        try:
            gb.find_assignment(case_id)
        except MissingEntry:
            return False
    return True


def copy_assignment(src_url: str, dst_url: str, case_id: str) -> None:
    """Copy an assignment's structure (notebooks, graded, solution, task and source cells)."""
    with open_gradebook(src_url) as src, open_gradebook(dst_url) as dst:
        assignment = src.find_assignment(case_id)
        dst.update_or_create_assignment(case_id, duedate=assignment.duedate)
        for nb in assignment.notebooks:
            dst.update_or_create_notebook(nb.name, case_id, kernelspec=nb.kernelspec)
            for cell in nb.grade_cells:
                dst.update_or_create_grade_cell(
                    cell.name, nb.name, case_id, max_score=cell.max_score, cell_type=cell.cell_type
                )
            for cell in nb.solution_cells:
                dst.update_or_create_solution_cell(cell.name, nb.name, case_id)
            for cell in nb.task_cells:
                dst.update_or_create_task_cell(
                    cell.name, nb.name, case_id, max_score=cell.max_score, cell_type=cell.cell_type
                )
            for cell in nb.source_cells:
                dst.update_or_create_source_cell(
                    cell.name,
                    nb.name,
                    case_id,
                    cell_type=cell.cell_type,
                    locked=cell.locked,
                    source=cell.source,
                    checksum=cell.checksum,
                )


class NbgraderFailed(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's own log."""


def run_step(result: dict, what: str) -> str:
    """Raise with nbgrader's log when an API call did not succeed; return the log otherwise."""
    log = "\n".join(
        line for line in result.get("log", "").splitlines() if "checksum has changed" not in line
    )
    if not result.get("success"):
        raise NbgraderFailed(f"{what} failed:\n{result.get('error', '')}\n{log}")
    return log


@dataclass(frozen=True)
class CellScore:
    """The grade of one graded cell of one submitted notebook."""

    notebook: str
    grade_id: str
    kind: str  # "auto" (code test cell) or "manual" (free text, graded by peers)
    score: float | None  # None: waiting for a manual (peer) grade
    max_score: float
    failed: bool


def read_scores(db_url: str, case_id: str, student: str) -> list[CellScore]:
    """Per-cell grades of a student's submission, in notebook and cell order."""
    rows = []
    with open_gradebook(db_url) as gb:
        assignment = gb.find_assignment(case_id)
        for notebook in assignment.notebooks:
            submitted = gb.find_submission_notebook(notebook.name, case_id, student)
            by_name = {grade.name: grade for grade in submitted.grades}
            for cell in notebook.grade_cells:
                grade = by_name[cell.name]
                score = cell_score(cell.cell_type, grade.auto_score, grade.manual_score)
                is_test = cell.cell_type == "code"
                rows.append(
                    CellScore(
                        notebook.name,
                        cell.name,
                        "auto" if is_test else "manual",
                        score,
                        float(cell.max_score),
                        is_test and score < cell.max_score,
                    )
                )
    return rows


def late_penalty(db_url: str, case_id: str, student: str) -> float:
    """Points the late-submission plugin took off a student's submission (0 when on time)."""
    with open_gradebook(db_url) as gb:
        return float(gb.find_submission(case_id, student).late_submission_penalty or 0.0)


def cell_score(
    cell_type: str, auto_score: float | None, manual_score: float | None
) -> float | None:
    """What one graded cell earns: a test cell its auto score unless an operator overrode it
    (a deleted test cell is left ungraded by nbgrader: it earns 0); a free-text cell its manual
    (peer) score, ``None`` while it waits for one."""
    if cell_type == "code":
        if manual_score is not None:
            return float(manual_score)
        return float(auto_score) if auto_score is not None else 0.0
    return None if manual_score is None else float(manual_score)
