"""Is a release made once and recorded in whichever gradebook grading uses?"""

from support.gradebooks import empty_gradebook, grade_cells

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.cohort.gradebook import sqlite_url
from dxquest.course import has_assignment
from dxquest.release import ensure_release


def test_a_release_recorded_elsewhere_is_copied_not_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "build"))
    case = get_case("demand_forecast")
    release = paths.release_dir(case.id, "en")
    release.mkdir(parents=True)
    for notebook in case.notebook_ids:  # stand-ins: only their presence is checked
        (release / f"{notebook}.ipynb").write_text("{}", encoding="utf-8")
    empty_gradebook(paths.gradebook_url("en"), case, grade_cells(case))
    cohort_url = sqlite_url(tmp_path / "cohort.db")

    assert ensure_release(case, "en", cohort_url) == release
    assert has_assignment(cohort_url, case.id)
    assert (release / f"{case.notebook_ids[0]}.ipynb").read_text(encoding="utf-8") == "{}"
