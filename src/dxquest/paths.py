"""Where things live: the project tree and the ignored build folder.

Every other module asks here instead of building paths itself, so the layout is written down once.
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
