"""Do completion, item statistics and the leaderboard work on PostgreSQL as on SQLite?"""

from __future__ import annotations

import numpy as np
import pytest
from support.fixtures import empty_database
from support.gradebooks import empty_gradebook, scores_totalling, submit

from dxquest.badges.completion import case_completions
from dxquest.caseinfo import get_case
from dxquest.holdout_scores import record_submission
from dxquest.holdouts import Holdout
from dxquest.leaderboard import build_leaderboard
from dxquest.similarity.standing import SimilarityStanding
from dxquest.stats import item_stats


@pytest.fixture
def pg_gradebook(postgres_url, forecast_case, forecast_cells):
    url = empty_database(postgres_url, "dxquest_cohort_stats")
    return empty_gradebook(url, forecast_case, forecast_cells)


def test_postgresql(pg_gradebook, forecast_case, forecast_cells, tmp_path):
    # The pass mark counts no optional stretch task's points: both learners skip the task.
    stretch = forecast_case.completion.stretch_cells
    counted = [c for c in forecast_cells if c.grade_id not in stretch]
    at_mark = forecast_case.completion.pass_mark * sum(c.points for c in counted)
    gates = (*forecast_case.completion.skill_cells, forecast_case.completion.pitch_cell)
    for student, total in (("x", at_mark), ("y", at_mark - 0.5)):
        scores = {**scores_totalling(total, counted, first=gates), **dict.fromkeys(stretch, 0.0)}
        submit(pg_gradebook, forecast_case.id, student, scores, forecast_cells)
    reviewed = SimilarityStanding(frozenset({"x", "y"}))
    completions = case_completions(pg_gradebook, forecast_case, similarity=reviewed)
    assert {c.student: (c.status, c.missing_gates) for c in completions} == {
        "x": ("completed", ()),
        "y": ("not_completed", ("pass_mark",)),
    }
    assert item_stats(forecast_case, pg_gradebook).students == 2

    keys = np.array([f"J{i:04d}" for i in range(200)])
    actual = np.linspace(1.0, 20.0, keys.size)
    holdout = Holdout("effort_prediction", "MAE", keys, actual, actual + 4.0, actual + 0.5)
    record_submission(pg_gradebook, holdout, "x", actual + 1.0)
    record_submission(pg_gradebook, holdout, "y", actual + 2.0)
    board = build_leaderboard(get_case("effort_prediction"), db_url=pg_gradebook, out_dir=tmp_path)
    assert [(e.rank, e.student) for e in board.entries] == [(1, "x"), (2, "y")]
    assert board.entries[0].skill == pytest.approx((4.0 - 1.0) / (4.0 - 0.5))
