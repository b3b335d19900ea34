"""Do the case's checkers tell a placeholder, a plausible wrong answer and the reference apart?

Learntools-style: for each cheap question, the release stub is "not attempted", a wrong answer
fails (public and hidden), and the grader's reference passes (public and hidden). The model
questions are exercised end to end by the notebook validation (tests/test_validate.py).
"""

import numpy as np
from checker_tests import checker_tests

from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast import marking, reference
from dxquest.cases.demand_forecast.inventory import critical_ratio
from dxquest.cases.demand_forecast.metrics import wape


def waste_at_price(sales, items):
    recent = reference.last_year(reference.clean_sales(sales, items))
    return float((recent["waste_qty"] * recent["price"]).sum())


def lost_margin_flag_only(sales, items):
    flagged = sales.assign(stock_available=sales["sales_qty"] + 1)  # hides sold-out days
    return reference.estimated_lost_margin(flagged, items)


CASES = {
    "clean_sales": (lambda s, i: s, reference.clean_sales),
    "annual_waste_cost": (waste_at_price, reference.annual_waste_cost),
    "lost_margin": (lost_margin_flag_only, reference.estimated_lost_margin),
    "ordering_hours": (
        lambda log: float(log["minutes"].sum() / 60),
        reference.annual_ordering_hours,
    ),
    "wape": (lambda a, f: float(np.mean(np.abs(a - f)) / np.mean(f)), wape),
    "baseline_forecast": (
        lambda history, future: np.zeros(len(future)),
        reference.baseline_forecast,
    ),
    "critical_ratio": (lambda p, c: (p - c) / c, lambda p, c: critical_ratio(p, c)),
    "annual_benefit": (
        lambda a, b: a["waste_yen"] - b["waste_yen"],
        marking.annual_benefit,
    ),
    "payback_months": (
        lambda benefit, initial, running: initial / (benefit / 12),
        reference.payback_months,
    ),
}


(
    english,
    test_placeholder_is_not_attempted,
    test_wrong_answer_fails_public_and_hidden,
    test_reference_passes_public_and_hidden,
) = checker_tests(ex, "demand_forecast", CASES)
