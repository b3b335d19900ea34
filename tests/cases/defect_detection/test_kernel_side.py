"""Can a graded kernel import what the notebooks import, and nothing of the grader's side?

A kernel imports the kit from its staged view (:mod:`dxquest.sandbox.kernel_view`): the case's
``[kernel] modules`` and the question runtime. Here a fresh interpreter gets the view first on its
path, as a graded kernel does.
"""

import os
import subprocess
import sys

import pytest

from dxquest.caseinfo import get_case
from dxquest.sandbox.kernel_view import stage_kernel_view

PACKAGE = "dxquest.cases.defect_detection"


@pytest.fixture(scope="module")
def view_path(build_dir) -> str:
    return os.pathsep.join(
        str(p) for p in stage_kernel_view(get_case("defect_detection")).import_roots
    )


def _import_error(module: str, view_path: str) -> str:
    """What importing ``module`` in a fresh interpreter with the view first writes to stderr."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": view_path, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-c", f"import {module}"], env=env, capture_output=True, text=True
    )
    return run.stderr


@pytest.mark.parametrize("module", ["", ".exercises", ".features", ".business", ".data"])
def test_what_notebooks_import_is_in_the_view(module, view_path):
    assert _import_error(PACKAGE + module, view_path) == ""


@pytest.mark.parametrize(
    "module",
    [
        f"{PACKAGE}.reference",
        f"{PACKAGE}.oracle",
        f"{PACKAGE}.evaluation",
        f"{PACKAGE}.declaration",
        f"{PACKAGE}.marking",
        f"{PACKAGE}.validation_scores",
        "dxquest.synth.surface",
        "dxquest.secret",
    ],
)
def test_the_grader_s_side_is_not(module, view_path):
    assert "ModuleNotFoundError" in _import_error(module, view_path)
