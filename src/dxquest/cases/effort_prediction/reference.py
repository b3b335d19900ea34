"""The grader's reference answers for Hibari Printing's business questions.

Hidden checks compare the learner's functions with these on data the learner has never seen.
Each follows the definition the notebook states, so a learner who follows the text agrees.
"""

from __future__ import annotations

import pandas as pd

from dxquest.cases.effort_prediction import metrics
from dxquest.cases.effort_prediction.business import HOURLY_COST_YEN, OVERTIME_COST_YEN


def clean_jobs(jobs: pd.DataFrame) -> pd.DataFrame:
    """Drop re-entered duplicate rows and cancelled jobs (which have no actual hours)."""
    clean = jobs.drop_duplicates()
    clean = clean[clean["status"] == "completed"]
    return clean.reset_index(drop=True)


def last_year(jobs: pd.DataFrame) -> pd.DataFrame:
    """Jobs that started in the last 365 days of ``jobs`` (its latest start date included)."""
    return jobs[jobs["start_date"] > jobs["start_date"].max() - pd.Timedelta(days=365)]


def foreman_mae(jobs: pd.DataFrame) -> float:
    """Mean absolute error (hours) of the foreman's estimates over the last year's jobs."""
    recent = last_year(clean_jobs(jobs))
    return float((recent["actual_hours"] - recent["foreman_estimate_hours"]).abs().mean())


def last_months(attendance: pd.DataFrame, months: int = 12) -> pd.DataFrame:
    """Attendance rows of the last ``months`` months of the record."""
    keep = sorted(attendance["month"].unique())[-months:]
    return attendance[attendance["month"].isin(keep)]


def monthly_overtime_idle_hours(attendance: pd.DataFrame) -> float:
    """Overtime plus idle person-hours a month, averaged over the last 12 months."""
    recent = last_months(attendance)
    total = recent["overtime_hours"].sum() + recent["idle_hours"].sum()
    return float(total / recent["month"].nunique())


def monthly_loss_yen(attendance: pd.DataFrame) -> float:
    """What overtime and idle time cost a month (yen), averaged over the last 12 months."""
    recent = last_months(attendance)
    cost = (
        recent["overtime_hours"].sum() * OVERTIME_COST_YEN
        + recent["idle_hours"].sum() * HOURLY_COST_YEN
    )
    return float(cost / recent["month"].nunique())


def accuracy_metrics(actual, estimate) -> dict[str, float]:
    """The accuracy measures notebook 02 asks for, by the names it gives them."""
    return {
        "mae": metrics.mae(actual, estimate),
        "mdae": metrics.mdae(actual, estimate),
        "pred25": metrics.pred(actual, estimate, 0.25),
        "sa": metrics.standardised_accuracy(actual, estimate),
        "mmre": metrics.mmre(actual, estimate),
    }


def hours_saved_per_month(plans: pd.DataFrame) -> float:
    """Overtime + idle hours a month of booking the foreman's estimates, minus those of booking
    ``planned_hours``; ``plans`` has ``start_date``, ``actual_hours``,
    ``foreman_estimate_hours`` and ``planned_hours`` per job."""
    actual = plans["actual_hours"]
    foreman = (actual - plans["foreman_estimate_hours"]).abs().sum()
    planned = (actual - plans["planned_hours"]).abs().sum()
    months = plans["start_date"].dt.strftime("%Y-%m").nunique()
    return float((foreman - planned) / months)


def annual_benefit_yen(as_is: dict, to_be: dict) -> float:
    """Yearly value of the change in monthly overtime and idle hours (``overtime_hours`` and
    ``idle_hours`` per month in each dict)."""
    monthly = (as_is["overtime_hours"] - to_be["overtime_hours"]) * OVERTIME_COST_YEN + (
        as_is["idle_hours"] - to_be["idle_hours"]
    ) * HOURLY_COST_YEN
    return float(12 * monthly)


def payback_months(
    annual_benefit_yen: float, initial_cost_yen: float, monthly_cost_yen: float
) -> float:
    """Months until the net monthly benefit repays the initial cost (inf if it never does)."""
    net_monthly = annual_benefit_yen / 12 - monthly_cost_yen
    return float("inf") if net_monthly <= 0 else float(initial_cost_yen / net_monthly)
