"""The grader's reference answers for Sakura Mart's business questions.

Hidden checks compare the learner's functions with these on data the learner has never seen.
Each follows the definition the notebook states, so a learner who follows the text agrees.
Today's practice and the oracle's orders are costed here too, once for the grading of the
ordering rule and for the data card's figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from dxquest.cases.demand_forecast import business
from dxquest.cases.demand_forecast.data import RENAMED_CODE_SUFFIX, forecast_task, holdout_origins
from dxquest.cases.demand_forecast.inventory import critical_ratio, simulate_policy
from dxquest.cases.demand_forecast.metrics import wape
from dxquest.cases.demand_forecast.oracle import oracle_forecast, predictive_quantile
from dxquest.synth.supermarket_tables import SupermarketData

KEYS = ["date", "store_id", "item_id"]


def clean_sales(sales: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Drop exact duplicate rows and map renamed item codes back to the item table's codes."""
    clean = sales.drop_duplicates().copy()
    unknown = ~clean["item_id"].isin(items["item_id"])
    clean.loc[unknown, "item_id"] = clean.loc[unknown, "item_id"].str.removesuffix(
        RENAMED_CODE_SUFFIX
    )
    return clean.reset_index(drop=True)


def last_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the last 365 days of ``frame`` (its latest date included)."""
    return frame[frame["date"] > frame["date"].max() - pd.Timedelta(days=365)]


def markdown_loss_per_unit(price, unit_cost):
    """What a unit sold at the evening markdown loses (yen): its cost less the half price."""
    return np.asarray(unit_cost, dtype=float) - business.MARKDOWN_PRICE_SHARE * np.asarray(
        price, dtype=float
    )


def annual_waste_cost(sales: pd.DataFrame, items: pd.DataFrame) -> float:
    """The last year's loss to leftovers: the wasted units at their cost, and the units sold at
    the evening markdown at their cost less the half price they fetched."""
    recent = last_year(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    marked_down = recent["markdown_qty"] * markdown_loss_per_unit(
        recent["price"], recent["unit_cost"]
    )
    return float((recent["waste_qty"] * recent["unit_cost"] + marked_down).sum())


def markdown_sell_through(sales: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
    """Per item of ``items`` (in its order), the share of the units marked down in the evening
    that sold, over the cleaned sales: markdown / (markdown + waste); 0 for an item none of whose
    units ever reached their last day."""
    clean = clean_sales(sales, items)
    sums = (
        clean.groupby("item_id")[["markdown_qty", "waste_qty"]]
        .sum()
        .reindex(items["item_id"], fill_value=0)
    )
    marked = (sums["markdown_qty"] + sums["waste_qty"]).to_numpy(dtype=float)
    sold = sums["markdown_qty"].to_numpy(dtype=float)
    return np.divide(sold, marked, out=np.zeros_like(marked), where=marked > 0)


def censored_rows(sales: pd.DataFrame) -> pd.Series:
    """Days whose sales were cut by the stock: recorded stockouts and sold-out shelves."""
    return (sales["stockout_flag"] == 1) | (
        (sales["sales_qty"] >= sales["stock_available"]) & (sales["stock_available"] > 0)
    )


def estimated_lost_margin(sales: pd.DataFrame, items: pd.DataFrame) -> float:
    """Margin lost on censored days of the last year, demand estimated from uncensored days.

    The estimate of a censored day's demand is the mean sales of the same store, item and weekday
    on uncensored days of that year; the lost units are what it exceeds the sales by.
    """
    recent = last_year(clean_sales(sales, items)).merge(items[["item_id", "unit_cost"]])
    recent = recent.assign(weekday=recent["date"].dt.day_of_week, censored=censored_rows(recent))
    keys = ["store_id", "item_id", "weekday"]
    typical = (
        recent[~recent["censored"]]
        .groupby(keys)["sales_qty"]
        .mean()
        .rename("typical")
        .reset_index()
    )
    cut = recent[recent["censored"]].merge(typical, on=keys, how="left")
    lost_units = (cut["typical"] - cut["sales_qty"]).clip(lower=0).fillna(0)
    return float((lost_units * (cut["price"] - cut["unit_cost"])).sum())


def annual_ordering_hours(ordering_log: pd.DataFrame) -> float:
    return float(last_year(ordering_log)["minutes"].sum() / 60)


def baseline_forecast(history: SupermarketData, future: pd.DataFrame) -> np.ndarray:
    """Today's practice: the same weekday last week; a new or missing row falls back to the
    store × item mean of the last 28 days, then to 0."""
    sales = clean_sales(history.sales, history.items)
    future = future.assign(item_id=clean_sales(future, history.items)["item_id"])
    last_week = sales[["date", "store_id", "item_id", "sales_qty"]].assign(
        date=sales["date"] + pd.Timedelta(days=7)
    )
    recent = sales[sales["date"] > sales["date"].max() - pd.Timedelta(days=28)]
    fallback = recent.groupby(["store_id", "item_id"])["sales_qty"].mean().rename("fallback")
    merged = future.merge(last_week, on=["date", "store_id", "item_id"], how="left").merge(
        fallback, on=["store_id", "item_id"], how="left"
    )
    return merged["sales_qty"].fillna(merged["fallback"]).fillna(0).to_numpy(dtype=float)


def unit_costs(price, unit_cost, shelf_life_days, sell_through) -> dict:
    """What one unit short and one unit left over cost (yen), as the order simulation counts them.

    A unit short loses the day's margin. A unit left over of an item that keeps ``L`` days is
    sold first the next day (first in, first out) unless demand stays low until its last day:
    about one leftover in ``L`` reaches it. There it is marked down to half price and sells with
    the item's markdown ``sell_through``, else it is wasted at its unit cost.
    """
    price = np.asarray(price, dtype=float)
    unit_cost = np.asarray(unit_cost, dtype=float)
    recovered = np.asarray(sell_through, dtype=float) * business.MARKDOWN_PRICE_SHARE * price
    return {
        "shortage": price - unit_cost,
        "leftover": (unit_cost - recovered) / np.asarray(shelf_life_days, dtype=float),
    }


HIGHEST_SERVICE_LEVEL = 0.999
"""The quantile a stock level stops at: a Poisson quantile of 1 is infinite."""


def stock_level(mu, shortage, leftover) -> np.ndarray:
    """The newsvendor's stock level: the Poisson(``mu``) quantile at the critical ratio
    ``shortage / (shortage + leftover)``; nothing when a unit short costs nothing or less (a loss
    leader), where that ratio means nothing (its denominator may even be negative)."""
    mu = np.asarray(mu, dtype=float)
    shortage = np.asarray(shortage, dtype=float)
    leftover = np.asarray(leftover, dtype=float)
    worth_stocking = shortage > 0
    ratio = np.divide(shortage, shortage + leftover, out=np.zeros_like(mu), where=worth_stocking)
    levels = stats.poisson.ppf(np.minimum(ratio, HIGHEST_SERVICE_LEVEL), np.maximum(mu, 1e-6))
    return np.where(worth_stocking, np.maximum(levels, 0), 0.0)


def payback_months(
    annual_benefit_yen: float, initial_cost_yen: float, annual_cost_yen: float
) -> float:
    """Months until the net monthly benefit repays the initial cost (inf if it never does)."""
    net_monthly = (annual_benefit_yen - annual_cost_yen) / 12
    return float("inf") if net_monthly <= 0 else initial_cost_yen / net_monthly


REFERENCE_LOSS_CUT = 0.25
"""The target the reference's KPI answer sets (notebook 01): waste plus lost margin cut by a
quarter within a year. The pitch counts that saving as the target a pilot must prove: no public
figure measures what the AI's orders would have lost, since demand beyond the stock is unseen."""


def business_case(as_is: dict, to_be: dict) -> dict[str, float]:
    """The kit's one definition of the pitch's economics: the gross annual benefit is the year's
    saving (waste, lost margin, and the managers' hours at their cost), the running cost is the
    system's a year, the net benefit their difference, and the payback the initial cost over a
    month of the net."""
    hours = as_is["ordering_hours"] - to_be["ordering_hours"]
    gross = (
        as_is["waste_yen"]
        - to_be["waste_yen"]
        + as_is["lost_margin_yen"]
        - to_be["lost_margin_yen"]
        + hours * business.MANAGER_HOURLY_COST_YEN
    )
    return {
        "gross_benefit_yen_per_year": gross,
        "running_cost_yen_per_year": float(business.SYSTEM_ANNUAL_COST_YEN),
        "net_benefit_yen_per_year": gross - business.SYSTEM_ANNUAL_COST_YEN,
        "payback_months": payback_months(
            gross, business.SYSTEM_INITIAL_COST_YEN, business.SYSTEM_ANNUAL_COST_YEN
        ),
    }


def with_truth(data: SupermarketData, future: pd.DataFrame) -> pd.DataFrame:
    """``future``'s rows (item ids cleaned) with the draw's true demand and parameters (scores
    need the demand; the oracle reads only the parameters)."""
    canonical = future.assign(item_id=clean_sales(future, data.items)["item_id"])
    # The planned price comes from future (what the learner saw), the rest from the truth.
    truth = data.truth.drop(columns=["price"])
    return canonical.merge(truth, on=KEYS, how="left", validate="one_to_one")


def policy_cost(rows: pd.DataFrame, items: pd.DataFrame, targets) -> float:
    """Waste, markdown loss and lost margin (yen) of ordering up to ``targets`` on ``rows`` (with
    their truth; ``items`` indexed by item id), simulated on the FIFO shelf from an empty shelf."""
    item = items.loc[rows["item_id"]]
    return float(
        simulate_policy(
            np.asarray(targets, dtype=float),
            rows["demand"],
            item["shelf_life_days"].to_numpy(),
            item["unit_cost"].to_numpy(),
            rows["price"].to_numpy(),
            rows[KEYS],
            rows["markdown_sell_through"].to_numpy(),
            rows["markdown_draw"].to_numpy(),
        )["total_cost"].sum()
    )


def oracle_stock(rows: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
    """The oracle newsvendor's order-up-to levels: the true predictive quantile at the
    shelf-life-aware critical ratio, a leftover's markdown valued at the item's true sell-through
    (a generator parameter); a loss leader (price below cost) has a negative ratio and gets
    nothing extra."""
    item = items.loc[rows["item_id"]]
    price = rows["price"].to_numpy()
    ratio = critical_ratio(
        price,
        item["unit_cost"].to_numpy(),
        salvage=rows["markdown_sell_through"].to_numpy() * business.MARKDOWN_PRICE_SHARE * price,
        shelf_life_days=item["shelf_life_days"].to_numpy(),
    )
    return np.where(ratio > 0, predictive_quantile(rows, np.clip(ratio, 1e-6, 0.999)), 0)


def managers_cost(data: SupermarketData, rows: pd.DataFrame, items: pd.DataFrame) -> float:
    """Waste, markdown loss and lost margin (yen) of the managers' recorded orders on ``rows``:
    the recorded waste at cost, the recorded markdown sales at cost less half the price, and the
    true demand their stock missed at the day's margin."""
    recorded = rows.merge(
        clean_sales(data.sales, data.items).drop_duplicates(KEYS)[
            KEYS + ["sales_qty", "markdown_qty", "waste_qty"]
        ],
        on=KEYS,
    )
    unit_cost = items.loc[recorded["item_id"], "unit_cost"].to_numpy()
    return float(
        (recorded["waste_qty"] * unit_cost).sum()
        + (recorded["markdown_qty"] * markdown_loss_per_unit(recorded["price"], unit_cost)).sum()
        + (
            (recorded["demand"] - recorded["sales_qty"]).clip(lower=0)
            * (recorded["price"] - unit_cost)
        ).sum()
    )


def practice_and_oracle(data: SupermarketData, weeks: int) -> dict[str, float]:
    """Today's practice against the best possible on the last ``weeks`` forecasting weeks of
    ``data`` (which holds its truth), each week set as the grader sets the hidden ones (what HQ
    knows the evening before it): the rows, the WAPE against the true demand of the oracle's
    median and of today's practice (:func:`baseline_forecast`), and the waste plus lost margin
    (yen) of the managers' recorded orders and of the oracle newsvendor policy."""
    items = data.items.set_index("item_id")
    actual, oracle, practice = [], [], []
    costs = {"managers": 0.0, "oracle": 0.0}
    for origin in holdout_origins(data, weeks=weeks):
        history, future = forecast_task(data, origin)
        rows = with_truth(data, future)
        actual.append(rows["demand"].to_numpy(dtype=float))
        oracle.append(oracle_forecast(rows))
        practice.append(baseline_forecast(history, future))
        costs["oracle"] += policy_cost(rows, items, oracle_stock(rows, items))
        costs["managers"] += managers_cost(data, rows, items)
    demand = np.concatenate(actual)
    return {
        "rows": float(len(demand)),
        "oracle_wape": wape(demand, np.concatenate(oracle)),
        "practice_wape": wape(demand, np.concatenate(practice)),
        "managers_cost_yen": costs["managers"],
        "oracle_cost_yen": costs["oracle"],
    }


ORACLE_WINDOW_WEEKS = 4
"""The data card compares today's practice with the best possible on this many forecasting
weeks at the end of the learners' data (twice the hidden holdout's two, for steadier figures)."""

HEADLINE_NEEDS_TRUTH = True
"""The headline figures need the public draw's truth (the data card's oracle figures): the
learners' files hold none, so :func:`dxquest.figures.case_figures` lends the data the truth of
the same draw made again."""


def headline_figures(data: SupermarketData) -> dict[str, float]:
    """Every figure the case's texts state, from the learners' data: the data card's counts,
    today's losses and ordering hours of the last year (01), the hours left once HQ proposes the
    orders (the story's review time), the business case (04) at the reference's KPI target, and
    the data card's comparison of today's practice with the best possible on the last
    :data:`ORACLE_WINDOW_WEEKS` forecasting weeks (which needs the draw's truth: see
    :data:`HEADLINE_NEEDS_TRUTH`)."""
    sales, items = data.sales, data.items
    clean = clean_sales(sales, items).merge(items[["item_id", "shelf_life_days"]])
    one_day = clean[clean["shelf_life_days"] == 1]
    minutes = data.ordering_log["minutes"]
    stores = len(data.stores)
    as_is = {
        "waste_yen": annual_waste_cost(sales, items),
        "lost_margin_yen": estimated_lost_margin(sales, items),
        "ordering_hours": annual_ordering_hours(data.ordering_log),
    }
    to_be = {
        "waste_yen": as_is["waste_yen"] * (1 - REFERENCE_LOSS_CUT),
        "lost_margin_yen": as_is["lost_margin_yen"] * (1 - REFERENCE_LOSS_CUT),
        "ordering_hours": stores * 365 * business.REVIEW_MINUTES_PER_STORE_DAY / 60,
    }
    return {
        "stores": float(stores),
        "sales_rows": float(len(sales)),
        "weather_rows": float(len(data.weather)),
        "weather_forecast_rows": float(len(data.weather_forecasts)),
        "ordering_log_rows": float(len(data.ordering_log)),
        "duplicate_rows": float(sales.duplicated().sum()),
        "promo_share": float(sales["on_promo"].mean()),
        "one_day_waste_share": float(one_day["waste_qty"].sum() / one_day["ordered_qty"].sum()),
        "one_day_markdown_share": float(
            one_day["markdown_qty"].sum() / one_day["ordered_qty"].sum()
        ),
        "one_day_sell_through": float(
            one_day["markdown_qty"].sum() / (one_day["markdown_qty"] + one_day["waste_qty"]).sum()
        ),
        "waste_share": float(clean["waste_qty"].sum() / clean["ordered_qty"].sum()),
        # A typical evening's ordering, to the ten minutes a manager would quote it
        "ordering_minutes_low": float(round(minutes.quantile(0.1), -1)),
        "ordering_minutes_high": float(round(minutes.quantile(0.9), -1)),
        "manager_hourly_yen": float(business.MANAGER_HOURLY_COST_YEN),
        "review_minutes": float(business.REVIEW_MINUTES_PER_STORE_DAY),
        "forecast_horizon_days": float(business.FORECAST_HORIZON_DAYS),
        "system_initial_cost_yen": float(business.SYSTEM_INITIAL_COST_YEN),
        "system_annual_cost_yen": float(business.SYSTEM_ANNUAL_COST_YEN),
        "as_is_loss_yen_per_year": as_is["waste_yen"] + as_is["lost_margin_yen"],
        "as_is_ordering_hours_per_year": as_is["ordering_hours"],
        "loss_cut_target": REFERENCE_LOSS_CUT,
        "ordering_hours_cut": 1 - to_be["ordering_hours"] / as_is["ordering_hours"],
        "hours_saved_per_month": (as_is["ordering_hours"] - to_be["ordering_hours"]) / 12,
        **business_case(as_is, to_be),
        **_oracle_window(practice_and_oracle(data, ORACLE_WINDOW_WEEKS)),
    }


def _oracle_window(scores: dict[str, float]) -> dict[str, float]:
    """The data card's names for :func:`practice_and_oracle`'s figures."""
    return {
        "oracle_window_weeks": float(ORACLE_WINDOW_WEEKS),
        "oracle_window_days": float(ORACLE_WINDOW_WEEKS * business.FORECAST_HORIZON_DAYS),
        "oracle_window_rows": scores["rows"],
        "oracle_wape": scores["oracle_wape"],
        "practice_wape": scores["practice_wape"],
        "practice_to_oracle_wape": scores["practice_wape"] / scores["oracle_wape"],
        "managers_cost_yen_window": scores["managers_cost_yen"],
        "oracle_cost_yen_window": scores["oracle_cost_yen"],
    }


PITCH_SOURCES = {
    "as_is_loss_yen_per_year": "01_business_problem",
    "as_is_ordering_hours_per_year": "01_business_problem",
    "loss_cut_target": "01_business_problem",
    "hours_saved_per_month": "business case",
    "system_initial_cost_yen": "story",
    "system_annual_cost_yen": "story",
    "net_benefit_yen_per_year": "business case",
    "payback_months": "business case",
}
"""Where the learner computes each figure the pitch's model answer may state: a notebook before
the pitch, the story's facts, or the business case 04 builds from them."""
