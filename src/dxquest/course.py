"""The nbgrader course behind every command: its API object, gradebook and per-cell scores.

One course root per learner language (``build/course/<lang>``); the gradebook is SQLite there by
default and any SQLAlchemy URL (e.g. PostgreSQL) otherwise.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from dxquest import paths

# nbgrader runs alembic as a subprocess when it creates a gradebook: it must find this venv's bin.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


class _DropChecksumNoise(logging.Filter):
    """nbgrader warns 'checksum has changed' for every hidden-test cell (upstream issue 1961)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "checksum has changed" not in record.getMessage()


def default_db_url(lang: str) -> str:
    return f"sqlite:///{paths.course_dir(lang) / 'gradebook.db'}"


def nbgrader_api(
    lang: str, db_url: str | None = None, sandbox=None, predictions_dir: Path | None = None
):
    """An ``NbGraderAPI`` for the course of ``lang`` with the project's nbgrader settings.

    With ``sandbox`` (a :class:`dxquest.sandbox.policy.Policy`), autograding runs every kernel
    inside it and hands the hidden tests the cohort secret; see :mod:`dxquest.sandbox`. The hidden
    holdout predictions the tests return for the leaderboard go to ``predictions_dir``.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    root = paths.course_dir(lang)
    root.mkdir(parents=True, exist_ok=True)
    config = PyFileConfigLoader(
        paths.NBGRADER_CONFIG.name, path=str(paths.NBGRADER_CONFIG.parent)
    ).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url or default_db_url(lang)
    if sandbox is not None:
        _sandbox_config(config, sandbox, lang, predictions_dir)
    # nbgrader 0.9 relies on SQLAlchemy's legacy cascade; 2.x warns on every submission.
    warnings.filterwarnings("ignore", message="Object of type <Submitted", module="nbgrader")
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    api.log.addFilter(_DropChecksumNoise())
    return api


def _sandbox_config(config, sandbox, lang: str, predictions_dir: Path | None) -> None:
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    from dxquest.sandbox.execute import SandboxedExecute
    from dxquest.secret import cohort_secret

    config.Autograde.autograde_preprocessors = [
        SandboxedExecute if step is Execute else step
        for step in Autograde.class_traits()["autograde_preprocessors"].default()
    ]
    # Execute's settings (timeout, kernel arguments) apply to the subclass too.
    config.SandboxedExecute.merge(config.Execute)
    config.SandboxedExecute.policy = sandbox.to_json()
    config.SandboxedExecute.secret = cohort_secret()
    config.SandboxedExecute.lang = lang
    config.SandboxedExecute.predictions_dir = str(predictions_dir or "")


def has_assignment(db_url: str, case_id: str) -> bool:
    """Whether the gradebook at ``db_url`` knows ``case_id`` (a release records it there)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            gb.find_assignment(case_id)
        except MissingEntry:
            return False
    return True


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
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(db_url) as gb:
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
