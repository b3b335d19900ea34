"""Do the case's checkers tell a placeholder, a plausible wrong answer and the reference apart?

Learntools-style: for each cheap question, the release stub is "not attempted", a wrong answer
fails (public and hidden), and the grader's reference passes (public and hidden). The model
questions are exercised end to end by the notebook validation (tests/test_validate.py).
"""

import numpy as np
import pandas as pd
from checker_tests import checker_tests

from dxquest.cases.advance_orders import exercises as ex
from dxquest.cases.advance_orders import reference

CASE = "advance_orders"


def by_order_month(orders, parts):
    """The hurried count: months by the day the order arrived."""
    return reference.monthly_orders(orders.assign(delivery_date=orders["order_date"]), parts)


def over_notice_sum(notices, orders, parts):
    rows = reference.with_firm_quantity(notices, orders, parts)
    months = sorted(orders["delivery_date"].dt.strftime("%Y-%m").unique())[-12:]
    rows = rows[rows["target_month"].isin(months)]
    return {
        f"h{h}": float((g["quantity"] - g["firm"]).abs().sum() / g["quantity"].sum())
        for h, g in rows.groupby("horizon")
    }


def lost_sale(facts):
    """A piece too few valued at its price, as if the order were lost."""
    return {"over": reference.piece_costs(facts)["over"], "short": facts["unit_price_yen"]}


def swapped_costs(planned, firm, over_yen, short_yen):
    return reference.error_cost_yen(planned, firm, short_yen, over_yen)


def median_whatever_the_costs(median, spread, over_yen, short_yen):
    return np.asarray(median, dtype=float)


def gross_saving(as_is_yen, to_be_yen):
    monthly = (as_is_yen - to_be_yen) / 12
    return {"annual_net_benefit_yen": 12 * monthly, "payback_months": 6e6 / monthly}


CASES = {
    "monthly_orders": (by_order_month, reference.monthly_orders),
    "notice_wape": (over_notice_sum, reference.notice_wape),
    "piece_costs": (lost_sale, reference.piece_costs),
    "error_cost_yen": (swapped_costs, reference.error_cost_yen),
    "plan_quantity": (median_whatever_the_costs, reference.plan_quantity),
    "business_case": (gross_saving, reference.business_case),
}


(
    english,
    test_placeholder_is_not_attempted,
    test_wrong_answer_fails_public_and_hidden,
    test_reference_passes_public_and_hidden,
) = checker_tests(ex, CASE, CASES)


def test_every_defensible_cost_definition_passes_not_only_the_graders():
    """A cost is graded against a range: the cheapest defensible definition (material only tied
    up, no after-hours running) passes as well as the grader's own."""
    from dxquest.marking import judge_answer

    def cheapest(facts):
        low = reference.piece_cost_ranges(facts)
        return {"over": low["over"][0], "short": low["short"][0]}

    ex.piece_costs.grade(cheapest)
    assert judge_answer(CASE, "piece_costs", cheapest).passed


def test_the_plan_leans_towards_the_dearer_mistake():
    """A piece too few dearer than a piece too many plans above the median, and the reverse."""
    median, spread = np.array([500.0, 500.0]), np.array([0.2, 0.2])
    plan = reference.plan_quantity(median, spread, np.array([10.0, 60.0]), np.array([60.0, 10.0]))
    assert plan[0] > 500 > plan[1]
    assert pd.Series(plan).round(0).tolist() == [619.0, 404.0]  # 500 × exp(±0.2 × 1.068)
