"""Score every pair of learners, and every learner against the reference, through an inverted index.

Each learner's answers are winnowed per question (grade id). The inverted index maps
``(question, fingerprint hash)`` to the learners holding it; stored as a sparse learners ×
fingerprints matrix (each column a posting list), the product with its transpose counts, for
every pair at once, the fingerprints the two share: the work grows with the posting lists, never
with the cohort's text. The result per question is a dense n × n array (16 MB at 2,000
learners), which bounds this design to cohorts of some thousands.

Evidence between two learners is what they share *beyond the reference solution* (two learners
who both pasted the reference are each flagged against the reference, not against each other).
A shared fingerprint weighs ``log((n + 1) / holders)``: sharing what few learners wrote is strong
evidence, sharing the usual way of writing a step is weak.

A pair's similarity is ``Σ shared weight / Σ weight of the lighter answer`` over the questions
both answered: the share of the smaller answer found in the other. Honest learners do agree, on
a one-liner or even on a whole short answer; a copy agrees on every answer, so only a pair that
agrees on most of its weight is marked.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from dxquest.similarity.fingerprint import Fingerprint

REFERENCE = "(reference)"
"""The other side of a pair that matches the case's reference solution."""
QUESTION_MATCH = 0.5
"""A question counts as matched in a pair when this share of the smaller answer is shared."""

Answers = Mapping[str, list[Fingerprint]]
"""One submission's fingerprints by question (grade id)."""


@dataclass(frozen=True)
class QuestionMatch:
    shared: int  # fingerprints found in both answers
    shared_weight: float  # their rarity weights, summed
    smaller_weight: float  # the rarity weight of the lighter of the two answers

    @property
    def similarity(self) -> float:
        return self.shared_weight / self.smaller_weight if self.smaller_weight else 0.0


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
    def shared_weight(self) -> float:
        """The evidence: the rarity weight of everything the two share."""
        return sum(m.shared_weight for m in self.questions.values())

    @property
    def similarity(self) -> float:
        smaller = sum(m.smaller_weight for m in self.questions.values())
        return sum(m.shared_weight for m in self.questions.values()) / smaller if smaller else 0.0

    @property
    def is_reference(self) -> bool:
        return self.other == REFERENCE

    def matched_questions(self, threshold: float = QUESTION_MATCH) -> list[str]:
        """Questions whose own similarity reaches ``threshold``, by grade id."""
        return [q for q, m in self.questions.items() if m.shared and m.similarity >= threshold]


def _hashes(answers: Answers) -> dict[str, set[int]]:
    return {q: {f.hash for f in fps} for q, fps in answers.items() if fps}


class RarityWeights:
    """``log((n + 1) / holders)`` of every ``(question, hash)`` over the n learners; a hash no
    learner holds (the reference's own) weighs as one held by a single learner."""

    def __init__(self, learners: Mapping[str, Answers]):
        holders = Counter(
            (q, h)
            for answers in learners.values()
            for q, hs in _hashes(answers).items()
            for h in hs
        )
        top = len(learners) + 1
        self.unseen = math.log(top)
        self.table = {key: math.log(top / count) for key, count in holders.items()}

    def weight(self, question: str, h: int) -> float:
        return self.table.get((question, h), self.unseen)

    def total(self, question: str, hashes: set[int]) -> float:
        table, unseen = self.table, self.unseen
        return sum(table.get((question, h), unseen) for h in hashes)

    def submission(self, answers: Answers) -> float:
        """The rarity weight of one submission's answers, all questions together."""
        return sum(self.total(q, hs) for q, hs in _hashes(answers).items())


def _score(
    student: str, other: str, mine: Mapping, theirs: Mapping, weights: RarityWeights
) -> PairScore:
    questions = {}
    for q in sorted(q for q in mine.keys() & theirs.keys() if mine[q] and theirs[q]):
        shared = mine[q] & theirs[q]
        smaller = min(weights.total(q, mine[q]), weights.total(q, theirs[q]))
        questions[q] = QuestionMatch(len(shared), weights.total(q, shared), smaller)
    return PairScore(student, other, questions)


def reference_scores(
    learners: Mapping[str, Answers], reference: Answers, weights: RarityWeights
) -> list[PairScore]:
    """Every learner sharing a fingerprint with the reference solution, scored against it."""
    ref = _hashes(reference)
    scores = []
    for student, answers in learners.items():
        mine = _hashes(answers)
        if any(mine[q] & ref[q] for q in mine.keys() & ref.keys()):
            scores.append(_score(student, REFERENCE, mine, ref, weights))
    return scores


def learner_scores(
    learners: Mapping[str, Answers],
    reference_kgrams: Mapping[str, set[int]],
    weights: RarityWeights,
    *,
    floor: float,
) -> list[PairScore]:
    """Every pair of learners whose similarity reaches ``floor`` (see the module docstring).

    ``reference_kgrams``: every k-gram hash of the reference's answer to each question, so what
    two learners share with the reference is left out of their pair.
    """
    students = sorted(learners)
    n = len(students)
    if n < 2:
        return []
    evidence = [
        {q: hs - reference_kgrams.get(q, set()) for q, hs in _hashes(learners[s]).items()}
        for s in students
    ]
    questions = sorted({q for answers in evidence for q in answers if answers[q]})
    shared_weight = np.zeros((n, n), dtype=np.float32)
    smaller_weight = np.zeros((n, n), dtype=np.float32)
    for q in questions:
        shared_q, smaller_q = _question_matrices(evidence, q, weights)
        shared_weight += shared_q
        smaller_weight += smaller_q
    similarity = np.divide(
        shared_weight, smaller_weight, out=np.zeros_like(shared_weight), where=smaller_weight > 0
    )
    rows, cols = np.nonzero(np.triu(similarity >= floor, k=1) & (shared_weight > 0))
    # The few selected pairs are scored again question by question, from their own sets.
    return [
        _score(students[i], students[j], evidence[i], evidence[j], weights)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    ]


def _question_matrices(
    evidence: list[dict[str, set[int]]], question: str, weights: RarityWeights
) -> tuple[np.ndarray, np.ndarray]:
    """For every pair of learners, on one question: the weight of the fingerprints they share
    and the weight of the lighter answer (0 unless both answered)."""
    n = len(evidence)
    columns: dict[int, int] = {}
    rows, cols = [], []
    for row, answers in enumerate(evidence):
        for h in answers.get(question, ()):
            rows.append(row)
            cols.append(columns.setdefault(h, len(columns)))
    column_weights = np.zeros(len(columns), dtype=np.float32)
    for h, col in columns.items():
        column_weights[col] = weights.weight(question, h)
    # The sparse matrix holds the inverted index: column c lists the learners holding hash c.
    holding = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, len(columns))
    )
    shared = (holding.multiply(column_weights).tocsr() @ holding.T).toarray()
    answer_weight = np.asarray(holding @ column_weights).ravel()
    both = (answer_weight[:, None] > 0) & (answer_weight[None, :] > 0)
    smaller = np.where(both, np.minimum.outer(answer_weight, answer_weight), 0).astype(np.float32)
    return shared, smaller
