"""Is a case released straight into an empty PostgreSQL gradebook, which checks the foreign keys
SQLite leaves unchecked?"""

from support.fixtures import empty_database
from support.gradebooks import grade_cells
from support.learners import LANG

from dxquest.caseinfo import get_case
from dxquest.course import open_gradebook
from dxquest.release import release_case


def recorded_grade_cells(db_url: str, case_id: str) -> set[tuple[str, str]]:
    with open_gradebook(db_url) as gb:
        notebooks = gb.find_assignment(case_id).notebooks
        return {(nb.name, cell.name) for nb in notebooks for cell in nb.grade_cells}


def test_a_case_is_released_into_an_empty_postgresql_gradebook(build_dir, postgres_url):
    case = get_case("demand_forecast")
    url = empty_database(postgres_url, "dxquest_release")
    expected = {(cell.notebook, cell.grade_id) for cell in grade_cells(case)}

    release_case(case, LANG, url)
    assert recorded_grade_cells(url, case.id) == expected

    release_case(case, LANG, url)  # again, into the gradebook now holding it
    assert recorded_grade_cells(url, case.id) == expected
