"""Where each learner stands in the similarity review, as completion reads it.

``dxquest cohort similarity`` records what its review read and found beside the operators'
decisions (``build/cohort/<lang>/<case>/similarity/review.json``: the learners reviewed and the
flagged pairs), so completion needs neither the submissions nor a new review. The decisions are
read afresh each time: clearing or confirming a learner counts at once. A learner the recorded
review did not read (no review yet, or a submission that came after it) is *not reviewed*: a copy
of the reference must not pass for want of a look.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dxquest.similarity.decisions import (
    FLAGGED,
    Decision,
    decisions_path,
    learner_statuses,
    read_decisions,
)
from dxquest.similarity.index import PairScore
from dxquest.similarity.review import SimilarityReview

NOT_REVIEWED, NOT_FLAGGED = "not_reviewed", "not_flagged"
PENDING = (NOT_REVIEWED, FLAGGED)
"""Standings that keep a learner waiting: neither a pass nor a fail."""


@dataclass(frozen=True)
class SimilarityStanding:
    """The learners a review read, and the status of each one it flagged."""

    reviewed: frozenset[str] = frozenset()
    flags: Mapping[str, str] = field(default_factory=dict)  # FLAGGED, CLEARED or CONFIRMED

    def of(self, student: str) -> str:
        """FLAGGED, CLEARED, CONFIRMED, NOT_FLAGGED or NOT_REVIEWED."""
        if student in self.flags:
            return self.flags[student]
        return NOT_FLAGGED if student in self.reviewed else NOT_REVIEWED


def standing(
    learners: Iterable[str], flagged: Iterable[PairScore], decisions: list[Decision]
) -> SimilarityStanding:
    """The standing of a review that read ``learners`` and flagged the pairs ``flagged``."""
    return SimilarityStanding(frozenset(learners), learner_statuses(flagged, decisions))


def review_record_path(case_id: str, lang: str) -> Path:
    """Beside the operators' decisions: the review and the decisions on it are read together."""
    return decisions_path(case_id, lang).with_name("review.json")


def record_review(review: SimilarityReview, path: Path) -> Path:
    """Write what completion needs of ``review`` to ``path``, replacing an earlier record."""
    record = {
        "case": review.case,
        "threshold": review.threshold,
        "learners": review.learners,
        "flagged_pairs": [[pair.student, pair.other] for pair in review.flagged],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def recorded_standing(case_id: str, lang: str) -> SimilarityStanding:
    """The standing from the recorded review of ``case_id`` and the decisions taken since; with
    no review recorded, every learner is NOT_REVIEWED."""
    path = review_record_path(case_id, lang)
    if not path.is_file():
        return SimilarityStanding()
    record = json.loads(path.read_text(encoding="utf-8"))
    flagged = [PairScore(student, other) for student, other in record["flagged_pairs"]]
    return standing(record["learners"], flagged, read_decisions(decisions_path(case_id, lang)))
