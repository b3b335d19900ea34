"""Does completion see each learner's standing in the similarity review, decisions included?"""

from dxquest.similarity.decisions import (
    CLEARED,
    CONFIRMED,
    FLAGGED,
    decisions_path,
    record_decision,
)
from dxquest.similarity.review import review_answers
from dxquest.similarity.standing import (
    NOT_FLAGGED,
    NOT_REVIEWED,
    record_review,
    recorded_standing,
    review_record_path,
)

from .test_report import ATTACK, OTHER

CASE, LANG = "toy_standing", "en"


def _record_review():
    """mallory and trent hand in the same code; peggy writes the reference's; all three read."""
    learners = {"mallory": {"answer": ATTACK}, "trent": {"answer": ATTACK}, "olivia": {}}
    learners["peggy"] = {"answer": OTHER}
    review = review_answers(CASE, learners, {"answer": OTHER}, [])
    return record_review(review, review_record_path(CASE, LANG))


def test_without_a_recorded_review_nobody_is_reviewed(build_dir):
    assert recorded_standing("never_reviewed", LANG).of("anyone") == NOT_REVIEWED


def test_flags_wait_decisions_count_at_once_and_latecomers_are_not_reviewed(build_dir):
    _record_review()
    standing = recorded_standing(CASE, LANG)
    assert {s: standing.of(s) for s in ("mallory", "trent", "peggy", "olivia", "late")} == {
        "mallory": FLAGGED,
        "trent": FLAGGED,
        "peggy": FLAGGED,  # against the reference
        "olivia": NOT_FLAGGED,
        "late": NOT_REVIEWED,  # submitted after the review ran
    }
    decisions = decisions_path(CASE, LANG)
    record_decision(decisions, "peggy", note="wrote the reference's one-liner")
    record_decision(decisions, "mallory", other="trent", note="same typo", confirm=True)
    standing = recorded_standing(CASE, LANG)  # no new review: the decisions are read afresh
    assert (standing.of("peggy"), standing.of("mallory"), standing.of("trent")) == (
        CLEARED,
        CONFIRMED,
        CONFIRMED,
    )
