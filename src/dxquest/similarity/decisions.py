"""Operators' decisions on flagged learners, and the per-learner flags completion reads.

A flag is not a verdict: an operator looks at the matched passages and either *clears* a learner
(e.g. they worked together openly, or the match is the obvious way to write it) or *confirms* the
copy. Decisions live in a small CSV beside the cohort's other stages
(``build/cohort/<lang>/<case>/similarity/decisions.csv``; columns ``student, other, decision,
note, decided_at``), one row per decision, the latest one counting. ``other`` empty means every
pair of that learner; otherwise the one pair ``student``–``other`` (``other`` may be
``(reference)``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dxquest import paths
from dxquest.similarity.index import REFERENCE, PairScore
from dxquest.similarity.review import SimilarityReview

CLEARED, CONFIRMED, FLAGGED = "cleared", "confirmed", "flagged"
_FIELDS = ["student", "other", "decision", "note", "decided_at"]


@dataclass(frozen=True)
class Decision:
    student: str
    other: str  # "" for every pair of ``student``
    decision: str  # CLEARED or CONFIRMED
    note: str
    decided_at: str

    def covers(self, pair: PairScore) -> bool:
        sides = {pair.student, pair.other}
        return self.student in sides and (not self.other or self.other in sides)


@dataclass(frozen=True)
class SimilarityFlag:
    """A flagged learner, their most similar match and where the operators' review stands."""

    student: str
    top_match: str
    similarity: float
    matched_questions: list[str]
    status: str  # FLAGGED (awaiting review), CLEARED or CONFIRMED


def decisions_path(case_id: str, lang: str) -> Path:
    return paths.cohort_dir(case_id, lang) / "similarity" / "decisions.csv"


def read_decisions(path: Path) -> list[Decision]:
    """Every decision in ``path``, oldest first (none when the file does not exist yet)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Decision(**{f: row.get(f) or "" for f in _FIELDS}) for row in csv.DictReader(handle)
        ]


def record_decision(
    path: Path, student: str, *, note: str, other: str = "", confirm: bool = False
) -> Decision:
    """Append an operator's decision to ``path`` (created with its header when missing)."""
    decision = Decision(
        student=student,
        other=other,
        decision=CONFIRMED if confirm else CLEARED,
        note=note,
        decided_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_FIELDS)
        if new:
            writer.writeheader()
        writer.writerow(decision.__dict__)
    return decision


def pair_status(pair: PairScore, decisions: list[Decision]) -> str:
    """The latest decision covering ``pair``, else FLAGGED."""
    covering = [d.decision for d in decisions if d.covers(pair)]
    return covering[-1] if covering else FLAGGED


def _pairs_by_learner(flagged: Iterable[PairScore]) -> dict[str, list[PairScore]]:
    by_student: dict[str, list[PairScore]] = {}
    for pair in flagged:
        for student in (pair.student, pair.other):
            if student != REFERENCE:
                by_student.setdefault(student, []).append(pair)
    return by_student


def _learner_status(pairs: list[PairScore], decisions: list[Decision]) -> str:
    statuses = {pair_status(p, decisions) for p in pairs}
    return CONFIRMED if CONFIRMED in statuses else FLAGGED if FLAGGED in statuses else CLEARED


def learner_statuses(flagged: Iterable[PairScore], decisions: list[Decision]) -> dict[str, str]:
    """The status of every learner in a flagged pair: CONFIRMED when any of their flagged pairs is
    confirmed, CLEARED when all of them are cleared, else FLAGGED, which completion holds back but
    must not fail."""
    return {
        student: _learner_status(pairs, decisions)
        for student, pairs in _pairs_by_learner(flagged).items()
    }


def similarity_flags(review: SimilarityReview, decisions: list[Decision]) -> list[SimilarityFlag]:
    """One flag per learner in a flagged pair, naming their most similar match, with their status
    (:func:`learner_statuses`)."""
    flags = []
    # review.flagged comes most similar first, so a learner's first pair is their top match.
    for student, pairs in sorted(_pairs_by_learner(review.flagged).items()):
        status = _learner_status(pairs, decisions)
        top = pairs[0]
        flags.append(
            SimilarityFlag(
                student=student,
                top_match=top.other if top.student == student else top.student,
                similarity=round(top.similarity, 3),
                matched_questions=top.matched_questions(),
                status=status,
            )
        )
    return flags
