"""Does every course folder carry the kit's nbgrader settings, so plain nbgrader there acts as the
kit does? (Plain generate_feedback, export and db student list on a graded course:
tests/cohort_demo/test_cohort_demo.py.)"""

import subprocess
import sys
from pathlib import Path

import nbformat
from support.fixtures import forecast_case, forecast_cells, forecast_template  # noqa: F401
from support.gradebooks import copy_gradebook
from traitlets.config.loader import PyFileConfigLoader

from dxquest import paths
from dxquest.course_config import CODE_STUB, TEXT_STUB, write_course_config


def _load(path: Path):
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def test_the_course_folder_holds_the_kits_settings_its_own_and_the_cohorts(tmp_path, build_dir):
    cohort = tmp_path / "cohort.toml"
    cohort.write_text('[course]\nid = "dxquest-test"\nexchange_root = "exchange"\n')
    with paths.own_courses(tmp_path / "courses", cohort_config=cohort):
        written = write_course_config("ja")
    assert written == tmp_path / "courses" / "ja" / "nbgrader_config.py"
    config, kit = _load(written), _load(paths.NBGRADER_CONFIG)
    for section, settings in kit.items():  # nothing of grading/nbgrader_config.py is lost
        assert {key: config[section][key] for key in settings} == dict(settings)
    assert "nbgrader.preprocessors.ClearHiddenTests" in config.GenerateFeedback.preprocessors
    assert config.CourseDirectory.root == str(written.parent)
    assert config.CourseDirectory.db_url == f"sqlite:///{written.parent / 'gradebook.db'}"
    assert config.ClearSolutions.code_stub == {"python": CODE_STUB.ja}
    assert config.ClearSolutions.text_stub == TEXT_STUB.ja
    assert config.AssignLatePenalties.plugin_class == "dxquest.course_plugins.LatePenalty"
    assert config.ExportApp.plugin_class == "dxquest.course_plugins.ExcelGradeExport"
    assert config.CourseDirectory.course_id == "dxquest-test"
    assert config.Exchange.root == "exchange"


def test_plain_autograde_in_a_course_stops_before_learner_code_runs(
    tmp_path,
    build_dir,
    forecast_template,  # noqa: F811 (the fixture imported above)
):
    """It would run learner code outside the sandbox and could not mark the hidden checks."""
    marker = tmp_path / "learner-code-ran"
    with paths.own_courses(tmp_path / "courses"):
        course = write_course_config("en").parent
    copy_gradebook(forecast_template, course / "gradebook.db")
    submitted = course / "submitted" / "aiko" / "demand_forecast"
    submitted.mkdir(parents=True)
    cell = nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').close()")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), submitted / "01_business_problem.ipynb")

    nbgrader = Path(sys.executable).with_name("nbgrader")
    run = subprocess.run(
        [str(nbgrader), "autograde", "demand_forecast"], cwd=course, capture_output=True, text=True
    )

    log = run.stdout + run.stderr
    assert run.returncode != 0 and "dxquest cohort grade" in log and "dxquest の講座は" in log
    assert "No nbgrader_config.py" not in log
    assert not marker.exists()
    assert not list((course / "autograded").rglob("*.ipynb"))
