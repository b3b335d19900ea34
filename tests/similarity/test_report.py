"""Is learner text escaped in the report, and do operators' decisions show as decided?"""

import csv

from dxquest.similarity.decisions import (
    CLEARED,
    CONFIRMED,
    FLAGGED,
    read_decisions,
    record_decision,
    similarity_flags,
)
from dxquest.similarity.report import summary, write_csv, write_html
from dxquest.similarity.review import review_answers

ATTACK = """def answer(values):
    label = "</pre><script>alert('x')</script>"
    totals = {}
    for key, value in values.items():
        totals[key] = totals.get(key, 0) + value * 2 - 1
    return sorted(totals.items(), key=lambda kv: kv[1])[:10], label
"""
OTHER = """def answer(values):
    ordered = sorted(values.values())
    middle = len(ordered) // 2
    low, high = ordered[:middle], ordered[middle:]
    spread = max(high) - min(low) if low and high else 0
    return {"spread": spread, "low": sum(low) / max(len(low), 1), "high": sum(high) / len(high)}
"""


def _review():
    learners = {
        "<b>mallory</b>": {"answer": ATTACK},
        "trent": {"answer": ATTACK},
        "peggy": {"answer": OTHER},
    }
    return review_answers("toy", learners, {"answer": OTHER}, [])


def test_learner_code_and_ids_are_escaped_in_the_html(tmp_path):
    page = write_html(_review(), [], tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>mallory" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;mallory" in page
    assert "<mark>" in page  # the matched passage is shown


def test_the_csv_lists_pairs_with_their_questions_and_the_reference_side(tmp_path):
    rows = list(
        csv.DictReader(write_csv(_review(), [], tmp_path / "r.csv").open(encoding="utf-8-sig"))
    )
    by_pair = {(r["student"], r["other"]): r for r in rows}
    top = by_pair["<b>mallory</b>", "trent"]
    assert top["flagged"] == "True" and top["matched_questions"] == "answer"
    assert top["other_is_reference"] == "False" and top["status"] == FLAGGED
    assert by_pair["peggy", "(reference)"]["other_is_reference"] == "True"


def test_a_cleared_learner_shows_as_cleared_and_a_later_confirmation_wins(tmp_path):
    review = _review()
    path = tmp_path / "decisions.csv"
    assert {f.student: f.status for f in similarity_flags(review, [])} == {
        "<b>mallory</b>": FLAGGED,
        "trent": FLAGGED,
        "peggy": FLAGGED,
    }
    record_decision(path, "trent", note="pair programming, declared")
    flags = {f.student: f for f in similarity_flags(review, read_decisions(path))}
    assert flags["trent"].status == CLEARED and flags["<b>mallory</b>"].status == CLEARED
    assert flags["trent"].top_match == "<b>mallory</b>"
    record_decision(path, "<b>mallory</b>", other="trent", note="same typo", confirm=True)
    flags = {f.student: f.status for f in similarity_flags(review, read_decisions(path))}
    assert flags["trent"] == CONFIRMED
    assert summary(review, read_decisions(path))["flagged_pairs"] == 2
