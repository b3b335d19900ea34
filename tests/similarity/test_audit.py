"""Does the grade audit's similarity part flag a pasted reference solution, as it is and renamed
and edited, and no honest learner beside it? (The graded attacks run in `dxquest audit-grades`.)"""

from dxquest.similarity.audit import HONEST_ROW, PASTES, paste_rows


def test_reference_pastes_are_flagged_and_honest_learners_are_not(build_dir):
    rows = {row.case: row for row in paste_rows()}
    assert set(rows) == {*PASTES.values(), HONEST_ROW}
    assert all(row.ok for row in rows.values()), [r for r in rows.values() if not r.ok]
    assert rows[PASTES["reference"]].observed == "flagged"
    assert rows[HONEST_ROW].observed == "0 flagged"
