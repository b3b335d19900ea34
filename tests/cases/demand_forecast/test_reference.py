"""Is the grader's order decision the one its costs call for?"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dxquest.cases.demand_forecast.reference import (
    markdown_sell_through,
    stock_level,
    unit_costs,
)


def expected_daily_cost(level: int, mu: float, shortage: float, leftover: float) -> float:
    """Expected cost of one day stocked at ``level`` when demand is Poisson(``mu``)."""
    demand = np.arange(0, 400)
    probability = stats.poisson.pmf(demand, mu)
    short = np.clip(demand - level, 0, None)
    left = np.clip(level - demand, 0, None)
    return float((probability * (shortage * short + leftover * left)).sum())


@pytest.mark.parametrize(
    ("mu", "shortage", "leftover"),
    [(20.0, 100.0, 20.0), (30.0, 20.0, 100.0), (4.0, 80.0, 80.0), (0.3, 150.0, 30.0)],
)
def test_the_stock_level_costs_least_on_average(mu, shortage, leftover):
    chosen = int(stock_level(np.array([mu]), np.array([shortage]), np.array([leftover]))[0])
    costs = [expected_daily_cost(level, mu, shortage, leftover) for level in range(120)]
    assert expected_daily_cost(chosen, mu, shortage, leftover) == pytest.approx(min(costs))


def test_a_loss_leader_gets_no_stock_even_when_its_loss_exceeds_the_leftover_cost():
    levels = stock_level(np.array([10.0, 10.0]), np.array([-40.0, -10.0]), np.array([20.0, 100.0]))
    assert levels.tolist() == [0.0, 0.0]


def test_a_leftover_costs_its_cost_less_the_markdown_spread_over_the_days_it_keeps():
    costs = unit_costs(
        np.array([200.0, 200.0, 200.0]), np.array([120.0, 120.0, 120.0]), np.array([1, 4, 1]),
        np.array([0.6, 0.6, 0.0]),
    )  # fmt: skip
    assert costs["shortage"].tolist() == [80.0, 80.0, 80.0]
    # 0.6 of the units on their last day sell at 100 yen: 120 - 60 = 60 lost on average.
    assert costs["leftover"].tolist() == [60.0, 15.0, 120.0]


def test_markdown_sell_through_per_item_from_the_records():
    items = pd.DataFrame({"item_id": ["P001", "P002", "P003"]})
    sales = pd.DataFrame(
        {
            "item_id": ["P001", "P001", "P002", "P002N"],
            "markdown_qty": [3, 3, 0, 1],
            "waste_qty": [1, 1, 0, 3],
        }
    )
    # P002N is P002 renamed; P003 never reached its last day. The duplicated P001 row counts once.
    assert markdown_sell_through(sales, items).tolist() == [0.75, 0.25, 0.0]
