"""Booking jobs into the press schedule, and the overtime and idle time that follow.

Hibari Printing books each job a slot of its planned hours on its operator's schedule. A job that
runs past its slot is finished in overtime, so the next slot still starts on time; a job that
ends early leaves its crew waiting, because the next job's paper, plates and the customer's proof
are lined up for the next slot (idle time). Per job, overtime = max(0, actual - planned) and idle
= max(0, planned - actual); the attendance record sums them per operator and month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["monthly_summary", "plan_cost_yen", "slot_outcomes", "week_timeline"]


def slot_outcomes(planned, actual) -> pd.DataFrame:
    """Overtime and idle person-hours of each job booked for ``planned`` hours."""
    p = np.asarray(planned, dtype=float).ravel()
    a = np.asarray(actual, dtype=float).ravel()
    if p.shape != a.shape:
        raise ValueError(f"{p.size} planned values for {a.size} jobs")
    return pd.DataFrame(
        {"overtime_hours": np.maximum(a - p, 0), "idle_hours": np.maximum(p - a, 0)}
    )


def plan_cost_yen(planned, actual, booked_short_yen: float, booked_long_yen: float) -> float:
    """Cost of the overtime and idle time of a plan: each hour a job runs past its slot at
    ``booked_short_yen``, each hour it leaves idle at ``booked_long_yen``."""
    out = slot_outcomes(planned, actual)
    return float(
        out["overtime_hours"].sum() * booked_short_yen + out["idle_hours"].sum() * booked_long_yen
    )


def monthly_summary(start_date, planned, actual) -> pd.DataFrame:
    """Jobs, overtime and idle hours per month (``YYYY-MM``) of a plan."""
    out = slot_outcomes(planned, actual)
    out["month"] = pd.DatetimeIndex(start_date).strftime("%Y-%m")
    out["jobs"] = 1
    return out.groupby("month")[["jobs", "overtime_hours", "idle_hours"]].sum()


def week_timeline(jobs: pd.DataFrame, planned, actual) -> pd.DataFrame:
    """Slots of one operator's jobs laid end to end in booked (working) hours, for a Gantt chart.

    ``jobs`` are that operator's jobs of one week in the order they run. Each slot starts where the
    previous one was booked to end; ``actual_end`` is where the job really ended inside or beyond
    its slot (beyond = overtime, short of it = idle).
    """
    p = np.asarray(planned, dtype=float)
    a = np.asarray(actual, dtype=float)
    start = np.concatenate([[0.0], np.cumsum(p)[:-1]])
    return pd.DataFrame(
        {
            "job_id": jobs["job_id"].to_numpy(),
            "slot_start": start,
            "slot_end": start + p,
            "actual_end": start + a,
        }
    )
