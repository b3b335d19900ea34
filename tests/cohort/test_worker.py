"""Does a grading task cross a process boundary intact, and does a failing one come back as data?"""

from dxquest.cohort.runners import grade_isolated, run_local
from dxquest.cohort.worker import GradingTask


def _task(tmp_path) -> GradingTask:
    return GradingTask(
        case="demand_forecast",
        student="aiko",
        submission=str(tmp_path / "aiko"),
        lang="en",
        fingerprint="0" * 64,
        build_dir=str(tmp_path / "build"),
        courses_dir=str(tmp_path / "build" / "course"),
        cohort_config="",
        template_db=str(tmp_path / "template.db"),
        scratch_db=str(tmp_path / "scratch" / "aiko.db"),
        out_dir=str(tmp_path / "grades"),
        log=str(tmp_path / "logs" / "aiko.log"),
    )


def test_a_task_reads_back_from_its_json(tmp_path):
    task = _task(tmp_path)
    assert GradingTask.from_json(task.to_json()) == task


def test_a_task_that_cannot_be_graded_is_an_error_result_with_its_log(tmp_path):
    """Its gradebook template is missing: the fresh process says so instead of crashing."""
    result = grade_isolated(_task(tmp_path), timeout=120)
    assert result["student"] == "aiko"
    assert result["status"] == "error"
    assert "template.db" in result["error"]
    assert "template.db" in (tmp_path / "logs" / "aiko.log").read_text(encoding="utf-8")


def test_a_new_processs_start_up_is_not_charged_to_the_submission(tmp_path):
    """Starting a grading process (its imports) takes seconds; a task that fails at once comes
    back as itself, not as a time-out, under a limit shorter than that start-up (the imports of the
    grading code alone take longer than a second)."""
    for result in (
        grade_isolated(_task(tmp_path), timeout=1.0),
        *run_local([_task(tmp_path)], workers=1, timeout=1.0),
    ):
        assert result["status"] == "error" and "template.db" in result["error"]
