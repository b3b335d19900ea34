"""Score every pair of learners, and every learner against the reference, through an inverted index.

Each learner's answers are winnowed per question (grade id). An inverted index maps
``(question, fingerprint hash)`` to the learners holding it, so only learners who share at least
one fingerprint are ever paired: the work grows with the shared fingerprints, not with the
square of the cohort's text.

Evidence between two learners is what they share *beyond the reference solution* (two learners
who both pasted the reference are each flagged against the reference, not against each other)
and beyond what is common in the cohort: a fingerprint held by more than ``common_share`` of the
learners is the usual way to write that step, not a copy (as MOSS ignores passages found in
many programs). Against the reference every fingerprint counts, since a cohort where many paste
it must not hide them.

A pair's similarity is ``Σ shared / Σ min(|A_q|, |B_q|)`` over the questions both answered: the
share of the smaller answer found in the other, weighted by each answer's length, so a copied
long answer weighs more than two one-liners that agree by necessity.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from dxquest.similarity.fingerprint import Fingerprint

REFERENCE = "(reference)"
"""The other side of a pair that matches the case's reference solution."""
COMMON_SHARE = 0.05
"""A fingerprint held by more than this share of the learners is the usual way, not evidence."""
MIN_COMMON = 10
"""…and by more than this many learners (a small cohort has no "usual way" to learn from)."""
MIN_SHARED = 8
"""Fewer shared fingerprints than this is too little text to call a copy, whatever the share."""

Answers = Mapping[str, list[Fingerprint]]
"""One submission's fingerprints by question (grade id)."""


@dataclass(frozen=True)
class QuestionMatch:
    shared: int
    smaller: int  # fingerprints of the smaller of the two answers

    @property
    def similarity(self) -> float:
        return self.shared / self.smaller if self.smaller else 0.0


@dataclass(frozen=True)
class PairScore:
    """How much of two submissions' answers match; ``other`` may be :data:`REFERENCE`."""

    student: str
    other: str
    questions: dict[str, QuestionMatch] = field(default_factory=dict)

    @property
    def shared(self) -> int:
        return sum(m.shared for m in self.questions.values())

    @property
    def similarity(self) -> float:
        smaller = sum(m.smaller for m in self.questions.values())
        return self.shared / smaller if smaller else 0.0

    @property
    def is_reference(self) -> bool:
        return self.other == REFERENCE

    def matched_questions(self, threshold: float) -> list[str]:
        """Questions whose own similarity reaches ``threshold``, in answer order."""
        return [q for q, m in self.questions.items() if m.shared and m.similarity >= threshold]


def _hashes(answers: Answers) -> dict[str, set[int]]:
    return {q: {f.hash for f in fps} for q, fps in answers.items() if fps}


def _score(student: str, other: str, mine: dict, theirs: dict, shared: Mapping) -> PairScore:
    questions = {
        q: QuestionMatch(shared.get(q, 0), min(len(mine[q]), len(theirs[q])))
        for q in mine
        if q in theirs
    }
    return PairScore(student, other, questions)


def reference_scores(learners: Mapping[str, Answers], reference: Answers) -> list[PairScore]:
    """Every learner against the reference solution (every fingerprint counts)."""
    ref = _hashes(reference)
    scores = []
    for student, answers in learners.items():
        mine = _hashes(answers)
        shared = {q: len(mine[q] & ref[q]) for q in mine if q in ref}
        if any(shared.values()):
            scores.append(_score(student, REFERENCE, mine, ref, shared))
    return scores


def learner_scores(
    learners: Mapping[str, Answers],
    reference_kgrams: Mapping[str, set[int]],
    *,
    common_share: float = COMMON_SHARE,
    min_common: int = MIN_COMMON,
) -> list[PairScore]:
    """Every pair of learners sharing evidence (see the module docstring), found by the index.

    ``reference_kgrams``: every k-gram hash of the reference's answer to each question, so what
    two learners share with the reference is left out of their pair.
    """
    evidence: dict[str, dict[str, set[int]]] = {}
    for student, answers in learners.items():
        evidence[student] = {
            q: hashes - reference_kgrams.get(q, set())
            for q, hashes in _hashes(answers).items()
        }
    index: dict[tuple[str, int], list[str]] = defaultdict(list)
    for student, answers in evidence.items():
        for q, hashes in answers.items():
            for h in hashes:
                index[q, h].append(student)
    limit = max(min_common, common_share * len(learners))
    for (q, h), holders in index.items():
        if len(holders) > limit:
            for student in holders:
                evidence[student][q].discard(h)
    shared: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (q, _), holders in index.items():
        if 1 < len(holders) <= limit:
            for a, b in itertools.combinations(sorted(holders), 2):
                shared[a, b][q] += 1
    return [
        _score(a, b, _nonempty(evidence[a]), _nonempty(evidence[b]), counts)
        for (a, b), counts in sorted(shared.items())
    ]


def _nonempty(answers: dict[str, set[int]]) -> dict[str, set[int]]:
    return {q: hashes for q, hashes in answers.items() if hashes}
