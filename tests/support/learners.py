"""Learner folders for cohort tests: correct, broken, hanging and malicious submissions."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from dxquest import paths

LANG = "en"


def write_learner(root: Path, student: str, kind: str, case_id: str = "demand_forecast") -> Path:
    """A learner folder of one kind of submission (plain layout)."""
    folder = root / student
    folder.mkdir(parents=True)
    release = paths.release_dir(case_id, LANG)
    if kind == "pitch":  # the reference pitch notebook: full marks there, the rest not submitted
        shutil.copy(paths.notebooks_dir(case_id, LANG) / "04_executive_pitch.ipynb", folder)
    elif kind == "invalid_json":
        (folder / "01_business_problem.ipynb").write_text("{ not json", encoding="utf-8")
    elif kind in ("hang", "kill_grader"):
        nb = nbformat.read(release / "04_executive_pitch.ipynb", as_version=4)
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        first_code.source = (
            "while True:\n    pass"
            if kind == "hang"
            # Malicious: the kernel kills the process that grades it.
            else "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
        )
        nbformat.write(nb, folder / "04_executive_pitch.ipynb")
    elif kind != "empty":
        raise ValueError(kind)
    return folder
