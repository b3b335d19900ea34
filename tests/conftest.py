"""Shared fixtures: every test that builds artefacts works in a temporary build folder."""

import os
import sys
from pathlib import Path

import pytest

# nbgrader starts alembic and kernels from PATH: the test interpreter's environment must be first.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
# Tests run on both cores at once (pytest-xdist): OpenMP threads that spin while they wait made two
# LightGBM fits in two processes take minutes instead of seconds. Kernels inherit this.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """One build folder for the session (data, releases, gradebooks), outside the project."""
    path = tmp_path_factory.mktemp("build")
    previous = os.environ.get("DXQUEST_BUILD_DIR")
    os.environ["DXQUEST_BUILD_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("DXQUEST_BUILD_DIR", None)
    else:
        os.environ["DXQUEST_BUILD_DIR"] = previous
