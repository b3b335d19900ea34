"""Hibari Printing's data cut into estimation tasks, as the notebooks and the grader cut it.

The learner's tables come from :func:`load_data`; the grader's hidden draw (a second company
history from the cohort secret) from the case's declaration (grader side); both are cut with
:func:`estimation_task`: jobs before the cut-off are history, the jobs of the last months are to be
estimated.
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
    """What the shop knows before ``cutoff``, and the job tickets to estimate from then on.

    Returns ``(history, future)``: ``history`` holds the public tables cut at ``cutoff`` (jobs that
    started before it, as exported: duplicates and cancelled jobs included; attendance of the
    months before it); ``future`` the tickets
    (:data:`~dxquest.synth.printing_tables.TICKET_COLUMNS`, the foreman's estimate included) of the
    completed jobs starting on or after ``cutoff`` (and before ``until``, if given), one row per
    job in job order. Nothing known only after a job (its
    hours, issues) is in ``future``.
    """
    cutoff = pd.Timestamp(cutoff)
    jobs = data.jobs
    before = jobs["start_date"] < cutoff
    history = replace(
        data,
        jobs=jobs[before].reset_index(drop=True),
        attendance=data.attendance[data.attendance["month"] < cutoff.strftime("%Y-%m")].reset_index(
            drop=True
        ),
        truth=None,
    )
    later = ~before & (jobs["status"] == "completed")
    if until is not None:
        later &= jobs["start_date"] < pd.Timestamp(until)
    later = jobs[later].drop_duplicates("job_id")
    future = later[list(TICKET_COLUMNS)].sort_values("job_id").reset_index(drop=True)
    return history, future


def holdout_tasks(data: PrintShopData) -> list[tuple[PrintShopData, pd.DataFrame]]:
    """The estimation tasks of ``data``'s holdout windows (:func:`holdout_windows`), in order:
    what the model questions' functions are called on, and what the grader scores."""
    return [estimation_task(data, cutoff, until) for cutoff, until in holdout_windows(data)]


def future_outcomes(data: PrintShopData, future: pd.DataFrame) -> pd.DataFrame:
    """The recorded hours (and, for a draw with truth, the truth) of ``future``'s jobs, in order."""
    done = data.jobs.drop_duplicates("job_id").set_index("job_id")
    out = future[["job_id", "start_date", "foreman_estimate_hours"]].copy()
    out["actual_hours"] = done.loc[future["job_id"], "actual_hours"].to_numpy()
    if data.truth is not None:
        truth = data.truth.set_index("job_id").loc[future["job_id"]].reset_index()
        out = pd.concat([out, truth.drop(columns=["job_id"])], axis=1)
    return out
