"""The grader's reference answers for Hibari Printing's business questions.

Hidden checks compare the learner's functions with these on data the learner has never seen.
Each follows the definition the notebook states, so a learner who follows the text agrees.
"""

from __future__ import annotations

import pandas as pd

from dxquest.cases.effort_prediction import business, metrics
from dxquest.cases.effort_prediction.business import (
    SYSTEM_INITIAL_COST_YEN,
    SYSTEM_MONTHLY_COST_YEN,
)


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


def monthly_loss_yen(attendance: pd.DataFrame, costs: dict) -> float:
    """What the last 12 months' overtime and idle time lose a month, each hour at ``costs``
    (``booked_short`` an overtime hour, ``booked_long`` an idle one): notebook 01's last figure."""
    recent = last_months(attendance)
    loss = recent["overtime_hours"].sum() * costs["booked_short"]
    loss += recent["idle_hours"].sum() * costs["booked_long"]
    return float(loss / recent["month"].nunique())


def accuracy_metrics(actual, estimate) -> dict[str, float]:
    """The accuracy measures notebook 02 asks for, by the names it gives them."""
    return {
        "mae": metrics.mae(actual, estimate),
        "mdae": metrics.mdae(actual, estimate),
        "pred25": metrics.pred(actual, estimate, 0.25),
        "sa": metrics.standardised_accuracy(actual, estimate),
        "mmre": metrics.mmre(actual, estimate),
    }


def hour_cost_ranges(facts: dict) -> dict[str, tuple[float, float]]:
    """What an hour booked too short and an hour booked too long cost, as the range the defensible
    definitions give (``facts`` as :data:`~.business.COST_FACTS`).

    The work of a job is done whatever the plan; a plan only decides whether an hour of it falls
    in regular time or in overtime, and whether a booked regular hour is worked or waited. An
    overrun hour is done in overtime: it costs the premium and the after-hours running cost,
    and, if the regular overhead counts as saved, that overhead less. An idle hour is a regular
    hour paid for nothing: its wage, and its overhead if the overhead counts. The full price of an
    overtime hour is not a defensible cost of booking too short: an overrun hour and an idle hour
    together cost one overtime hour, and the full price would count the regular hour twice.
    """
    wage, overhead = facts["wage_yen"], facts["overhead_yen"]
    extra = wage * facts["overtime_premium"] + facts["after_hours_yen"]
    return {
        "booked_short": (extra - overhead, extra),
        "booked_long": (wage, wage + overhead),
    }


def hour_costs(facts: dict) -> dict[str, float]:
    """The grader's own definition, inside :func:`hour_cost_ranges`: an overrun hour costs what
    an overtime hour pays out beyond a regular hour, an idle hour the whole regular hour. The two
    add up to one overtime hour, so an overrun that an idle hour elsewhere could have absorbed
    costs what it paid out, once."""
    ranges = hour_cost_ranges(facts)
    return {"booked_short": ranges["booked_short"][0], "booked_long": ranges["booked_long"][1]}


def booking_quantile(booked_short_yen: float, booked_long_yen: float) -> float:
    """The quantile of a job's hours to book (the newsvendor ratio): the share of an hour booked
    too short's cost in the two costs together."""
    return float(booked_short_yen / (booked_short_yen + booked_long_yen))


def business_case(as_is: dict, to_be: dict, costs: dict) -> dict[str, float]:
    """The annual benefit, net of the running cost, of moving from ``as_is`` to ``to_be``
    (``overtime_hours`` and ``idle_hours`` a month each), with each hour saved valued at
    ``costs`` (``booked_short`` an overtime hour, ``booked_long`` an idle hour), and the months
    the net benefit takes to repay the initial cost (inf when it never does)."""
    monthly = (as_is["overtime_hours"] - to_be["overtime_hours"]) * costs["booked_short"] + (
        as_is["idle_hours"] - to_be["idle_hours"]
    ) * costs["booked_long"]
    net_monthly = monthly - SYSTEM_MONTHLY_COST_YEN
    payback = float("inf") if net_monthly <= 0 else SYSTEM_INITIAL_COST_YEN / net_monthly
    return {"annual_net_benefit_yen": float(12 * net_monthly), "payback_months": float(payback)}


HEADLINE_FROM_SOLUTION = (
    "03_schedule_operations",
    ("future", "outcome", "middle", "as_is", "to_be"),
)
"""The reference solution's results the headline figures need (the model lives in the notebook
alone): notebook 03's last six months (``future`` jobs and their ``outcome`` hours), the model's
estimates of them (``middle``, the model of 02), and the monthly overtime and idle hours of the
foreman's plan and of the AI plan."""


def headline_figures(
    data,
    future: pd.DataFrame,
    outcome,
    middle,
    as_is: pd.DataFrame,
    to_be: pd.DataFrame,
) -> dict[str, float]:
    """Every figure the case's texts state, from the learners' data: the last 12 months' overtime
    and idle time and what they lose at the grader's hour costs (01); the model's error against
    the foreman's over the last six months (02); the foreman's (``as_is``) and the AI's
    (``to_be``) plans over those months, as notebook 03's reference solution compares them (03);
    and the business case (04) on that comparison, the two plans measured on the same jobs."""
    costs = hour_costs(business.COST_FACTS)
    foreman, ai = (plan[["overtime_hours", "idle_hours"]].mean() for plan in (as_is, to_be))
    plans = business_case(foreman.to_dict(), ai.to_dict(), costs)
    running = 12 * business.SYSTEM_MONTHLY_COST_YEN
    jobs = clean_jobs(data.jobs)
    issues = jobs["issue"].value_counts()
    return {
        "duplicate_rows": float(data.jobs.duplicated().sum()),
        "cancelled_jobs": float((data.jobs.drop_duplicates()["status"] == "cancelled").sum()),
        "median_hours": float(jobs["actual_hours"].median()),
        "mean_hours": float(jobs["actual_hours"].mean()),
        "skewness_hours": float(jobs["actual_hours"].skew()),
        "max_hours": float(jobs["actual_hours"].max()),
        "issue_share": float((jobs["issue"] != "none").mean()),
        **{f"{kind}_jobs": float(issues.get(kind, 0)) for kind in ("breakdown", "reprint")},
        "both_issues_jobs": float(issues.get("breakdown+reprint", 0)),
        "wage_yen": float(business.REGULAR_WAGE_YEN),
        "overhead_yen": float(business.REGULAR_OVERHEAD_YEN),
        "overtime_premium": business.OVERTIME_PREMIUM,
        "after_hours_yen": float(business.AFTER_HOURS_RUNNING_YEN),
        "regular_hour_yen": float(business.HOURLY_COST_YEN),
        "overtime_hour_yen": float(business.OVERTIME_COST_YEN),
        "system_initial_cost_yen": float(business.SYSTEM_INITIAL_COST_YEN),
        "system_monthly_cost_yen": float(business.SYSTEM_MONTHLY_COST_YEN),
        "reference_hours_saved_per_month": float(business.REFERENCE_HOURS_SAVED_PER_MONTH),
        "as_is_overtime_idle_hours_per_month": monthly_overtime_idle_hours(data.attendance),
        "as_is_loss_yen_per_month": monthly_loss_yen(data.attendance, costs),
        "ai_mae_share_of_foreman": metrics.mae(outcome, middle)
        / metrics.mae(outcome, future["foreman_estimate_hours"]),
        "hours_saved_per_month": float(foreman.sum() - ai.sum()),
        "gross_benefit_yen_per_year": plans["annual_net_benefit_yen"] + running,
        "running_cost_yen_per_year": float(running),
        "net_benefit_yen_per_year": plans["annual_net_benefit_yen"],
        "payback_months": plans["payback_months"],
    }


PITCH_SOURCES = {
    "as_is_overtime_idle_hours_per_month": "01_business_problem",
    "as_is_loss_yen_per_month": "01_business_problem",
    "ai_mae_share_of_foreman": "02_estimation_trial",
    "hours_saved_per_month": "03_schedule_operations",
    "reference_hours_saved_per_month": "story",
    "system_initial_cost_yen": "story",
    "net_benefit_yen_per_year": "business case",
    "payback_months": "business case",
}
"""Where the learner computes each figure the pitch's model answer may state: a notebook before
the pitch, the story's facts, or the business case 04 builds from them."""
