"""Sakura Mart's business constants, the same ones the case story states."""

MANAGER_HOURLY_COST_YEN = 2_000
"""A store manager's hour, overhead included."""

REVIEW_MINUTES_PER_STORE_DAY = 15
"""Managers' minutes per day once HQ's AI proposes the orders and they only review them."""

SYSTEM_INITIAL_COST_YEN = 12_000_000
SYSTEM_ANNUAL_COST_YEN = 3_600_000

FORECAST_HORIZON_DAYS = 7
"""HQ publishes next week's forecast each week; features may use data up to the day before."""

FLYER_IN_STOCK = 0.95
"""An item in the flyer must still be on the shelf for every customer who comes for it on 19
flyer days in 20: a flyer item sold out loses the customer's trust, not only the sale."""

MARKDOWN_PRICE_SHARE = 0.5
"""In the evening, units on their last day get a half-price sticker (見切り, 半額)."""
