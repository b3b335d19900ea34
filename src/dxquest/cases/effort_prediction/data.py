"""Hibari Printing's data cut into estimation tasks, as the notebooks and the grader cut it.

The learner's tables come from :func:`load_data`; the grader's hidden draw (a second company
history from the cohort secret) from the case's declaration (grader side); both are cut with
:func:`estimation_task`: what the shop knows at the cut-off is history, the jobs of the months
after it are to be estimated. What a model receives is declared here, in :data:`FUTURE_COLUMNS`
and :data:`HISTORY_DATES`; the time-honesty tests read both.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dxquest.cases.effort_prediction.business import HOLDOUT_MONTHS, HOLDOUT_WINDOWS
from dxquest.public_data import load_public_data
from dxquest.synth.printing_tables import TICKET_COLUMNS, PrintShopData, read_print_data


def load_data(directory: Path | None = None) -> PrintShopData:
    """Hibari Printing's tables: the learner's data (built before a kernel starts)."""
    return load_public_data("effort_prediction", read_print_data, "jobs.csv", directory)


FUTURE_COLUMNS = TICKET_COLUMNS
"""What the shop knows of a job when it quotes and schedules it: its ticket, the foreman's
estimate included. Whether the job is completed or cancelled, its hours and its issues are
recorded only after it starts."""

HISTORY_DATES = {"jobs": "due_date"}
"""The history's job list and the column that dates its rows: a job's hours and issues are in the
daily reports once it is finished, by its due date at the latest, so history holds the jobs due
before the cut-off. (Attendance is cut by month; the master tables are the shop's own.)"""


def holdout_cutoff(data: PrintShopData, months: int = HOLDOUT_MONTHS) -> pd.Timestamp:
    """First day of the last ``months`` calendar months of ``data``'s jobs."""
    last = data.jobs["start_date"].max().to_period("M")
    return (last - (months - 1)).to_timestamp()


def holdout_windows(
    data: PrintShopData, windows: int = HOLDOUT_WINDOWS, months: int = HOLDOUT_MONTHS
) -> list[tuple[pd.Timestamp, pd.Timestamp | None]]:
    """``(cutoff, until)`` of the last ``windows`` windows of ``months`` months (rolling origin):
    each window's jobs are estimated from the history before its cutoff. ``until`` of the last
    window is ``None`` (to the end of the data)."""
    last = holdout_cutoff(data, months)
    cutoffs = [last - pd.DateOffset(months=months * k) for k in range(windows - 1, -1, -1)]
    return list(zip(cutoffs, [*cutoffs[1:], None], strict=True))


def estimation_task(
    data: PrintShopData, cutoff: pd.Timestamp, until: pd.Timestamp | None = None
) -> tuple[PrintShopData, pd.DataFrame]:
    """What the shop knows at ``cutoff``, and the job tickets to estimate from then on.

    Returns ``(history, future)``: ``history`` holds the public tables as they stand at
    ``cutoff`` (the jobs due before it, as exported: duplicates and cancelled jobs included;
    attendance of the months before it); ``future`` the tickets (:data:`FUTURE_COLUMNS`) of the
    jobs starting on or after ``cutoff`` (and before ``until``, if given), one row per job in
    job order: also the jobs that will be cancelled, since nobody knows that yet.
    """
    cutoff = pd.Timestamp(cutoff)
    jobs = data.jobs
    history = replace(
        data,
        jobs=jobs[jobs[HISTORY_DATES["jobs"]] < cutoff].reset_index(drop=True),
        attendance=data.attendance[data.attendance["month"] < cutoff.strftime("%Y-%m")].reset_index(
            drop=True
        ),
        truth=None,
    )
    later = jobs["start_date"] >= cutoff
    if until is not None:
        later &= jobs["start_date"] < pd.Timestamp(until)
    later = jobs[later].drop_duplicates("job_id")
    future = later[list(FUTURE_COLUMNS)].sort_values("job_id").reset_index(drop=True)
    return history, future


def holdout_tasks(data: PrintShopData) -> list[tuple[PrintShopData, pd.DataFrame]]:
    """The estimation tasks of ``data``'s holdout windows (:func:`holdout_windows`), in order:
    what the model questions' functions are called on, and what the grader scores."""
    return [estimation_task(data, cutoff, until) for cutoff, until in holdout_windows(data)]


def future_outcomes(data: PrintShopData, future: pd.DataFrame) -> pd.DataFrame:
    """The recorded status and hours (and, for a draw with truth, the truth) of ``future``'s jobs,
    in order; a cancelled job has no hours."""
    done = data.jobs.drop_duplicates("job_id").set_index("job_id")
    out = future[["job_id", "start_date", "foreman_estimate_hours"]].copy()
    for column in ("status", "actual_hours"):
        out[column] = done.loc[future["job_id"], column].to_numpy()
    if data.truth is not None:
        truth = data.truth.set_index("job_id").loc[future["job_id"]].reset_index()
        out = pd.concat([out, truth.drop(columns=["job_id"])], axis=1)
    return out
