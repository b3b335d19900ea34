"""Where things live: the project tree, the ignored build folder and the default gradebook.

Every other module asks here instead of building paths itself, so the layout is written down once;
a command's ``--db-url`` or ``--out`` left empty means the default named here.
``DXQUEST_BUILD_DIR`` moves all built artefacts (data, releases, gradebooks) elsewhere, which the
tests use to work in a temporary folder.

The nbgrader courses (one per learner language) are the operator's, ``build/course/<lang>``, unless
a block runs in courses of its own (:class:`own_courses`): the demo, the benchmarks and validation
grade synthetic learners there, so an operator's gradebook holds only the cohort's learners.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = PROJECT_ROOT / "cases"
GRADING_DIR = PROJECT_ROOT / "grading"
DATASETS_DIR = PROJECT_ROOT / "datasets"
NBGRADER_CONFIG = GRADING_DIR / "nbgrader_config.py"
COHORT_CONFIG = GRADING_DIR / "cohort.toml"
# Set by :class:`own_courses` (and carried to grading workers): where the courses are, and the
# cohort settings they use ("" for none).
COURSES_ENV = "DXQUEST_COURSES_DIR"
COHORT_CONFIG_ENV = "DXQUEST_COHORT_CONFIG"


def build_dir() -> Path:
    """Root of all generated artefacts (never committed)."""
    return Path(os.environ.get("DXQUEST_BUILD_DIR", PROJECT_ROOT / "build")).resolve()


def data_dir(case: str) -> Path:
    """Built public data of a case (what learners read)."""
    return build_dir() / "data" / case


def notebooks_dir(case: str, lang: str) -> Path:
    """Source notebooks (with solutions and hidden tests) built from the jupytext files."""
    return course_dir(lang) / "source" / case


def courses_dir() -> Path:
    """Root of the nbgrader courses: ``build/course``, or the folder :class:`own_courses` set."""
    named = os.environ.get(COURSES_ENV)
    return Path(named) if named else build_dir() / "course"


def course_dir(lang: str) -> Path:
    """nbgrader course root for one language (plain ``nbgrader`` commands run here)."""
    return courses_dir() / lang


def cohort_config() -> Path | None:
    """The cohort's settings (due dates, late policy, exchange): ``grading/cohort.toml``, or the
    file :class:`own_courses` named; ``None`` when there is none."""
    named = os.environ.get(COHORT_CONFIG_ENV)
    if named is not None:
        return Path(named) if named else None
    return COHORT_CONFIG if COHORT_CONFIG.is_file() else None


class own_courses(contextlib.ContextDecorator):  # noqa: N801 (used like a function)
    """Within the block (or the decorated function) every course folder, gradebook, submission,
    autograded notebook and feedback page is under ``folder`` (relative to the build folder, or
    absolute), with the cohort settings of ``cohort_config`` (default: none), never the
    operator's. Grading workers started inside inherit it."""

    def __init__(self, folder: str | Path, cohort_config: Path | None = None):
        self.folder = folder
        self.cohort_config = cohort_config
        self._saved: list[dict[str, str | None]] = []

    def __enter__(self) -> Path:
        root = (build_dir() / self.folder).resolve()  # an absolute ``folder`` stays as it is
        settings = {COURSES_ENV: str(root), COHORT_CONFIG_ENV: str(self.cohort_config or "")}
        self._saved.append({name: os.environ.get(name) for name in settings})
        os.environ.update(settings)
        return root

    def __exit__(self, *exc) -> None:
        for name, value in self._saved.pop().items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def release_dir(case: str, lang: str) -> Path:
    """Learner release of a case in one language (no solutions, no hidden tests, no outputs)."""
    return course_dir(lang) / "release" / case


def gradebook_url(lang: str, db_url: str | None = None) -> str:
    """``db_url``, else the SQLite gradebook of the course of ``lang`` (where releases record)."""
    return db_url or f"sqlite:///{course_dir(lang) / 'gradebook.db'}"


def submitted_dir(case: str, student: str, lang: str) -> Path:
    """A learner's staged submission, where nbgrader's autograde reads it."""
    return course_dir(lang) / "submitted" / student / case


def autograded_dir(case: str, student: str, lang: str) -> Path:
    """A learner's notebooks as nbgrader's autograde executed them."""
    return course_dir(lang) / "autograded" / student / case


def feedback_dir(case: str, student: str, lang: str) -> Path:
    """nbgrader's HTML feedback of a learner's submission."""
    return course_dir(lang) / "feedback" / student / case


def grades_dir(out_dir: Path | None = None) -> Path:
    """Root of the learners' ``<student>/<case>/score.json``: ``out_dir``, else ``build/grades``."""
    return (out_dir or build_dir() / "grades").resolve()


def badge_signing_key() -> Path:
    """The badge issuer's private key: ``DXQUEST_BADGE_KEY_FILE``, else one in the build folder
    (created on first use)."""
    named = os.environ.get("DXQUEST_BADGE_KEY_FILE")
    return Path(named) if named else build_dir() / "badge-signing" / "issuer-key.pem"


def cohort_dir(case: str, lang: str) -> Path:
    """Working folder of a case's cohort stages: batch logs, peer rounds, boards, badges, stats."""
    return build_dir() / "cohort" / lang / case
