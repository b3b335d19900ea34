"""Peer scores from imported reviews, and reviewers to look at: plain data in, plain data out.

Score: for each submission, free-text cell and criterion, the median of its reviewers' points (a
median, so one careless or hostile reviewer among three cannot move it); a cell's score is the sum
of its criteria's medians. A cell nobody reviewed has no score.

Flags:

* ``missing``: a reviewer who was assigned submissions and imported no form.
* ``outlier``: a reviewer whose points are far from the other reviewers'. For each item (submission,
  cell, criterion) that at least three reviewers scored, a reviewer's distance is
  ``|their points − the median of all the item's points| / the criterion's maximum points``; a
  reviewer is flagged when the mean distance over their items exceeds ``threshold`` (default 1/3:
  on the rubrics' 0/1 criteria, being outvoted on more than a third of the items). Items only two
  reviewers scored are left out: when two disagree nothing tells which one is off.

An outlier's reviews are left out of a submission's medians whenever someone else reviewed it too
(:func:`trusted_reviews`): with two reviewers, a median is their mean, and one careless reviewer
would otherwise move it by half their error. A missing reviewer changes nothing but the count.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from dxquest.peer.store import PeerAssignment, Review
from dxquest.rubric import Rubric

OUTLIER_THRESHOLD = 1 / 3
MIN_REVIEWERS_TO_COMPARE = 3


@dataclass(frozen=True)
class CellPeerScore:
    grade_id: str
    notebook: str
    score: float
    max_score: float
    reviewers: int
    criteria: dict[str, float]  # criterion id → median points


@dataclass(frozen=True)
class ReviewerFlag:
    reviewer: str
    reason: str  # "missing" or "outlier"
    deviation: float | None = None  # mean distance from the others (outliers)
    items: int = 0


def peer_scores(reviews: list[Review], rubric: Rubric) -> dict[str, dict[str, CellPeerScore]]:
    """``{author: {grade_id: CellPeerScore}}`` for every cell with at least one review."""
    points: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    reviewers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in reviews:
        points[(r.author, r.grade_id, r.criterion)].append(r.points)
        reviewers[(r.author, r.grade_id)].add(r.reviewer)
    scores: dict[str, dict[str, CellPeerScore]] = defaultdict(dict)
    for author, grade_id in sorted(reviewers):
        question = rubric.question(grade_id)
        medians = {
            c.id: float(statistics.median(points[(author, grade_id, c.id)]))
            for c in question.criteria
            if points[(author, grade_id, c.id)]
        }
        if len(medians) != len(question.criteria):
            continue  # a form is imported whole, so this means a rubric changed after the import
        scores[author][grade_id] = CellPeerScore(
            grade_id=grade_id,
            notebook=question.notebook,
            score=sum(medians.values()),
            max_score=question.points,
            reviewers=len(reviewers[(author, grade_id)]),
            criteria=medians,
        )
    return dict(scores)


def reviewer_deviations(reviews: list[Review], rubric: Rubric) -> dict[str, tuple[float, int]]:
    """``{reviewer: (mean distance from the items' medians, items compared)}``."""
    by_item: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for r in reviews:
        by_item[(r.author, r.grade_id, r.criterion)][r.reviewer] = r.points
    top = {(q.grade_id, c.id): c.max_points or 1.0 for q in rubric.questions for c in q.criteria}
    distances: dict[str, list[float]] = defaultdict(list)
    for (_, grade_id, criterion), given in by_item.items():
        if len(given) < MIN_REVIEWERS_TO_COMPARE:
            continue
        median = statistics.median(given.values())
        for reviewer, points in given.items():
            distances[reviewer].append(abs(points - median) / top[(grade_id, criterion)])
    return {r: (statistics.fmean(d), len(d)) for r, d in distances.items()}


def flag_reviewers(
    assignment: PeerAssignment,
    reviews: list[Review],
    rubric: Rubric,
    threshold: float = OUTLIER_THRESHOLD,
) -> list[ReviewerFlag]:
    """Reviewers who imported no form, then outliers (rule in the module docstring)."""
    reviewed = {r.reviewer for r in reviews}
    flags = [ReviewerFlag(r, "missing") for r in assignment.all_reviewers if r not in reviewed]
    for reviewer, (deviation, items) in sorted(reviewer_deviations(reviews, rubric).items()):
        if deviation > threshold:
            flags.append(ReviewerFlag(reviewer, "outlier", round(deviation, 3), items))
    return flags


def trusted_reviews(reviews: list[Review], flags: list[ReviewerFlag]) -> list[Review]:
    """``reviews`` without the outliers' reviews of submissions that others reviewed too."""
    outliers = {f.reviewer for f in flags if f.reason == "outlier"}
    reviewed_by_others = {r.author for r in reviews if r.reviewer not in outliers}
    return [r for r in reviews if r.reviewer not in outliers or r.author not in reviewed_by_others]
