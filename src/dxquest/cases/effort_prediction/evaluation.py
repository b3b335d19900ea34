"""The hidden holdout of Hibari Printing's model questions, their scores, and the material of their
public self-checks (grader side).

The learner's estimator, interval and plan functions are called in the kernel on the tasks of the
holdout windows (:func:`~.data.holdout_tasks`), one value (or interval) per row of ``future``;
the grader scores what they returned here, on the completed jobs (a cancelled job has no hours,
and nobody knew it would be cancelled when it was estimated). On the hidden draw it also knows
each job's true distribution of hours, so scores are compared with today's practice (the foreman)
and with the oracle (:mod:`.oracle`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.effort_prediction.business import COST_FACTS, INTERVAL_LEVELS, PROMISE_KEPT
from dxquest.cases.effort_prediction.data import future_outcomes, holdout_tasks
from dxquest.cases.effort_prediction.metrics import coverage
from dxquest.cases.effort_prediction.oracle import oracle_estimate, predictive_quantile
from dxquest.cases.effort_prediction.reference import booking_quantile, hour_costs
from dxquest.cases.effort_prediction.schedule import plan_cost_yen, slot_outcomes
from dxquest.cases.spec import Holdout
from dxquest.skill import normalised_skill, pinball_loss
from dxquest.synth.printing_tables import PrintShopData


def _task_outcomes(data: PrintShopData) -> pd.DataFrame:
    """Every row of the holdout windows' tasks in task order, with its status and recorded hours."""
    tasks = holdout_tasks(data)
    return pd.concat([future_outcomes(data, future) for _, future in tasks], ignore_index=True)


def scored_rows(data: PrintShopData) -> np.ndarray:
    """Which rows of the tasks the holdout scores: the completed jobs."""
    return (_task_outcomes(data)["status"] == "completed").to_numpy()


def holdout_outcomes(data: PrintShopData) -> pd.DataFrame:
    """The completed jobs of the holdout windows in task order, with their recorded hours, the
    foreman's estimate and (for a draw with truth) their true distribution."""
    outcome = _task_outcomes(data)
    return outcome[outcome["status"] == "completed"].reset_index(drop=True)


def holdout_task(data: PrintShopData) -> Holdout:
    """The AI task on the hidden draw: the completed jobs of its last two six-month windows, each
    estimated from the history before its cut-off, with the recorded hours, the foreman's
    estimate and the oracle's estimate of each job."""
    outcome = holdout_outcomes(data)
    holdout = Holdout(
        case="effort_prediction",
        metric="MAE",
        keys=outcome["job_id"].astype(str).to_numpy(dtype=str),
        actual=outcome["actual_hours"].to_numpy(dtype=float),
        baseline=outcome["foreman_estimate_hours"].to_numpy(dtype=float),
        oracle=oracle_estimate(outcome),
    )
    return holdout


def public_outcomes(data: PrintShopData) -> dict:
    """What the model questions' self-checks need from the learner's data, with no answer in it:
    per completed job of the holdout windows, its recorded hours, the foreman's estimate and its
    month (all of them in the learner's tables), and where those jobs are among the task rows."""
    outcome = holdout_outcomes(data)
    return {
        "scored": np.flatnonzero(scored_rows(data)).tolist(),  # which rows are completed jobs
        "actual": outcome["actual_hours"].astype(float).tolist(),
        "foreman": outcome["foreman_estimate_hours"].astype(float).tolist(),
        "month": outcome["start_date"].dt.strftime("%Y-%m").tolist(),
    }


def _scored(data: PrintShopData, per_task: list) -> np.ndarray:
    """The learner's values on the scored rows (one list per task, one value or pair per row)."""
    stacked = np.concatenate([np.asarray(values, dtype=float) for values in per_task])
    return stacked[scored_rows(data)]


def interval_scores(data: PrintShopData, bounds_per_task: list) -> dict[str, float]:
    """Coverage and mean width of the learner's intervals (``[lower, upper]`` per job, one list
    per task), and of the oracle's exact 80 % intervals on the same jobs."""
    outcome = holdout_outcomes(data)
    bounds = _scored(data, bounds_per_task).reshape(-1, 2)
    actual = outcome["actual_hours"].to_numpy(dtype=float)
    low, high = (predictive_quantile(outcome, q) for q in INTERVAL_LEVELS)
    return {
        "coverage": coverage(actual, bounds[:, 0], bounds[:, 1]),
        "width": float(np.mean(bounds[:, 1] - bounds[:, 0])),
        "oracle_coverage": coverage(actual, low, high),
        "oracle_width": float(np.mean(high - low)),
    }


def plan_scores(data: PrintShopData, plans_per_task: list) -> dict[str, float]:
    """Cost (yen a month) of the overtime and idle time of booking the learner's planned hours
    (one list per task), of booking the foreman's estimates (baseline), and of booking each job's
    true quantile at the ratio of the grader's hour costs (the oracle); the skill. The costs are
    the grader's own definition (:func:`~.reference.hour_costs`), the one notebook 01 grades a
    learner's against. Overtime and idle hours a month of each plan, and the hours the learner's
    plan saves a month, come with them."""
    costs = hour_costs(COST_FACTS)
    outcome = holdout_outcomes(data)
    actual = outcome["actual_hours"].to_numpy(dtype=float)
    plans = {
        "learner": _scored(data, plans_per_task),
        "baseline": outcome["foreman_estimate_hours"].to_numpy(dtype=float),
        "oracle": predictive_quantile(
            outcome, booking_quantile(costs["booked_short"], costs["booked_long"])
        ),
    }
    months = outcome["start_date"].dt.strftime("%Y-%m").nunique()
    scores: dict[str, float] = {}
    for role, planned in plans.items():
        cost = plan_cost_yen(planned, actual, costs["booked_short"], costs["booked_long"])
        scores[role] = cost / months
        slots = slot_outcomes(planned, actual).sum() / months
        scores[f"{role}_overtime_hours"] = float(slots["overtime_hours"])
        scores[f"{role}_idle_hours"] = float(slots["idle_hours"])
    scores["hours_saved_per_month"] = (
        scores["baseline_overtime_hours"]
        + scores["baseline_idle_hours"]
        - scores["learner_overtime_hours"]
        - scores["learner_idle_hours"]
    )
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores


def _foreman_promises(history: PrintShopData, future: pd.DataFrame) -> np.ndarray:
    """Today's practice made honest: the foreman's estimates times the factor his own last twelve
    months of completed jobs needed to be kept :data:`PROMISE_KEPT` of the time."""
    jobs = history.jobs.drop_duplicates("job_id")
    done = jobs[jobs["status"] == "completed"]
    recent = done[done["start_date"] > done["start_date"].max() - pd.DateOffset(months=12)]
    factor = np.quantile(recent["actual_hours"] / recent["foreman_estimate_hours"], PROMISE_KEPT)
    return future["foreman_estimate_hours"].to_numpy(dtype=float) * factor


def promise_scores(data: PrintShopData, promises_per_task: list) -> dict[str, float]:
    """The stretch task's promised hours (one list per task) on the completed jobs: the share of
    jobs that finished within them and their quantile score at :data:`PROMISE_KEPT`, against the
    foreman's calibrated promises (baseline) and each job's true quantile (oracle); the skill."""
    outcome = holdout_outcomes(data)
    actual = outcome["actual_hours"].to_numpy(dtype=float)
    promises = {
        "learner": _scored(data, promises_per_task),
        "baseline": _scored(data, [_foreman_promises(*task) for task in holdout_tasks(data)]),
        "oracle": predictive_quantile(outcome, PROMISE_KEPT),
    }
    scores: dict[str, float] = {}
    for role, promised in promises.items():
        # The mean pinball loss in hours per job: least, in expectation, for the true quantile.
        scores[role] = float(np.mean(pinball_loss(actual, promised, PROMISE_KEPT)))
        scores[f"{role}_kept"] = float(np.mean(actual <= promised))
        scores[f"{role}_mean_hours"] = float(np.mean(promised))
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores
