"""Who reviews whom: k peers per submission, never the author, every reviewer the same load.

The learners are shuffled with a seeded generator and placed on a circle; each submission is
reviewed by the learners k distinct (seeded) steps further round the circle. Every step is between
1 and n−1, so nobody reviews their own work; k distinct steps give k distinct reviewers; and since
each step is a rotation of the circle, every learner reviews exactly k submissions. The result
depends only on the set of learners, k and the seed, never on the order they are given in.
"""

from __future__ import annotations

import random

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.peer.answers import reviewable_students
from dxquest.peer.store import PeerAssignment, save_assignment


class AssignmentError(ValueError):
    """The cohort cannot be assigned as asked (the message says why)."""


def _rng(seed: int, purpose: str) -> random.Random:
    # A string seed is hashed with SHA-512 by CPython: stable across runs and platforms.
    return random.Random(f"dxquest-peer:{purpose}:{seed}")


def assign_reviewers(students: list[str], k: int = 3, seed: int = 0) -> dict[str, tuple[str, ...]]:
    """Reviewers of each student's submission, ``{author: (reviewer, …)}``, k each, sorted."""
    circle = sorted(set(students))
    n = len(circle)
    if k < 1:
        raise AssignmentError(f"k must be at least 1, got {k}")
    if n <= k:
        raise AssignmentError(
            f"{n} submissions cannot each get {k} reviewers other than their author: "
            f"lower k to {max(n - 1, 0)} or wait for more submissions"
        )
    rng = _rng(seed, "circle")
    rng.shuffle(circle)
    steps = sorted(rng.sample(range(1, n), k))
    return {
        author: tuple(sorted(circle[(i + step) % n] for step in steps))
        for i, author in enumerate(circle)
    }


def make_aliases(students: list[str], seed: int = 0) -> dict[str, str]:
    """An anonymous alias per student (``P-`` and six hex digits), unique, fixed by the seed."""
    rng = _rng(seed, "alias")
    aliases: dict[str, str] = {}
    taken: set[str] = set()
    for student in sorted(set(students)):
        alias = f"P-{rng.getrandbits(24):06X}"
        while alias in taken:
            alias = f"P-{rng.getrandbits(24):06X}"
        taken.add(alias)
        aliases[student] = alias
    return aliases


def assign_round(
    case: CaseInfo, *, lang: str = "ja", db_url: str | None = None, k: int = 3, seed: int = 0
) -> PeerAssignment:
    """Start (or restart) a case's review round: aliases and reviewers into the gradebook.

    The authors, who are also the reviewers, are the learners whose graded submission has notebooks
    (see :func:`dxquest.peer.answers.reviewable_students`). Restarting discards the reviews
    imported for the previous round.
    """
    db_url = paths.gradebook_url(lang, db_url)
    students = reviewable_students(case.id, lang, db_url)
    assignment = PeerAssignment(
        case_id=case.id,
        seed=seed,
        k=k,
        aliases=make_aliases(students, seed),
        reviewers=assign_reviewers(students, k, seed),
    )
    save_assignment(db_url, assignment)
    return assignment
