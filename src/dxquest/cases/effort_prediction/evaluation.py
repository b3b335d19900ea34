"""Scoring a learner's estimator, intervals and schedule plan, on their own data or the hidden
holdout.

Every learner function takes ``(history, future)`` (see :func:`~.data.estimation_task`) and
returns one value (or one interval) per row of ``future``; the completed jobs are scored (a
cancelled job has no hours). On the hidden holdout the grader also knows each job's true time
distribution, so scores are compared with today's practice (the foreman) and with the oracle
(see :mod:`.oracle`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.effort_prediction.business import INTERVAL_LEVELS, PLAN_QUANTILE
from dxquest.cases.effort_prediction.data import estimation_task, future_outcomes, holdout_windows
from dxquest.cases.effort_prediction.metrics import coverage, mae
from dxquest.cases.effort_prediction.oracle import oracle_estimate, predictive_quantile
from dxquest.cases.effort_prediction.schedule import plan_cost_yen, slot_outcomes
from dxquest.cases.spec import AITask, Holdout
from dxquest.exercise import Incorrect, call_learner, progress
from dxquest.i18n import Msg
from dxquest.skill import normalised_skill
from dxquest.synth.printing import PrintShopData


def _numbers(values, n: int, what: Msg) -> np.ndarray:
    try:
        out = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise Incorrect(
            Msg(
                f"{what.ja}は数値の配列で返してください。",
                f"Return the {what.en} as an array of numbers.",
            )
        ) from None
    if out.shape != (n,):
        raise Incorrect(
            Msg(
                f"{what.ja}は future の行数 {n} と同じ長さで返してください（今は {out.size}）。",
                f"Return one {what.en} value per row of future ({n} rows; got {out.size}).",
            )
        )
    if not np.isfinite(out).all() or (out < 0).any():
        raise Incorrect(
            Msg(
                f"{what.ja}に NaN・無限大・負の値が含まれています。",
                f"The {what.en} contain NaN, infinite or negative values.",
            )
        )
    return out


def learner_hours(function, history: PrintShopData, future: pd.DataFrame, what: Msg) -> np.ndarray:
    """Call the learner's ``function(history, future)`` and insist on one number per row."""
    return _numbers(call_learner(function, history, future.copy()), len(future), what)


def learner_interval(function, history, future) -> tuple[np.ndarray, np.ndarray]:
    """Call the learner's interval function; it returns a DataFrame with ``lower`` and ``upper``
    (or an array of shape (n, 2))."""
    got = call_learner(function, history, future.copy())
    if hasattr(got, "columns"):
        if not {"lower", "upper"} <= set(got.columns):
            raise Incorrect(
                Msg(
                    "lower と upper の2列をもつ DataFrame を返してください。",
                    "Return a DataFrame with the columns lower and upper.",
                )
            )
        lower, upper = got["lower"], got["upper"]
    else:
        array = np.asarray(got, dtype=float)
        if array.ndim != 2 or array.shape[1] != 2:
            raise Incorrect(
                Msg(
                    "lower と upper の2列をもつ DataFrame を返してください。",
                    "Return a DataFrame with the columns lower and upper.",
                )
            )
        lower, upper = array[:, 0], array[:, 1]
    n = len(future)
    lower = _numbers(lower, n, Msg("区間の下限", "interval lower bounds"))
    upper = _numbers(upper, n, Msg("区間の上限", "interval upper bounds"))
    if (lower > upper).any():
        raise Incorrect(
            Msg(
                "下限が上限を上回る行があります。",
                "Some rows have a lower bound above the upper bound.",
            )
        )
    return lower, upper


_ESTIMATES = Msg("工数の予測", "estimates")
_PLANS = Msg("計画工数", "planned hours")
_WINDOWS = Msg("予測する期間", "forecast windows")


def _completed(outcome: pd.DataFrame) -> np.ndarray:
    """Which rows of a window's outcome are scored: the completed jobs."""
    return (outcome["status"] == "completed").to_numpy()


def _windows(function, data: PrintShopData, windows, call) -> tuple[pd.DataFrame, list]:
    """Run ``call(function, history, future)`` on each ``(cutoff, until)`` window; return the
    outcomes of the windows' completed jobs stacked, and the learner's answers for them in the
    same order (an answer is an array or a tuple of arrays, one value per row)."""
    outcomes, answers = [], []
    for cutoff, until in progress(windows, _WINDOWS, total=len(windows)):
        history, future = estimation_task(data, cutoff, until)
        outcome = future_outcomes(data, future)
        done = _completed(outcome)
        answer = call(function, history, future)
        outcomes.append(outcome[done])
        answers.append(
            tuple(a[done] for a in answer) if isinstance(answer, tuple) else answer[done]
        )
    return pd.concat(outcomes, ignore_index=True), answers


def learner_estimates(estimator, data: PrintShopData, windows) -> tuple[pd.DataFrame, np.ndarray]:
    """The jobs of ``windows`` (``(cutoff, until)`` pairs, see :func:`~.data.holdout_windows`)
    with their outcomes, and the learner's estimate of each, in the same order."""
    outcome, answers = _windows(
        estimator, data, windows, lambda f, h, fut: learner_hours(f, h, fut, _ESTIMATES)
    )
    return outcome, np.concatenate(answers)


def estimate_scores(estimator, data: PrintShopData, windows, with_oracle: bool) -> dict[str, float]:
    """MAE (hours) of the learner's estimates and of the foreman's on the jobs of ``windows``;
    with ``with_oracle`` (a draw with truth) also the oracle's and the normalised skill."""
    return scores_of_estimates(*learner_estimates(estimator, data, windows), with_oracle)


def holdout_task(data: PrintShopData) -> AITask:
    """The AI task on the hidden draw: the completed jobs of its last two six-month windows, each
    estimated from the history before its cut-off, with the recorded hours, the foreman's
    estimate and the oracle's estimate of each job."""
    tasks = [estimation_task(data, cutoff, until) for cutoff, until in holdout_windows(data)]
    outcomes = [future_outcomes(data, future) for _, future in tasks]
    scored = [_completed(o) for o in outcomes]
    outcomes = [o[done].reset_index(drop=True) for o, done in zip(outcomes, scored, strict=True)]
    holdout = Holdout(
        case="effort_prediction",
        metric="MAE",
        keys=np.concatenate([o["job_id"].astype(str).to_numpy(dtype=str) for o in outcomes]),
        actual=np.concatenate([o["actual_hours"].to_numpy(dtype=float) for o in outcomes]),
        baseline=np.concatenate([o["foreman_estimate_hours"].to_numpy(float) for o in outcomes]),
        oracle=np.concatenate([oracle_estimate(o) for o in outcomes]),
    )

    def predict(estimator) -> np.ndarray:
        return np.concatenate(
            [
                learner_hours(estimator, h, f, _ESTIMATES)[done]
                for (h, f), done in zip(tasks, scored, strict=True)
            ]
        )

    return AITask(holdout, predict, mae)


def scores_of_estimates(
    outcome: pd.DataFrame, estimates: np.ndarray, with_oracle: bool
) -> dict[str, float]:
    """See :func:`estimate_scores`; ``outcome`` and ``estimates`` from :func:`learner_estimates`."""
    actual = outcome["actual_hours"].to_numpy()
    scores = {
        "learner": mae(actual, estimates),
        "baseline": mae(actual, outcome["foreman_estimate_hours"]),
    }
    if with_oracle:
        scores["oracle"] = mae(actual, oracle_estimate(outcome))
        scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores


def interval_scores(function, data: PrintShopData, windows, with_oracle: bool) -> dict[str, float]:
    """Coverage and mean width of the learner's intervals; with ``with_oracle`` also the mean
    width and coverage of the oracle's exact 80 % intervals on the same jobs."""
    outcome, answers = _windows(function, data, windows, learner_interval)
    lower = np.concatenate([low for low, _ in answers])
    upper = np.concatenate([high for _, high in answers])
    scores = {
        "coverage": coverage(outcome["actual_hours"], lower, upper),
        "width": float(np.mean(upper - lower)),
    }
    if with_oracle:
        low, high = (predictive_quantile(outcome, q) for q in INTERVAL_LEVELS)
        scores["oracle_width"] = float(np.mean(high - low))
        scores["oracle_coverage"] = coverage(outcome["actual_hours"], low, high)
    return scores


def plan_scores(planner, data: PrintShopData, windows, with_oracle: bool) -> dict[str, float]:
    """Cost (yen a month) of the overtime and idle time of booking the learner's planned hours,
    and of booking the foreman's estimates (baseline); with ``with_oracle`` also of booking each
    job's true :data:`~.business.PLAN_QUANTILE`-quantile (the oracle) and the skill. Overtime
    and idle hours a month of each plan, and the hours the learner's plan saves a month, come
    with them."""
    outcome, answers = _windows(
        planner, data, windows, lambda f, h, fut: learner_hours(f, h, fut, _PLANS)
    )
    actual = outcome["actual_hours"].to_numpy()
    plans = {
        "learner": np.concatenate(answers),
        "baseline": outcome["foreman_estimate_hours"].to_numpy(dtype=float),
    }
    if with_oracle:
        plans["oracle"] = predictive_quantile(outcome, PLAN_QUANTILE)
    months = outcome["start_date"].dt.strftime("%Y-%m").nunique()
    scores: dict[str, float] = {}
    for role, planned in plans.items():
        scores[role] = plan_cost_yen(planned, actual) / months
        slots = slot_outcomes(planned, actual).sum() / months
        scores[f"{role}_overtime_hours"] = float(slots["overtime_hours"])
        scores[f"{role}_idle_hours"] = float(slots["idle_hours"])
    scores["hours_saved_per_month"] = (
        scores["baseline_overtime_hours"]
        + scores["baseline_idle_hours"]
        - scores["learner_overtime_hours"]
        - scores["learner_idle_hours"]
    )
    if with_oracle:
        scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores
