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
from dxquest.cases.demand_forecast.inventory import critical_ratio, simulate_policy
from dxquest.cases.demand_forecast.metrics import wape
from dxquest.cases.demand_forecast.oracle import oracle_forecast, predictive_quantile
from dxquest.cases.spec import Holdout
from dxquest.skill import normalised_skill
from dxquest.synth.supermarket_tables import SupermarketData

KEYS = ["date", "store_id", "item_id"]


def with_truth(data: SupermarketData, future: pd.DataFrame) -> pd.DataFrame:
    """``future``'s rows (item ids cleaned) with the hidden draw's true demand and parameters
    (scores need the demand; the oracle reads only the parameters)."""
    canonical = future.assign(item_id=reference.clean_sales(future, data.items)["item_id"])
    # The planned price comes from future (what the learner saw), the rest from the truth.
    truth = data.truth.drop(columns=["price"])
    return canonical.merge(truth, on=KEYS, how="left", validate="one_to_one")


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
    """Total waste + lost-margin cost (yen) of the learner's order-up-to ``levels`` (one array per
    forecasting week of the hidden holdout), of the managers' recorded orders, and of the oracle
    newsvendor; and the skill."""
    costs = {"learner": 0.0, "baseline": 0.0, "oracle": 0.0}
    items = data.items.set_index("item_id")
    for origin, targets in zip(holdout_origins(data), levels, strict=True):
        _, future = forecast_task(data, origin)
        rows = with_truth(data, future)
        costs["learner"] += _policy_cost(rows, items, np.asarray(targets, dtype=float))
        costs["oracle"] += _policy_cost(rows, items, _oracle_stock(rows, items))
        costs["baseline"] += _managers_cost(data, rows, items)
    costs["skill"] = normalised_skill(costs["learner"], costs["baseline"], costs["oracle"])
    return costs


def practice_and_oracle(data: SupermarketData, weeks: int) -> dict[str, float]:
    """Today's practice against the best possible on the last ``weeks`` forecasting weeks of
    ``data`` (which holds its truth), each week set as the grader sets the hidden ones (what HQ
    knows the evening before it): the rows, the WAPE against the true demand of the oracle's
    median and of today's practice (same weekday last week), and the waste plus lost margin
    (yen) of the managers' recorded orders and of the oracle newsvendor policy."""
    items = data.items.set_index("item_id")
    actual, oracle, practice = [], [], []
    costs = {"managers": 0.0, "oracle": 0.0}
    for origin in holdout_origins(data, weeks=weeks):
        history, future = forecast_task(data, origin)
        rows = with_truth(data, future)
        actual.append(rows["demand"].to_numpy(dtype=float))
        oracle.append(oracle_forecast(rows))
        practice.append(reference.baseline_forecast(history, future))
        costs["oracle"] += _policy_cost(rows, items, _oracle_stock(rows, items))
        costs["managers"] += _managers_cost(data, rows, items)
    demand = np.concatenate(actual)
    return {
        "rows": float(len(demand)),
        "oracle_wape": wape(demand, np.concatenate(oracle)),
        "practice_wape": wape(demand, np.concatenate(practice)),
        "managers_cost_yen": costs["managers"],
        "oracle_cost_yen": costs["oracle"],
    }


def _policy_cost(rows: pd.DataFrame, items: pd.DataFrame, targets: np.ndarray) -> float:
    """Waste + lost margin (yen) of ordering up to ``targets`` on ``rows`` (with their truth)."""
    item = items.loc[rows["item_id"]]
    return float(
        simulate_policy(
            targets,
            rows["demand"],
            item["shelf_life_days"].to_numpy(),
            item["unit_cost"].to_numpy(),
            rows["price"].to_numpy(),
            rows[KEYS],
        )["total_cost"].sum()
    )


def _oracle_stock(rows: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
    """The oracle newsvendor's order-up-to levels: the true predictive quantile at the
    shelf-life-aware critical ratio; a loss leader (price below cost) has a negative ratio and
    gets nothing extra."""
    item = items.loc[rows["item_id"]]
    ratio = critical_ratio(
        rows["price"].to_numpy(),
        item["unit_cost"].to_numpy(),
        shelf_life_days=item["shelf_life_days"].to_numpy(),
    )
    return np.where(ratio > 0, predictive_quantile(rows, np.clip(ratio, 1e-6, 0.999)), 0)


def _managers_cost(data: SupermarketData, rows: pd.DataFrame, items: pd.DataFrame) -> float:
    """Waste + lost margin (yen) of the managers' recorded orders on ``rows``: the recorded
    waste at cost, and the true demand their stock missed at the day's margin."""
    recorded = rows.merge(
        reference.clean_sales(data.sales, data.items).drop_duplicates(KEYS)[
            KEYS + ["sales_qty", "waste_qty"]
        ],
        on=KEYS,
    )
    unit_cost = items.loc[recorded["item_id"], "unit_cost"].to_numpy()
    return float(
        (recorded["waste_qty"] * unit_cost).sum()
        + (
            (recorded["demand"] - recorded["sales_qty"]).clip(lower=0)
            * (recorded["price"] - unit_cost)
        ).sum()
    )


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
