"""Scoring a learner's forecaster and ordering rule, on their own data or the hidden holdout.

On the hidden holdout the grader knows the true demand (uncensored), so forecasts are scored
against it and compared with today's practice (baseline) and the oracle (true distribution).
On the learner's own data only censored sales exist, so public checks count a sold-out day's
sales as a lower bound of its demand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.demand_forecast import reference
from dxquest.cases.demand_forecast.business import FLYER_IN_STOCK
from dxquest.cases.demand_forecast.data import flyer_tasks, forecast_task, holdout_origins
from dxquest.cases.demand_forecast.exercises import censored_wape
from dxquest.cases.demand_forecast.oracle import oracle_forecast, predictive_quantile
from dxquest.cases.demand_forecast.reference import (
    managers_cost,
    oracle_stock,
    policy_cost,
    with_truth,
)
from dxquest.cases.spec import Holdout
from dxquest.skill import normalised_skill
from dxquest.synth.supermarket_tables import SupermarketData

KEYS = ["date", "store_id", "item_id"]


def row_keys(rows: pd.DataFrame) -> np.ndarray:
    """A stable key per forecast row: date|store|item."""
    return (
        rows["date"].dt.strftime("%Y-%m-%d")
        + "|"
        + rows["store_id"].astype(str)
        + "|"
        + rows["item_id"].astype(str)
    ).to_numpy(dtype=str)


def holdout_task(data: SupermarketData) -> Holdout:
    """The AI task on the hidden draw: every store × item × day of its last two weeks (two
    forecasting weeks, each forecast from what HQ knew the evening before it), with the true
    demand, today's practice and the oracle's forecast of each row."""
    tasks = [forecast_task(data, origin) for origin in holdout_origins(data)]
    rows = [with_truth(data, future) for _, future in tasks]
    holdout = Holdout(
        case="demand_forecast",
        metric="WAPE",
        keys=np.concatenate([row_keys(r) for r in rows]),
        actual=np.concatenate([r["demand"].to_numpy(dtype=float) for r in rows]),
        baseline=np.concatenate([reference.baseline_forecast(h, f) for h, f in tasks]),
        oracle=np.concatenate([oracle_forecast(r) for r in rows]),
    )

    return holdout


def public_forecast_material(data: SupermarketData, tasks: list[tuple]) -> dict:
    """What the learner's self-check needs on their own data, with no answer in it: the sales of
    ``tasks``' rows (their positions among all rows), which of those days sold out, and the
    baseline's score there (:func:`~dxquest.cases.demand_forecast.exercises.censored_wape`, which
    counts a sold-out day's sales as a lower bound of its demand)."""
    rows, sales, sold_out, baseline = [], [], [], []
    offset = 0
    for history, future in tasks:
        practice = reference.baseline_forecast(history, future)
        window = reference.clean_sales(
            data.sales[data.sales["date"].isin(future["date"].unique())], data.items
        )
        observed = future.assign(
            row=np.arange(len(future)), item_id=reference.clean_sales(future, data.items)["item_id"]
        ).merge(window.drop_duplicates(KEYS), on=KEYS)
        rows.append(offset + observed["row"].to_numpy())
        baseline.append(practice[observed["row"]])
        sales.append(observed["sales_qty"].to_numpy(dtype=float))
        sold_out.append(reference.censored_rows(observed).to_numpy())
        offset += len(future)
    sales_all, sold_out_all = np.concatenate(sales), np.concatenate(sold_out)
    return {
        "rows": np.concatenate(rows).tolist(),
        "sales": sales_all.tolist(),
        "sold_out": sold_out_all.tolist(),
        "baseline_score": censored_wape(sales_all, np.concatenate(baseline), sold_out_all),
    }


def recent_mean_sales(data: SupermarketData, tasks: list[tuple]) -> dict:
    """Mean daily sales per store × item over the 28 days before the first task: the scale an
    order-up-to level must be plausible against."""
    history, _ = tasks[0]
    recent = reference.clean_sales(history.sales, history.items)
    typical = recent[recent["date"] > recent["date"].max() - np.timedelta64(28, "D")]
    return {"recent_mean_sales": float(typical["sales_qty"].mean())}


def hidden_ordering_costs(levels: list, data: SupermarketData) -> dict[str, float]:
    """Total waste, markdown loss and lost margin (yen) of the learner's order-up-to ``levels``
    (one array per forecasting week of the hidden holdout), of the managers' recorded orders, and
    of the oracle newsvendor; and the skill."""
    costs = {"learner": 0.0, "baseline": 0.0, "oracle": 0.0}
    items = data.items.set_index("item_id")
    for origin, targets in zip(holdout_origins(data), levels, strict=True):
        _, future = forecast_task(data, origin)
        rows = with_truth(data, future)
        costs["learner"] += policy_cost(rows, items, np.asarray(targets, dtype=float))
        costs["oracle"] += policy_cost(rows, items, oracle_stock(rows, items))
        costs["baseline"] += managers_cost(data, rows, items)
    costs["skill"] = normalised_skill(costs["learner"], costs["baseline"], costs["oracle"])
    return costs


def _managers_stock(data: SupermarketData, history, future: pd.DataFrame) -> np.ndarray:
    """Today's practice: the units the managers' own orders put on the morning shelf of each row
    of ``future`` (their recorded stock at opening)."""
    sales = reference.clean_sales(data.sales, data.items).drop_duplicates(KEYS)
    rows = reference.clean_sales(future, history.items)[KEYS]
    stock = rows.merge(sales[KEYS + ["stock_available"]], on=KEYS, how="left")["stock_available"]
    return stock.fillna(0).to_numpy(dtype=float)


def _quantile_score(actual: np.ndarray, stock: np.ndarray, level: float) -> float:
    """Mean pinball loss of ``stock`` as the ``level`` quantile of demand (units per row): a unit
    short costs ``level``, a unit too many ``1 - level``, so it is least, in expectation, at the
    true quantile: stock that keeps the promise as often as asked, and no more."""
    miss = actual - stock
    return float(np.mean(np.maximum(level * miss, (level - 1) * miss)))


def flyer_scores(data: SupermarketData, stock_per_task: list) -> dict[str, float]:
    """The flyer rows' morning stock (one list per task of
    :func:`~dxquest.cases.demand_forecast.data.flyer_tasks` on the hidden draw): the share of
    rows whose demand it covered and its quantile score at :data:`FLYER_IN_STOCK`, against the
    managers' own stock on those days (baseline, as the ordering questions' is their own orders)
    and each row's true quantile (oracle); the skill."""
    tasks = flyer_tasks(data)
    rows = [with_truth(data, future) for _, future in tasks]
    actual = np.concatenate([r["demand"].to_numpy(dtype=float) for r in rows])
    stock = {
        "learner": np.concatenate([np.asarray(s, dtype=float) for s in stock_per_task]),
        "baseline": np.concatenate(
            [_managers_stock(data, history, future) for history, future in tasks]
        ),
        "oracle": np.concatenate([predictive_quantile(r, FLYER_IN_STOCK) for r in rows]),
    }
    scores: dict[str, float] = {}
    for role, units in stock.items():
        scores[role] = _quantile_score(actual, units, FLYER_IN_STOCK)
        scores[f"{role}_in_stock"] = float(np.mean(actual <= units))
        scores[f"{role}_mean_units"] = float(np.mean(units))
    scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
    return scores
