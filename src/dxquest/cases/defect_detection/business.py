"""Business figures of Kanazawa Precision (金沢精密工業), the parts maker of the inspection case.

They are the story's facts: every notebook and every checker reads them from here. What an escape
or a false alarm costs is not among them: the learner defines those costs from :data:`FACTS`.
"""

MONTHLY_PARTS = 60_000
"""Parts inspected a month across the three products."""
DEFECT_RATE_IN_PRODUCTION = 0.0005
"""Share of the parts made that are defective (500 ppm): QA's count over the last year of the
defects the inspectors found and of those that came back from the customer. The learners' data
are not a month of production: QA collected defective parts for the AI (a few percent of the
records), so a month's figures weight the data's defective and good parts by this rate."""
INSPECTOR_HOURLY_COST_YEN = 2_800
"""Fully loaded cost of one inspector hour."""
REVIEW_CATCH_RATE = 0.95
"""Share of flagged defective parts the confirming inspector rejects (the heatmap shows where)."""
MAX_ESCAPE_RATE = 0.00005
"""Quality agreement with the main customer: at most 50 ppm of shipped parts may be defective."""
AGREEMENT_CONFIDENCE = 0.95
"""Shipping low-scoring parts unconfirmed (notebook 03's stretch task) must keep the agreement in 19
decisions out of 20: the QA manager's bar for a miss rate measured on a sample of defects."""
SYSTEM_INITIAL_COST_YEN = 9_000_000
"""Camera stations on both lines, integration and the first model."""
SYSTEM_ANNUAL_COST_YEN = 2_400_000
"""Maintenance, retraining and the engineer's time a year."""

FACTS = {
    # The part itself. The lines have spare capacity: a part scrapped or replaced is made again.
    "part_cost_yen": 300,  # material and machining of one part
    "part_price_yen": 450,  # what the customer pays for one part
    # A defective part that reaches the customer: every one comes back as a claim.
    "claim_hours_low": 5.0,  # QA staff time per claim (investigation, report, countermeasure):
    "claim_hours_high": 7.0,  # between these two, by the QA manager's account
    "qa_hourly_yen": 4_000,  # one QA staff hour, overheads included
    "customer_sorting_yen": 20_000,  # the customer sorts its stock of the lot and bills it
    "return_freight_yen": 1_500,  # the defective part back, a replacement out
    # The AI flags a part: an inspector confirms it with its heatmap.
    "inspector_hourly_yen": INSPECTOR_HOURLY_COST_YEN,
    "review_seconds": 6.0,  # confirming one flagged part
    "review_reject_good_share": 0.01,  # flagged good parts the inspector still rejects (scrapped)
}
"""The story's facts from which the learner defines the cost of an escape and of a false alarm
(the grader draws other facts of the same form for its hidden checks)."""
