"""Kanazawa Precision's production-control facts, the same ones the case story states.

They are facts, not decisions: what a piece planned too many and a piece planned too few cost is
the learner's to define from them (notebook 01), and how far above or below the forecast to plan
follows from those costs (notebook 03).
"""

PROCESSING_COST_SHARE = 0.35
"""Processing (machining, heat treatment, inspection: labour and machine time) per piece, as a
share of the part's selling price."""

HOLDING_RATE_PER_MONTH = 0.02
"""Carrying a piece of stock for a month: interest on the money tied up, warehouse space and
handling, as a share of what the piece cost to make (material and processing)."""
SURPLUS_MONTHS_HELD = 3.0
"""A piece made beyond the firm orders waits this long, on average, until later orders use it."""
SURPLUS_SCRAP_SHARE = 0.08
"""The share of surplus pieces never used (the part's end of life, a model change): scrapped."""

OVERTIME_PREMIUM = 0.25
"""The premium on the labour of processing done in overtime (the legal 25 %)."""
AFTER_HOURS_SHARE = 0.10
"""Running the plant after hours (lights, air conditioning, machines' power, a supervisor), per
piece made in overtime, as a share of its processing cost."""
EXPRESS_FREIGHT_YEN = 25
"""Express delivery of a piece made late to the customer's plant, instead of the regular truck."""

COST_FACTS = {
    "processing_cost_share": PROCESSING_COST_SHARE,
    "holding_rate_per_month": HOLDING_RATE_PER_MONTH,
    "surplus_months_held": SURPLUS_MONTHS_HELD,
    "surplus_scrap_share": SURPLUS_SCRAP_SHARE,
    "overtime_premium": OVERTIME_PREMIUM,
    "after_hours_share": AFTER_HOURS_SHARE,
    "express_freight_yen": EXPRESS_FREIGHT_YEN,
}
"""The plant's facts above in the form a cost definition takes them, with a part's own
``unit_price_yen`` and ``material_cost_yen`` (notebook 01's ``piece_costs``)."""


def part_facts(part) -> dict:
    """The facts of one part (a row of ``parts``) for a cost definition."""
    return {
        "unit_price_yen": float(part["unit_price_yen"]),
        "material_cost_yen": float(part["material_cost_yen"]),
        **COST_FACTS,
    }


MATERIAL_HORIZON = 2
"""Material (bar stock, castings) is ordered two months ahead: on the two-month notice."""
PRODUCTION_HORIZON = 1
"""Production and staffing are planned one month ahead: on the one-month notice."""

PLANNED_HORIZONS = (PRODUCTION_HORIZON, MATERIAL_HORIZON)
"""The rows a plan is costed on: next month's production and the material of the month after.
A piece planned wrong costs the same either way (the material is bought for that piece)."""

RESERVATION_HORIZON = 3
"""The steel mill allots its rolling slots (圧延枠) three months ahead: production control
reserves each part's bar stock on the three-month notice (notebook 03's stretch task)."""
RESERVATION_COVERED = 0.9
"""A reservation should cover the month's firm orders in nine months of ten: a shortfall is
bought from a stockist, dearer and with a wait, so it must stay the exception."""

HOLDOUT_ISSUES = 6
"""A model is tested on the notices of six monthly planning meetings (rolling origin): the last
six whose three target months all lie in the data."""

SYSTEM_INITIAL_COST_YEN = 6_000_000
"""Loading the customers' notice files automatically, the model and the planning screen."""
SYSTEM_MONTHLY_COST_YEN = 120_000
"""Cloud hosting, maintenance and monthly retraining by the vendor."""
