import pytest
from support.learners import LANG

from dxquest.caseinfo import get_case
from dxquest.release import ensure_release


@pytest.fixture(scope="session")
def case(build_dir):
    """The case these tests run the demo on: effort_prediction, the quickest to grade (about 40 s a
    submission against demand_forecast's 60). The round trip is the same for every case; the demo
    command's own default stays demand_forecast."""
    case = get_case("effort_prediction")
    ensure_release(case, LANG)
    return case
