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

from dxquest.cases.effort_prediction.business import HOURLY_COST_YEN, OVERTIME_COST_YEN

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


def plan_cost_yen(planned, actual) -> float:
    """Cost of the overtime and idle time of a plan: overtime at ``OVERTIME_COST_YEN`` an hour,
    idle time at ``HOURLY_COST_YEN``."""
    out = slot_outcomes(planned, actual)
    return float(
        out["overtime_hours"].sum() * OVERTIME_COST_YEN + out["idle_hours"].sum() * HOURLY_COST_YEN
    )


def monthly_summary(start_date, planned, actual) -> pd.DataFrame:
    """Jobs, overtime, idle hours and their cost per month (``YYYY-MM``) of a plan."""
    out = slot_outcomes(planned, actual)
    out["month"] = pd.DatetimeIndex(start_date).strftime("%Y-%m")
    out["jobs"] = 1
    table = out.groupby("month")[["jobs", "overtime_hours", "idle_hours"]].sum()
    table["cost_yen"] = (
        table["overtime_hours"] * OVERTIME_COST_YEN + table["idle_hours"] * HOURLY_COST_YEN
    )
    return table


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
