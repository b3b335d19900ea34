"""Where things live: the project tree, the ignored build folder and the default gradebook.

Every other module asks here instead of building paths itself, so the layout is written down once;
a command's ``--db-url`` or ``--out`` left empty means the default named here.
``DXQUEST_BUILD_DIR`` moves all built artefacts (data, releases, gradebooks) elsewhere, which the
tests use to work in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = PROJECT_ROOT / "cases"
GRADING_DIR = PROJECT_ROOT / "grading"
DATASETS_DIR = PROJECT_ROOT / "datasets"
NBGRADER_CONFIG = GRADING_DIR / "nbgrader_config.py"


def build_dir() -> Path:
    """Root of all generated artefacts (never committed)."""
    return Path(os.environ.get("DXQUEST_BUILD_DIR", PROJECT_ROOT / "build")).resolve()


def data_dir(case: str) -> Path:
    """Built public data of a case (what learners read)."""
    return build_dir() / "data" / case


def notebooks_dir(case: str, lang: str) -> Path:
    """Source notebooks (with solutions and hidden tests) built from the jupytext files."""
    return build_dir() / "course" / lang / "source" / case


def course_dir(lang: str) -> Path:
    """nbgrader course root for one language."""
    return build_dir() / "course" / lang


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
