"""Hibari Printing's business facts, the same ones the case story states.

They are facts, not decisions: what an hour booked too short or too long costs is the learner's to
define from them (notebook 01), and the quantile to book follows from those costs (notebook 03).
"""

REGULAR_WAGE_YEN = 2_600
"""The wage of one person-hour in regular time, social insurance included."""
REGULAR_OVERHEAD_YEN = 400
"""The plant's costs per person-hour of regular time (daytime power, the presses' share of
depreciation and upkeep). Like the wage, it is paid whether the crew works or waits."""
HOURLY_COST_YEN = REGULAR_WAGE_YEN + REGULAR_OVERHEAD_YEN
"""One person-hour in regular time, wage and overhead included: 3,000 yen."""

OVERTIME_PREMIUM = 0.25
"""The premium on the wage for overtime (the legal 25 %)."""
AFTER_HOURS_RUNNING_YEN = 1_750
"""Keeping the plant running after hours, per overtime person-hour: lights, air conditioning, the
presses' power, and the share of the supervisor who has to stay."""
OVERTIME_COST_YEN = round(REGULAR_WAGE_YEN * (1 + OVERTIME_PREMIUM) + AFTER_HOURS_RUNNING_YEN)
"""What one person-hour of overtime pays out, all in: 5,000 yen."""

COST_FACTS = {
    "wage_yen": REGULAR_WAGE_YEN,
    "overhead_yen": REGULAR_OVERHEAD_YEN,
    "overtime_premium": OVERTIME_PREMIUM,
    "after_hours_yen": AFTER_HOURS_RUNNING_YEN,
}
"""The facts above in the form a cost definition takes them (notebook 01's ``hour_costs``)."""

INTERVAL_LEVELS = (0.1, 0.9)
"""The prediction interval the case asks for: 80 %, from the 10 % to the 90 % quantile."""

PROMISE_KEPT = 0.95
"""Customers of rush jobs are told how many hours their job will take; the shop means to keep that
promise on 95 % of jobs (notebook 03's stretch task)."""

HOLDOUT_MONTHS = 6
"""A model is trained on the history before a cut-off and tested on the next six months."""
HOLDOUT_WINDOWS = 2
"""Grading tests two such windows, the last twelve months of the hidden draw (rolling origin):
a full year of seasons, and half the sampling noise of one window."""

REFERENCE_HOURS_SAVED_PER_MONTH = 180
"""What a real printing company reported saving with AI job-time estimates (person-hours)."""

SYSTEM_INITIAL_COST_YEN = 4_000_000
"""Job-ticket digitisation (tablet input), the model and the scheduling screen."""
SYSTEM_MONTHLY_COST_YEN = 80_000
"""Cloud hosting, maintenance and monthly retraining by the vendor."""
