"""Author → learner: build a case's source notebooks and generate the release with nbgrader."""

from __future__ import annotations

import shutil
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.course import nbgrader_api, run_step
from dxquest.notebook_build import build_case_notebooks


def build_sources(case: CaseInfo, lang: str) -> list[Path]:
    """Write the source notebooks (solutions and hidden tests included) into the course tree.

    The case README and the peer-review rubric travel with them, so nbgrader copies them into the
    release: the notebooks send the learner to ``rubric.toml`` for the free-text questions.
    """
    out = paths.notebooks_dir(case.id, lang)
    if out.exists():
        shutil.rmtree(out)
    written = build_case_notebooks(case, lang, out)
    for name in ("README.md", "rubric.toml"):
        shutil.copy(case.directory / name, out / name)
    return written


def release_case(case: CaseInfo, lang: str, db_url: str | None = None) -> list[Path]:
    """Build the learner notebooks of ``case`` in ``lang``; returns them in order."""
    build_sources(case, lang)
    api = nbgrader_api(lang, db_url)
    run_step(api.generate_assignment(case.id, force=True, create=True), f"release of {case.id}")
    release = paths.release_dir(case.id, lang)
    return [release / f"{nb}.ipynb" for nb in case.notebook_ids]
