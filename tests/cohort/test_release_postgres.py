"""Is a case released straight into an empty PostgreSQL gradebook, which checks the foreign keys
SQLite leaves unchecked?"""

import pytest
from sqlalchemy import create_engine, text
from support.gradebooks import grade_cells
from support.learners import LANG

from dxquest.caseinfo import get_case
from dxquest.course import open_gradebook
from dxquest.release import release_case


@pytest.fixture
def empty_postgres(postgres_url) -> str:
    """A new database of its own on the session's server (other tests grade into the default)."""
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS dxquest_release"))
        connection.execute(text("CREATE DATABASE dxquest_release"))
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + "/dxquest_release"


def recorded_grade_cells(db_url: str, case_id: str) -> set[tuple[str, str]]:
    with open_gradebook(db_url) as gb:
        notebooks = gb.find_assignment(case_id).notebooks
        return {(nb.name, cell.name) for nb in notebooks for cell in nb.grade_cells}


def test_a_case_is_released_into_an_empty_postgresql_gradebook(build_dir, empty_postgres):
    case = get_case("demand_forecast")
    expected = {(cell.notebook, cell.grade_id) for cell in grade_cells(case)}

    release_case(case, LANG, empty_postgres)
    assert recorded_grade_cells(empty_postgres, case.id) == expected

    release_case(case, LANG, empty_postgres)  # again, into the gradebook now holding it
    assert recorded_grade_cells(empty_postgres, case.id) == expected
