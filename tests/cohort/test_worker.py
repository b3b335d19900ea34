"""Does a failing grading task come back as data, whichever process grades it?"""

from concurrent.futures import ThreadPoolExecutor

from dxquest.cohort import runners
from dxquest.cohort.runners import grade_warm, kill_tree, run_local
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


def test_a_task_that_cannot_be_graded_is_an_error_result_with_its_log(tmp_path):
    """Its gradebook template is missing: the grading process says so instead of crashing."""
    result = grade_warm(_task(tmp_path), timeout=120)
    assert result["student"] == "aiko"
    assert result["status"] == "error"
    assert "template.db" in result["error"]
    assert "template.db" in (tmp_path / "logs" / "aiko.log").read_text(encoding="utf-8")


def test_a_new_processs_start_up_is_not_charged_to_the_submission(tmp_path):
    """Starting a grading process (its imports) takes seconds; a task that fails at once comes
    back as itself, not as a time-out, under a limit shorter than that start-up (the imports of the
    grading code alone take longer than a second)."""
    for result in (
        _in_a_new_thread(grade_warm, _task(tmp_path), timeout=1.0),  # its process starts anew
        *run_local([_task(tmp_path)], workers=1, timeout=1.0),
    ):
        assert result["status"] == "error" and "template.db" in result["error"]


def test_a_dask_workers_grading_process_serves_task_after_task_and_is_replaced_if_it_dies(tmp_path):
    """What a Dask task runs keeps one grading process per thread: the next task reuses it (its
    imports paid once), and a process that died is replaced, its next task graded all the same."""

    def three_tasks():
        results = [grade_warm(_task(tmp_path), timeout=120)]
        first = runners._warm.process.proc.pid
        results.append(grade_warm(_task(tmp_path), timeout=120))
        second = runners._warm.process.proc.pid
        kill_tree(second)
        results.append(grade_warm(_task(tmp_path), timeout=120))
        return results, first, second, runners._warm.process.proc.pid

    results, first, second, third = _in_a_new_thread(three_tasks)
    assert [r["status"] for r in results] == ["error"] * 3
    assert all("template.db" in r["error"] for r in results)
    assert first == second != third


def _in_a_new_thread(function, *args, **kwargs):
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(function, *args, **kwargs).result()


def test_a_grading_process_starts_and_stops_without_a_word_on_stderr(capfd):
    """An operator reads the batch's stderr for problems: a grading process that starts, finds no
    task and stops must leave nothing there (run as ``-m`` from the package that imports it, the
    worker module warned on every start that it was loaded twice)."""
    process = runners._GradingProcess()
    process.conn.close()  # no task will come: the process stops
    assert process.proc.wait(timeout=60) == 0
    assert capfd.readouterr().err == ""
