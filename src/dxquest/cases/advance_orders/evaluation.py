"""The hidden holdout of Kanazawa Precision's forecasting question, its scores, and the material of
its public self-check (grader side).

The learner's forecast function is called in the kernel on the tasks of the holdout issues
(:func:`~.data.holdout_tasks`), one value per notice row of ``future``; the grader scores what it
returned here, against the firm orders that came. On the hidden draw it also knows each row's
true distribution, so scores are compared with today's practice (the notice as it is) and with
the oracle (:mod:`.oracle`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.advance_orders import reference
from dxquest.cases.advance_orders.business import (
    PLANNED_HORIZONS,
    RESERVATION_COVERED,
    RESERVATION_HORIZON,
    part_facts,
)
from dxquest.cases.advance_orders.data import holdout_tasks
from dxquest.cases.advance_orders.oracle import (
    oracle_delivered_quantile,
    oracle_forecast,
    oracle_quantile,
)
from dxquest.cases.spec import Holdout
from dxquest.skill import normalised_skill, pinball_loss
from dxquest.synth.parts_orders_tables import AdvanceOrdersData

__all__ = [
    "forecast_figures",
    "holdout_rows",
    "holdout_task",
    "plan_scores",
    "public_outcomes",
    "reservation_scores",
    "wape",
]


def wape(actual, forecast) -> float:
    """Weighted absolute percentage error ``sum|actual - forecast| / sum(actual)``: the pieces
    planned wrong per piece ordered. The median of each row's distribution minimises it."""
    a = np.asarray(actual, dtype=float).ravel()
    f = np.asarray(forecast, dtype=float).ravel()
    if a.shape != f.shape:
        raise ValueError(f"{f.size} forecasts for {a.size} rows")
    return float(np.abs(a - f).sum() / a.sum())


def holdout_rows(data: AdvanceOrdersData) -> pd.DataFrame:
    """Every notice row of the holdout issues in task order, with the firm pieces that came (and,
    for a draw with truth, its true distribution)."""
    future = pd.concat([f for _, f in holdout_tasks(data)], ignore_index=True)
    rows = reference.with_firm_quantity(future, data.orders, data.parts)
    if data.truth is not None:
        keys = ["issued_on", "part_id", "horizon"]
        truth = data.truth.drop(columns=["customer_id", "target_month"])
        rows = rows.merge(truth, on=keys, how="left", validate="one_to_one")
    return rows


def holdout_task(data: AdvanceOrdersData) -> Holdout:
    """The AI task on the hidden draw: the notice rows of its last six planning meetings, each
    forecast from what was known that day, with the firm pieces, the notice and the oracle."""
    rows = holdout_rows(data)
    return Holdout(
        case="advance_orders",
        metric="WAPE",
        keys=(
            rows["issued_on"].dt.strftime("%Y-%m-%d")
            + "|"
            + rows["part_id"]
            + "|"
            + rows["horizon"].astype(str)
        ).to_numpy(dtype=str),
        actual=rows["firm"].to_numpy(dtype=float),
        baseline=rows["quantity"].to_numpy(dtype=float),
        oracle=oracle_forecast(rows, rows["quantity"]),
    )


def public_outcomes(data: AdvanceOrdersData) -> dict:
    """What the forecast's self-check needs from the learner's data, with no answer in it: per
    row of the holdout issues, the firm pieces, the notice and the horizon (all in the
    learner's tables)."""
    rows = holdout_rows(data)
    return {
        "firm": rows["firm"].astype(float).tolist(),
        "notice": rows["quantity"].astype(float).tolist(),
        "horizon": rows["horizon"].astype(int).tolist(),
    }


def _part_errors(rows: pd.DataFrame, forecast: np.ndarray, parts: pd.DataFrame) -> pd.DataFrame:
    """The notice's and the forecast's absolute errors summed per part (its number in use now)."""
    part = rows["part_id"].map(reference.current_part_ids(parts))
    return (
        pd.DataFrame(
            {
                "notice": np.abs(rows["quantity"] - rows["firm"]).to_numpy(),
                "forecast": np.abs(forecast - rows["firm"].to_numpy()),
            }
        )
        .groupby(part.to_numpy())
        .sum()
    )


def forecast_figures(data: AdvanceOrdersData, forecast) -> dict[str, float]:
    """The benchmark's figures of a forecast of the holdout rows: WAPE by horizon for it, the
    notice and the oracle; and the share of parts whose forecast error (summed over their rows)
    is below the notice's, and at most half of it (the program's result to reproduce)."""
    rows = holdout_rows(data)
    forecast = np.asarray(forecast, dtype=float)
    oracle = oracle_forecast(rows, rows["quantity"])
    figures: dict[str, float] = {}
    for h in (1, 2, 3):
        on = (rows["horizon"] == h).to_numpy()
        firm = rows.loc[on, "firm"]
        figures[f"h{h}_learner"] = wape(firm, forecast[on])
        figures[f"h{h}_baseline"] = wape(firm, rows.loc[on, "quantity"])
        figures[f"h{h}_oracle"] = wape(firm, oracle[on])
    errors = _part_errors(rows, forecast, data.parts)
    errors = errors[errors["notice"] > 0]
    figures["share_beats_notice"] = float((errors["forecast"] < errors["notice"]).mean())
    figures["share_half_notice_error"] = float(
        (errors["forecast"] <= 0.5 * errors["notice"]).mean()
    )
    return figures


def _grader_piece_costs(data: AdvanceOrdersData, part_ids: pd.Series) -> pd.DataFrame:
    """The grader's piece costs (:func:`~.reference.piece_costs`) of each of ``part_ids``."""
    costs = pd.DataFrame(
        [reference.piece_costs(part_facts(p)) for _, p in data.parts.iterrows()],
        index=data.parts["part_id"],
    )
    return costs.loc[part_ids.to_numpy()].reset_index(drop=True)


def plan_scores(data: AdvanceOrdersData, plans_per_task: list) -> dict[str, float]:
    """Cost (yen a year) of the production plans of the holdout issues (the one-month rows):
    of the learner's planned pieces, of planning the notice as it is (baseline), and of planning
    each row's true quantile at the ratio of the grader's piece costs (the oracle); the skill and
    the yen a year the learner's plan saves. The costs are the grader's own definition
    (:func:`~.reference.piece_costs`), the one notebook 01 grades a learner's against."""
    rows = holdout_rows(data)
    planned = np.concatenate([np.asarray(p, dtype=float) for p in plans_per_task])
    planned_rows = rows["horizon"].isin(PLANNED_HORIZONS).to_numpy()
    rows, planned = rows[planned_rows].reset_index(drop=True), planned[planned_rows]
    costs = _grader_piece_costs(data, rows["part_id"])
    over, short = costs["over"].to_numpy(), costs["short"].to_numpy()
    per_year = 12 / rows["issued_on"].nunique()
    plans = {
        "learner": planned,
        "baseline": rows["quantity"].to_numpy(dtype=float),
        "oracle": oracle_quantile(rows, rows["quantity"], short / (short + over)),
    }
    scores = {
        role: per_year * reference.error_cost_yen(plan, rows["firm"], over, short)
        for role, plan in plans.items()
    }
    scores["yen_saved_per_year"] = scores["baseline"] - scores["learner"]
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores


def calibrated_notices(history: AdvanceOrdersData, future: pd.DataFrame) -> np.ndarray:
    """Today's practice made honest for a reservation: each notice times the one factor by which
    the three-month notices of the last twelve months delivered in full (before the meeting's
    month) would have covered their firm orders :data:`RESERVATION_COVERED` of the time."""
    notices = history.notices[history.notices["horizon"] == RESERVATION_HORIZON]
    meeting_month = history.notices["issued_on"].max().strftime("%Y-%m")
    done = sorted(m for m in notices["target_month"].unique() if m < meeting_month)[-12:]
    rows = reference.with_firm_quantity(
        notices[notices["target_month"].isin(done)], history.orders, history.parts
    )
    rows = rows[rows["quantity"] > 0]
    factor = np.quantile(rows["firm"] / rows["quantity"], RESERVATION_COVERED)
    return future["quantity"].to_numpy(dtype=float) * factor


def reservation_scores(data: AdvanceOrdersData, reservations_per_task: list) -> dict[str, float]:
    """The stretch task's material reservations (pieces, one list per meeting) on the holdout's
    three-month rows: the share of rows whose firm orders they covered, the pieces reserved per
    piece ordered, and their quantile loss at :data:`RESERVATION_COVERED` per piece ordered,
    against the calibrated notices (baseline) and each row's true quantile as delivered (oracle);
    the skill."""
    rows = holdout_rows(data)
    on = (rows["horizon"] == RESERVATION_HORIZON).to_numpy()
    tasks = holdout_tasks(data)
    rows = rows[on].reset_index(drop=True)
    firm = rows["firm"].to_numpy(dtype=float)
    box = rows["part_id"].map(data.parts.set_index("part_id")["box_quantity"])
    reserved = {
        "learner": np.concatenate([np.asarray(r, dtype=float) for r in reservations_per_task])[on],
        "baseline": np.concatenate([calibrated_notices(*task) for task in tasks])[on],
        "oracle": oracle_delivered_quantile(rows, rows["quantity"], box, RESERVATION_COVERED),
    }
    scores: dict[str, float] = {}
    for role, pieces in reserved.items():
        scores[role] = float(pinball_loss(firm, pieces, RESERVATION_COVERED).sum() / firm.sum())
        scores[f"{role}_covered"] = float(np.mean(firm <= pieces))
        scores[f"{role}_reserved_per_piece"] = float(pieces.sum() / firm.sum())
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores
