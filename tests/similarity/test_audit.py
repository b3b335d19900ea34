"""Does the grade audit's similarity part flag a pasted reference solution, as it is and renamed
and edited, and no honest learner beside it? (The graded attacks run in `dxquest audit-grades`.)"""

import pytest

from dxquest.sandbox_audit import CASE_ID
from dxquest.similarity.audit import HONEST_ROW, PASTES, paste_rows


# The audit's own case, and advance_orders, whose honest learners write their own model helpers
# above `forecast` and paste them into 03: the grammar no other case's test runs through a review.
@pytest.mark.parametrize("case_id", [CASE_ID, "advance_orders"])
def test_reference_pastes_are_flagged_and_honest_learners_are_not(case_id, build_dir):
    rows = {row.case: row for row in paste_rows(case_id)}
    assert set(rows) == {*PASTES.values(), HONEST_ROW}
    assert all(row.ok for row in rows.values()), [r for r in rows.values() if not r.ok]
    assert rows[PASTES["reference"]].observed == "flagged"
    assert rows[HONEST_ROW].observed == "0 flagged"
