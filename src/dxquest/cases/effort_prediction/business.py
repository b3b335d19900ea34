"""Hibari Printing's business constants, the same ones the case story states."""

HOURLY_COST_YEN = 3_000
"""One production person-hour in regular time, wage and overhead included. An idle hour (the
crew waits for the next job's slot) costs this and produces nothing."""

OVERTIME_COST_YEN = 5_000
"""One person-hour of overtime: the wage with the 25 % premium plus keeping the plant, the
lights and a supervisor on after hours."""

PLAN_QUANTILE = OVERTIME_COST_YEN / (OVERTIME_COST_YEN + HOURLY_COST_YEN)
"""Book each job for this quantile of its time (0.625): an hour booked too short costs overtime,
an hour booked too long costs idle time, and this level balances the two (the newsvendor rule)."""

INTERVAL_LEVELS = (0.1, 0.9)
"""The prediction interval the case asks for: 80 %, from the 10 % to the 90 % quantile."""

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
