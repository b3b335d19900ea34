"""Does a forecasting model receive exactly what production control knows at the planning meeting?

A meeting is held the day after the notices arrive. Whatever is recorded from that day on (later
notices, firm orders received later, the truth) must not change what ``planning_task`` gives, and
no column of ``future`` may be recorded after the meeting.
"""

from dataclasses import replace

import pandas as pd
import pytest
from time_honesty import assert_same_tables, changed, every_row

from dxquest.cases.advance_orders import data as task
from dxquest.cases.advance_orders.exercises import planning_meetings
from dxquest.exercise import Draw
from dxquest.synth.parts_orders import make_advance_orders


@pytest.fixture(scope="module")
def draw():
    return make_advance_orders(seed=5, return_truth=True)


@pytest.fixture(scope="module")
def cutoffs(draw):
    """A meeting in the first year (before the merger and the renaming are both known) and the
    holdout's first and last."""
    holdout = task.holdout_cutoffs(draw)
    early = pd.Timestamp(draw.notices["issued_on"].sort_values().unique()[8]) + pd.Timedelta(days=1)
    return [early, holdout[0], holdout[-1]]


def _otherwise_from(data, cutoff):
    """``data`` as recorded before ``cutoff``, and different from then on."""
    notices = changed(data.notices, data.notices["issued_on"] >= cutoff, ["quantity"])
    orders = changed(data.orders, data.orders["order_date"] >= cutoff, ["quantity"])
    truth = changed(data.truth, every_row(data.truth), ["actual_log_median", "revealed"])
    return replace(data, notices=notices, orders=orders, truth=truth)


def test_future_holds_only_the_notice(draw, cutoffs):
    for cutoff in cutoffs:
        _, future = task.planning_task(draw, cutoff)
        assert list(future.columns) == list(task.FUTURE_COLUMNS)
        assert (future["issued_on"] == cutoff - pd.Timedelta(days=1)).all()
        assert not future.duplicated(["part_id", "horizon"]).any()


def test_history_holds_what_was_recorded_before_the_cutoff(draw, cutoffs):
    for cutoff in cutoffs:
        history, _ = task.planning_task(draw, cutoff)
        for name, column in task.HISTORY_DATES.items():
            assert (getattr(history, name)[column] < cutoff).all(), name
        assert history.truth is None
        assert not (history.customers["merged_on"] >= cutoff).any()


def test_no_order_of_a_forecast_month_is_known_at_the_meeting(draw, cutoffs):
    """A firm order arrives a week before delivery: none of next month's is in."""
    for cutoff in cutoffs:
        history, future = task.planning_task(draw, cutoff)
        first = future["target_month"].min()
        assert not (history.orders["delivery_date"].dt.strftime("%Y-%m") >= first).any()


def test_what_is_recorded_from_the_cutoff_on_changes_nothing(draw, cutoffs):
    for cutoff in cutoffs:
        history, future = task.planning_task(draw, cutoff)
        other_history, other_future = task.planning_task(_otherwise_from(draw, cutoff), cutoff)
        assert_same_tables(other_history, history)
        assert_same_tables(other_future, future)


def test_the_graded_holdout_gives_the_learner_these_tasks(draw):
    """The hidden inputs of the model questions are cut from the draw as the learner sees it."""
    learner_view = replace(draw, truth=None)
    received = planning_meetings(Draw(lambda: learner_view, seed=0))
    cutoffs = task.holdout_cutoffs(draw)
    assert len(received) == len(cutoffs) == 6
    for (history, future), cutoff in zip(received, cutoffs, strict=True):
        expected_history, expected_future = task.planning_task(draw, cutoff)
        assert_same_tables(history, expected_history)
        assert_same_tables(future, expected_future)
