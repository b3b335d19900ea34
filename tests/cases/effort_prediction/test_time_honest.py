"""Does an estimating model receive exactly what the shop knows when it quotes and schedules?

A job is estimated from its ticket, with the history of the jobs finished by the cut-off. Whatever
is recorded from the cut-off on (hours, issues, cancellations, attendance, the tickets of jobs
after the window) must not change what ``estimation_task`` gives, and no column of ``future`` may
be recorded after a job starts.
"""

from dataclasses import replace

import pandas as pd
import pytest
from time_honesty import assert_same_tables, changed, every_row

from dxquest.cases.effort_prediction import data as task
from dxquest.cases.effort_prediction.exercises import estimation_windows
from dxquest.exercise import Draw
from dxquest.synth.printing import make_print_jobs
from dxquest.synth.printing_tables import RESULT_COLUMNS

WINDOWS = (("2024-03-01", "2024-09-01"), ("2024-07-01", None))


@pytest.fixture(scope="module")
def draw():
    return make_print_jobs(
        n_jobs=800, n_operators=3, start="2023-01-01", end="2024-12-31", seed=5, return_truth=True
    )


def _window(cutoff, until) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    return pd.Timestamp(cutoff), None if until is None else pd.Timestamp(until)


def _otherwise_from(data, cutoff, until):
    """``data`` as recorded up to ``cutoff``, and different from then on."""
    cutoff, until = _window(cutoff, until)
    jobs = data.jobs
    open_at_cutoff = jobs["due_date"] >= cutoff
    jobs = changed(jobs, open_at_cutoff, ["actual_hours", "issue"])
    flipped = jobs["status"].map({"completed": "cancelled", "cancelled": "completed"})
    jobs = jobs.assign(status=jobs["status"].where(~open_at_cutoff, flipped))
    if until is not None:  # tickets of the jobs after the window
        jobs = changed(jobs, jobs["start_date"] >= until, ["copies", "foreman_estimate_hours"])
    attendance = data.attendance
    later = attendance["month"] >= cutoff.strftime("%Y-%m")
    attendance = changed(attendance, later, ["job_hours", "overtime_hours", "idle_hours"])
    truth = changed(data.truth, every_row(data.truth), ["base_hours", "true_hours"])
    return replace(data, jobs=jobs, attendance=attendance, truth=truth)


def test_future_holds_only_the_ticket(draw):
    realised = set(RESULT_COLUMNS) | set(draw.truth.columns) - {"job_id"}
    assert not realised & set(task.FUTURE_COLUMNS)
    for cutoff, until in WINDOWS:
        _, future = task.estimation_task(draw, *_window(cutoff, until))
        assert list(future.columns) == list(task.FUTURE_COLUMNS)


def test_history_holds_what_was_recorded_before_the_cutoff(draw):
    for cutoff, until in WINDOWS:
        cutoff, until = _window(cutoff, until)
        history, _ = task.estimation_task(draw, cutoff, until)
        for name, column in task.HISTORY_DATES.items():
            assert (getattr(history, name)[column] < cutoff).all(), name
        assert (history.attendance["month"] < cutoff.strftime("%Y-%m")).all()
        assert history.truth is None


def test_jobs_that_will_be_cancelled_are_estimated_too(draw):
    """Which jobs get cancelled is recorded later: leaving them out would tell the model."""
    cutoff, until = _window(*WINDOWS[0])
    _, future = task.estimation_task(draw, cutoff, until)
    jobs = draw.jobs.drop_duplicates("job_id")
    starting = jobs[jobs["start_date"].between(cutoff, until, inclusive="left")]
    assert set(future["job_id"]) == set(starting["job_id"])
    assert (starting["status"] == "cancelled").any()


@pytest.mark.parametrize(("cutoff", "until"), WINDOWS)
def test_what_is_recorded_from_the_cutoff_on_changes_nothing(draw, cutoff, until):
    history, future = task.estimation_task(draw, *_window(cutoff, until))
    other = _otherwise_from(draw, cutoff, until)
    other_history, other_future = task.estimation_task(other, *_window(cutoff, until))
    assert_same_tables(other_history, history)
    assert_same_tables(other_future, future)


def test_the_graded_holdout_gives_the_learner_these_tasks(draw):
    """The hidden inputs of the model questions are cut from the draw as the learner sees it."""
    learner_view = replace(draw, truth=None)
    received = estimation_windows(Draw(lambda: learner_view, seed=0))
    windows = task.holdout_windows(draw)
    assert len(received) == len(windows)
    for (history, future), (cutoff, until) in zip(received, windows, strict=True):
        expected_history, expected_future = task.estimation_task(draw, cutoff, until)
        assert_same_tables(history, expected_history)
        assert_same_tables(future, expected_future)
