"""Business figures of Kanazawa Precision (金沢精密工業), the parts maker of the inspection case.

They are the story's facts: every notebook and every checker reads them from here.
"""

MONTHLY_PARTS = 60_000
"""Parts inspected a month across the three products."""
INSPECTOR_HOURLY_COST_YEN = 2_800
"""Fully loaded cost of one inspector hour."""
ESCAPE_COST_YEN = 60_000
"""A defective part that reaches the customer: claim handling, return, sorting at the customer."""
FALSE_REJECT_COST_YEN = 3_000
"""A good part scrapped by mistake: material and machining lost (1:20 against an escape)."""
REVIEW_SECONDS = 6.0
"""An inspector confirming a part the AI flagged, with its heatmap showing where to look."""
REVIEW_CATCH_RATE = 0.95
"""Share of flagged defective parts the confirming inspector rejects (the heatmap shows where)."""
REVIEW_FALSE_REJECT_RATE = 0.01
"""Share of flagged good parts the confirming inspector still rejects."""
MAX_ESCAPE_RATE = 0.004
"""Quality agreement with the main customer: at most 0.4 % of shipped parts may be defective."""
SYSTEM_INITIAL_COST_YEN = 9_000_000
"""Camera stations on both lines, integration and the first model."""
SYSTEM_ANNUAL_COST_YEN = 2_400_000
"""Maintenance, retraining and the engineer's time a year."""
