"""Does the task hide what only a finished job reveals, and does the holdout follow the secret?"""

import numpy as np
import pandas as pd
import pytest

from dxquest.caseinfo import get_case
from dxquest.cases.effort_prediction import exercises, load_data
from dxquest.cases.effort_prediction.data import (
    estimation_task,
    future_outcomes,
    holdout_cutoff,
    holdout_windows,
)
from dxquest.cases.effort_prediction.declaration import SPEC
from dxquest.cases.effort_prediction.evaluation import scored_rows
from dxquest.marking import hidden_draw
from dxquest.synth.printing_tables import RESULT_COLUMNS, TICKET_COLUMNS


@pytest.fixture(scope="module")
def public(build_dir):
    SPEC.build_public_data()
    return load_data()


def test_future_holds_tickets_only_and_history_ends_at_the_cutoff(public):
    cutoff = holdout_cutoff(public)
    history, future = estimation_task(public, cutoff)
    assert list(future.columns) == list(TICKET_COLUMNS)
    assert not set(RESULT_COLUMNS) & set(future.columns)
    assert future["job_id"].is_unique and (future["start_date"] >= cutoff).all()
    assert (history.jobs["due_date"] < cutoff).all()
    assert (history.attendance["month"] < cutoff.strftime("%Y-%m")).all()
    assert history.truth is None
    outcome = future_outcomes(public, future)
    # Jobs that will be cancelled are estimated too: only the completed ones have hours.
    assert (outcome["status"] == "cancelled").any()
    assert outcome["actual_hours"].notna().equals(outcome["status"] == "completed")
    assert (outcome["job_id"] == future["job_id"]).all()


def test_holdout_windows_are_the_last_year_in_two_halves(public):
    (first, until), (second, end) = holdout_windows(public)
    assert until == second and end is None
    assert second == holdout_cutoff(public) == pd.Timestamp("2025-06-01")
    assert first == pd.Timestamp("2024-12-01")
    _, window = estimation_task(public, first, until)
    assert window["start_date"].between(first, until, inclusive="left").all()


def test_hidden_draw_follows_the_cohort_secret(monkeypatch, public):
    default = SPEC.hidden_data()
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "another cohort")
    other = SPEC.hidden_data()
    assert default.truth is not None and public.truth is None
    assert not default.jobs["actual_hours"].equals(other.jobs["actual_hours"])
    assert not default.jobs["actual_hours"].equals(public.jobs["actual_hours"])
    assert len(default.attendance) == len(public.attendance)


def test_public_data_is_written_and_read_back(tmp_path):
    path = SPEC.build_public_data(tmp_path, n_jobs=200)
    assert (path / "jobs.csv").is_file() and not (path / "truth.csv").exists()
    assert len(load_data(tmp_path).jobs.drop_duplicates()) == 200


def test_the_model_questions_predict_the_rows_the_holdout_scores(build_dir):
    """The grader's hidden inputs (the hidden draw without its truth) and the holdout's rows: the
    holdout scores the completed jobs among the rows asked, in the same order."""
    tasks = exercises.estimation_windows(hidden_draw(get_case("effort_prediction")))
    asked = np.concatenate([future["job_id"].to_numpy(dtype=str) for _, future in tasks])
    scored = scored_rows(SPEC.hidden_data())
    assert 0 < (~scored).sum() < 0.05 * len(asked), "a few jobs of the windows are cancelled"
    assert (asked[scored] == SPEC.hidden_task().holdout.keys).all()
    assert all(history.truth is None for history, _ in tasks)
