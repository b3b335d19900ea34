"""Kanazawa Precision's notices and orders cut into planning tasks, as the notebooks and the grader
cut them.

Production control plans once a month, at the meeting the day after the customers' notices arrive
(the 21st): that day is a task's *cut-off*. The learner's tables come from :func:`load_data`; the
grader's hidden draw (a second company history from the cohort secret) from the case's
declaration (grader side); both are cut with :func:`planning_task`. What a model receives is
declared here, in :data:`FUTURE_COLUMNS` and :data:`HISTORY_DATES`; the time-honesty tests read
both.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dxquest.cases.advance_orders.business import HOLDOUT_ISSUES
from dxquest.public_data import load_public_data
from dxquest.synth.parts_orders_tables import AdvanceOrdersData, read_advance_orders

__all__ = [
    "FUTURE_COLUMNS",
    "HISTORY_DATES",
    "holdout_cutoffs",
    "holdout_tasks",
    "load_data",
    "planning_task",
]


def load_data(directory: Path | None = None) -> AdvanceOrdersData:
    """Kanazawa Precision's tables: the learner's data (built before a kernel starts)."""
    return load_public_data("advance_orders", read_advance_orders, "orders.csv", directory)


FUTURE_COLUMNS = ("issued_on", "customer_id", "part_id", "target_month", "horizon", "quantity")
"""What production control knows of each row it forecasts: the notice just received (its part,
target month, horizon and announced quantity). The firm orders of the target month arrive weeks
later."""

HISTORY_DATES = {"notices": "issued_on", "orders": "order_date"}
"""The history's event tables and the column that dates each row: history keeps the rows dated
before the cut-off (the notices issued by then, today's included, and the firm orders received).
The masters are cut as they stand then (a merger or a renamed part not yet happened is not in
them)."""


def holdout_cutoffs(data: AdvanceOrdersData, issues: int = HOLDOUT_ISSUES) -> list[pd.Timestamp]:
    """Cut-offs (the day after the notices arrive) of the last ``issues`` notice issues whose
    target months, up to three months ahead, all lie in ``data``."""
    last_month = data.orders["delivery_date"].max().to_period("M")
    issued = sorted(d for d in data.notices["issued_on"].unique() if
                    pd.Timestamp(d).to_period("M") + 3 <= last_month)  # fmt: skip
    return [pd.Timestamp(d) + pd.Timedelta(days=1) for d in issued[-issues:]]


def planning_task(
    data: AdvanceOrdersData, cutoff: pd.Timestamp
) -> tuple[AdvanceOrdersData, pd.DataFrame]:
    """What production control knows at the planning meeting of ``cutoff``, and the rows to
    forecast.

    Returns ``(history, future)``: ``history`` holds the public tables as they stand at
    ``cutoff`` (the rows of :data:`HISTORY_DATES` dated before it, the masters of that day);
    ``future`` the notices issued on the day before ``cutoff`` (:data:`FUTURE_COLUMNS`), one row
    per part and horizon, by customer, part and horizon.
    """
    cutoff = pd.Timestamp(cutoff)
    notices = data.notices[data.notices["issued_on"] < cutoff].reset_index(drop=True)
    orders = data.orders[data.orders["order_date"] < cutoff].reset_index(drop=True)
    known = set(notices["part_id"]) | set(orders["part_id"])
    parts = data.parts[data.parts["former_part_id"].isna() | data.parts["part_id"].isin(known)]
    customers = data.customers.copy()
    later = customers["merged_on"] >= cutoff
    customers.loc[later, "merged_into"] = float("nan")
    customers.loc[later, "merged_on"] = pd.NaT
    history = replace(
        data,
        notices=notices,
        orders=orders,
        parts=parts.reset_index(drop=True),
        customers=customers,
        truth=None,
    )
    today = data.notices["issued_on"] == cutoff - pd.Timedelta(days=1)
    future = (
        data.notices.loc[today, list(FUTURE_COLUMNS)]
        .sort_values(["customer_id", "part_id", "horizon"])
        .reset_index(drop=True)
    )
    return history, future


def holdout_tasks(data: AdvanceOrdersData) -> list[tuple[AdvanceOrdersData, pd.DataFrame]]:
    """The planning tasks of ``data``'s holdout issues (:func:`holdout_cutoffs`), in order: what
    the model questions' functions are called on, and what the grader scores."""
    return [planning_task(data, cutoff) for cutoff in holdout_cutoffs(data)]
