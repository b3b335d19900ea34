"""The grader's reference answers for Kanazawa Precision's business questions.

Hidden checks compare the learner's functions with these on data the learner has never seen.
Each follows the definition the notebook states, so a learner who follows the text agrees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from dxquest.cases.advance_orders import business
from dxquest.cases.advance_orders.business import (
    SYSTEM_INITIAL_COST_YEN,
    SYSTEM_MONTHLY_COST_YEN,
)
from dxquest.cases.advance_orders.data import holdout_tasks


def current_part_ids(parts: pd.DataFrame) -> dict[str, str]:
    """Each part number, old or new, mapped to the number in use now (a renamed part's new one)."""
    renamed = parts.dropna(subset=["former_part_id"])
    mapping = dict(zip(parts["part_id"], parts["part_id"], strict=True))
    mapping.update(zip(renamed["former_part_id"], renamed["part_id"], strict=True))
    return mapping


def monthly_orders(orders: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    """Firm pieces per part (its number in use now) and delivery month, by part and month."""
    part = orders["part_id"].map(current_part_ids(parts))
    month = orders["delivery_date"].dt.strftime("%Y-%m").rename("month")
    table = orders.groupby([part, month])["quantity"].sum().reset_index()
    return table.sort_values(["part_id", "month"]).reset_index(drop=True)


def with_firm_quantity(
    notices: pd.DataFrame, orders: pd.DataFrame, parts: pd.DataFrame
) -> pd.DataFrame:
    """Notice rows with the firm pieces of their part and target month (0 where none came)."""
    monthly = monthly_orders(orders, parts).set_index(["part_id", "month"])["quantity"]
    keys = pd.MultiIndex.from_arrays(
        [notices["part_id"].map(current_part_ids(parts)), notices["target_month"]]
    )
    firm = monthly.reindex(keys).fillna(0).to_numpy(dtype=float)
    return notices.assign(firm=firm)


def notice_wape(notices: pd.DataFrame, orders: pd.DataFrame, parts: pd.DataFrame) -> dict:
    """WAPE of the notices by horizon, over the target months of the last 12 delivery months."""
    months = sorted(orders["delivery_date"].dt.strftime("%Y-%m").unique())[-12:]
    rows = with_firm_quantity(notices[notices["target_month"].isin(months)], orders, parts)
    return {
        f"h{h}": float((g["quantity"] - g["firm"]).abs().sum() / g["firm"].sum())
        for h, g in rows.groupby("horizon")
    }


def piece_cost_ranges(facts: dict) -> dict[str, tuple[float, float]]:
    """What a piece planned too many and a piece planned too few cost, as the range the
    defensible definitions give (``facts`` as :func:`~.business.part_facts`).

    A piece too many is made anyway: it ties up money and space until later orders use it, and
    some of the surplus is scrapped. Whether its processing counts in what it ties up (the
    labour is paid either way) or only its material, both are defensible. A piece too few is
    still delivered, late: made in overtime (the premium on its processing, and, if the plant's
    after-hours running counts per piece, that too) and sent by express. It is not a lost sale,
    and its regular processing is paid anyway: counting the price or the whole processing cost
    counts money that is spent either way.
    """
    processing = facts["processing_cost_share"] * facts["unit_price_yen"]
    material = facts["material_cost_yen"]
    carried = facts["holding_rate_per_month"] * facts["surplus_months_held"]
    share = carried + facts["surplus_scrap_share"]
    late = facts["overtime_premium"] * processing + facts["express_freight_yen"]
    return {
        "over": (material * share, (material + processing) * share),
        "short": (late, late + facts["after_hours_share"] * processing),
    }


def piece_costs(facts: dict) -> dict[str, float]:
    """The grader's own definition, inside :func:`piece_cost_ranges`: the whole cost of a piece
    is tied up, and the after-hours running counts."""
    ranges = piece_cost_ranges(facts)
    return {"over": ranges["over"][1], "short": ranges["short"][1]}


def error_cost_yen(planned, firm, over_yen, short_yen) -> float:
    """Cost of planning ``planned`` pieces against ``firm`` ones, per row: each piece too many at
    ``over_yen``, each piece too few at ``short_yen`` (arrays or numbers)."""
    planned, firm = np.asarray(planned, dtype=float), np.asarray(firm, dtype=float)
    return float(
        np.sum(np.maximum(planned - firm, 0) * over_yen + np.maximum(firm - planned, 0) * short_yen)
    )


def plan_quantity(median, spread, over_yen, short_yen) -> np.ndarray:
    """Pieces to plan per row: the quantile of a lognormal forecast (``median``, log-scale sd
    ``spread``) at the critical ratio of the two costs."""
    q = np.asarray(short_yen, dtype=float) / (
        np.asarray(short_yen, dtype=float) + np.asarray(over_yen, dtype=float)
    )
    return np.asarray(median, dtype=float) * np.exp(np.asarray(spread, dtype=float) * ndtri(q))


def business_case(as_is_yen: float, to_be_yen: float) -> dict[str, float]:
    """The annual net benefit of cutting the yearly cost of planning errors from ``as_is_yen`` to
    ``to_be_yen``, net of the running cost, and the months it takes to repay the initial cost
    (inf when it never does)."""
    net_monthly = (as_is_yen - to_be_yen) / 12 - SYSTEM_MONTHLY_COST_YEN
    payback = float("inf") if net_monthly <= 0 else SYSTEM_INITIAL_COST_YEN / net_monthly
    return {"annual_net_benefit_yen": float(12 * net_monthly), "payback_months": float(payback)}


HEADLINE_FROM_SOLUTION = ("03_plan_operations", ("fit_and_predict", "as_is_yen", "to_be_yen"))
"""The reference solution's results the headline figures need (the model lives in the notebooks
alone): 02's model as notebook 03 copies it (``fit_and_predict``), and 03's cost of planning the
rows of the last 12 target months, production's (one month ahead, 01's loss a year) and
material's (two months ahead), from the notice as it is (``as_is_yen``) and from the AI's plan
(``to_be_yen``)."""


def headline_figures(data, fit_and_predict, as_is_yen: float, to_be_yen: float) -> dict[str, float]:
    """Every figure the case's texts state, from the learners' data: the data card's counts; the
    story's costs; the two-month WAPE of the notice and of 02's model and the shares of parts
    where the model beats the notice (its error at most half the notice's), at the last six
    planning meetings as 02 compares them; the year's cost of the production and material plans
    from the notice and from the AI's plan (03) on the same rows; and the business case (04) on
    those two."""
    rows, forecasts = [], []
    for history, future in holdout_tasks(data):
        rows.append(with_firm_quantity(future, data.orders, data.parts))
        forecasts.append(fit_and_predict(history, future)[2])
    rows = pd.concat(rows, ignore_index=True).assign(forecast=np.concatenate(forecasts))
    two_months = rows[rows["horizon"] == business.MATERIAL_HORIZON]
    part = rows["part_id"].map(current_part_ids(data.parts))
    errors = (
        rows.assign(
            ai=(rows["forecast"] - rows["firm"]).abs(),
            notice=(rows["quantity"] - rows["firm"]).abs(),
        )
        .groupby(part)[["ai", "notice"]]
        .sum()
    )
    errors = errors[errors["notice"] > 0]
    plans = business_case(as_is_yen, to_be_yen)
    running = 12 * SYSTEM_MONTHLY_COST_YEN
    return {
        "customers": float(len(data.customers)),
        "parts_rows": float(len(data.parts)),
        "notices_rows": float(len(data.notices)),
        "orders_rows": float(len(data.orders)),
        "system_initial_cost_yen": float(SYSTEM_INITIAL_COST_YEN),
        "system_monthly_cost_yen": float(SYSTEM_MONTHLY_COST_YEN),
        "notice_wape_two_months": _wape(two_months["firm"], two_months["quantity"]),
        "forecast_wape_two_months": _wape(two_months["firm"], two_months["forecast"]),
        "share_beats_notice": float((errors["ai"] < errors["notice"]).mean()),
        "share_half_notice_error": float((errors["ai"] <= 0.5 * errors["notice"]).mean()),
        "as_is_loss_yen_per_year": float(as_is_yen),
        "to_be_loss_yen_per_year": float(to_be_yen),
        "loss_cut": 1 - to_be_yen / as_is_yen,
        "gross_benefit_yen_per_year": float(as_is_yen - to_be_yen),
        "running_cost_yen_per_year": float(running),
        "net_benefit_yen_per_year": plans["annual_net_benefit_yen"],
        "payback_months": plans["payback_months"],
    }


def _wape(firm: pd.Series, forecast: pd.Series) -> float:
    return float((forecast - firm).abs().sum() / firm.sum())


PITCH_SOURCES = {
    "as_is_loss_yen_per_year": "03_plan_operations",
    "notice_wape_two_months": "02_forecast_trial",
    "forecast_wape_two_months": "02_forecast_trial",
    "share_beats_notice": "02_forecast_trial",
    "share_half_notice_error": "02_forecast_trial",
    "to_be_loss_yen_per_year": "03_plan_operations",
    "loss_cut": "03_plan_operations",
    "system_initial_cost_yen": "story",
    "system_monthly_cost_yen": "story",
    "net_benefit_yen_per_year": "business case",
    "payback_months": "business case",
}
"""Where the learner computes each figure the pitch's model answer may state: a notebook before
the pitch, the story's facts, or the business case 04 builds from them."""
