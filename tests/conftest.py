"""Shared fixtures: every test that builds artefacts works in a temporary build folder."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

from dxquest.caseinfo import discover_cases
from dxquest.threads import ONE_THREAD_ENV

# nbgrader starts alembic and kernels from PATH: the test interpreter's environment must be first.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
# Tests run one process per core (pytest-xdist), as the grader runs its kernels: one thread each
# (OpenMP threads that spin while they wait made two LightGBM fits in two processes take minutes
# instead of seconds). Kernels inherit this.
for name, value in ONE_THREAD_ENV.items():
    os.environ.setdefault(name, value)
# What the kit keeps between runs (the progress view's statuses) starts empty in every session,
# and goes with it: each test process (xdist's controller and workers) makes its own.
os.environ["DXQUEST_CACHE_DIR"] = tempfile.mkdtemp(prefix="dxquest-cache-")
atexit.register(shutil.rmtree, os.environ["DXQUEST_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """One build folder for the session (data, releases, gradebooks), outside the project."""
    path = tmp_path_factory.mktemp("build")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        _share_case_data(path, tmp_path_factory.getbasetemp().parent / "case-data")
    previous = os.environ.get("DXQUEST_BUILD_DIR")
    os.environ["DXQUEST_BUILD_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("DXQUEST_BUILD_DIR", None)
    else:
        os.environ["DXQUEST_BUILD_DIR"] = previous


def _share_case_data(build: Path, shared: Path) -> None:
    """Every test worker's build folder reads the cases' public data from one folder of this run
    (the workers' common temporary folder), so each case's data is built once, not once per worker
    (the defect images take 20 s). It is the same data: one seed, built by the same code;
    `ensure_public_data` makes a worker wait while the other builds. A test's own build folder
    (and the toy cases' data) stays private."""
    (build / "data").mkdir()
    for case in discover_cases():
        (shared / case.id).mkdir(parents=True, exist_ok=True)
        (build / "data" / case.id).symlink_to(shared / case.id, target_is_directory=True)


# The longest tests (or modules), longest first, with their seconds on a 2-core host of the slower
# kind (2026-11): xdist hands out tests in this order, one at a time per idle worker, so both cores
# stay busy to the end instead of one long test running alone after the quick ones are done.
LONGEST_FIRST = (
    "test_pipeline.py::test_case_grades_and_validates[demand_forecast]",  # 395
    "test_pipeline.py::test_case_grades_and_validates[defect_detection]",  # 345
    "test_pipeline.py::test_case_grades_and_validates[effort_prediction]",  # 195
    "test_sandbox_audit.py",  # 170
    "test_learner_browser.py",  # 150
    "test_pipeline.py::test_case_grades_and_validates[advance_orders]",  # 130
    "test_program_year.py",  # 110
    "test_cohort_demo.py",  # 40
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        for place, name in enumerate(LONGEST_FIRST):
            if name in item.nodeid:
                return place
        return len(LONGEST_FIRST) + (item.get_closest_marker("slow") is None)

    items.sort(key=rank)


# Modules whose tests share one expensive session-scoped run: all their tests go to one worker, or
# each worker would make the run again. (xdist's own `xdist_group` marker does nothing with
# pytest 9, whose node ids it can no longer rewrite.)
SHARED_RUN_MODULES = (
    "tests/cohort_demo/test_cohort_demo.py",
    "tests/test_program_year.py",
    "tests/test_learner_browser.py",  # one JupyterLab per language, one Chromium: not per test
)


class _OneWorkerForSharedRuns(LoadScopeScheduling):
    """Every test is its own unit of work, except the tests of a module in SHARED_RUN_MODULES,
    which form one; units go to idle workers one at a time, in collection order."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if module in SHARED_RUN_MODULES else nodeid


def pytest_xdist_make_scheduler(config, log):
    config.option.loadscopereorder = False  # xdist would put the largest units first instead
    return _OneWorkerForSharedRuns(config, log)
