from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from support.learners import LANG

from dxquest.caseinfo import CaseInfo
from dxquest.release import ensure_release
from dxquest.scaffold import case_outside

NAME = "komugi_bakery"


@pytest.fixture(scope="session")
def in_view(tmp_path_factory) -> Callable[[], AbstractContextManager[CaseInfo]]:
    """The case these tests run the demo on: the template (Komugi Bakery), scaffolded once per
    session; its one notebook grades in seconds, where a real case's four take a minute, and the
    round trip is the same for every case (the demo command's own default stays demand_forecast).
    Discovery sees it only inside the returned context, for tests of other modules run on this
    worker between these need the project's cases."""
    root = tmp_path_factory.mktemp("template-case")
    return lambda: case_outside(root, NAME)


@pytest.fixture(scope="session")
def case(build_dir, in_view) -> CaseInfo:
    with in_view() as case:
        ensure_release(case, LANG)
    return case


@pytest.fixture(autouse=True)
def _case_in_view(case, in_view):
    with in_view():
        yield
