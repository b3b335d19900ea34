"""Peer review in the cohort gradebook: three tables beside nbgrader's own and the ledger.

``dxquest_peer_author`` holds each reviewed submission's anonymous alias,
``dxquest_peer_assignment`` who reviews whom, ``dxquest_peer_review`` every imported score. They
are created with SQLAlchemy in the gradebook's own database, so SQLite and PostgreSQL work alike
and nothing lives only in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, insert, select

_META = MetaData()
AUTHORS = Table(
    "dxquest_peer_author",
    _META,
    Column("case_id", String(128), primary_key=True),
    Column("student_id", String(128), primary_key=True),
    Column("alias", String(32), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("k", Integer, nullable=False),
    Column("assigned_at", String(32), nullable=False),
)
ASSIGNMENTS = Table(
    "dxquest_peer_assignment",
    _META,
    Column("case_id", String(128), primary_key=True),
    Column("author_id", String(128), primary_key=True),
    Column("reviewer_id", String(128), primary_key=True),
)
REVIEWS = Table(
    "dxquest_peer_review",
    _META,
    Column("case_id", String(128), primary_key=True),
    Column("reviewer_id", String(128), primary_key=True),
    Column("author_id", String(128), primary_key=True),
    Column("grade_id", String(128), primary_key=True),
    Column("criterion_id", String(128), primary_key=True),
    Column("points", Float, nullable=False),
    Column("comment", Text),
    Column("imported_at", String(32), nullable=False),
)


@dataclass(frozen=True)
class PeerAssignment:
    """A case's stored review round: aliases and each submission's reviewers."""

    case_id: str
    seed: int
    k: int
    aliases: dict[str, str]  # author → alias
    reviewers: dict[str, tuple[str, ...]]  # author → reviewers

    def reviews_of(self, reviewer: str) -> list[str]:
        """Authors whose submissions ``reviewer`` reviews, by alias order."""
        return sorted(
            (a for a, rs in self.reviewers.items() if reviewer in rs), key=self.aliases.__getitem__
        )

    @property
    def all_reviewers(self) -> list[str]:
        return sorted({r for rs in self.reviewers.values() for r in rs})


@dataclass(frozen=True)
class Review:
    reviewer: str
    author: str
    grade_id: str
    criterion: str
    points: float
    comment: str = ""


def _gradebook(db_url: str):
    from dxquest.course import open_gradebook

    return open_gradebook(db_url)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def save_assignment(db_url: str, assignment: PeerAssignment) -> None:
    """Replace the case's round by ``assignment`` (its imported reviews go with the old round)."""
    case = assignment.case_id
    with _gradebook(db_url) as gb:
        _META.create_all(gb.engine)
        for table in (REVIEWS, ASSIGNMENTS):
            gb.db.execute(delete(table).where(table.c.case_id == case))
        gb.db.execute(delete(AUTHORS).where(AUTHORS.c.case_id == case))
        now = _now()
        for author, alias in assignment.aliases.items():
            gb.db.execute(
                insert(AUTHORS).values(
                    case_id=case,
                    student_id=author,
                    alias=alias,
                    seed=assignment.seed,
                    k=assignment.k,
                    assigned_at=now,
                )
            )
        for author, reviewers in assignment.reviewers.items():
            for reviewer in reviewers:
                gb.db.execute(
                    insert(ASSIGNMENTS).values(case_id=case, author_id=author, reviewer_id=reviewer)
                )
        gb.db.commit()


def load_assignment(db_url: str, case_id: str) -> PeerAssignment | None:
    with _gradebook(db_url) as gb:
        _META.create_all(gb.engine)
        authors = gb.db.execute(select(AUTHORS).where(AUTHORS.c.case_id == case_id)).all()
        pairs = gb.db.execute(select(ASSIGNMENTS).where(ASSIGNMENTS.c.case_id == case_id)).all()
    if not authors:
        return None
    reviewers: dict[str, list[str]] = {row.student_id: [] for row in authors}
    for row in pairs:
        reviewers[row.author_id].append(row.reviewer_id)
    return PeerAssignment(
        case_id=case_id,
        seed=authors[0].seed,
        k=authors[0].k,
        aliases={row.student_id: row.alias for row in authors},
        reviewers={author: tuple(sorted(rs)) for author, rs in reviewers.items()},
    )


def replace_reviews(db_url: str, case_id: str, reviewer: str, reviews: list[Review]) -> None:
    """Store one reviewer's whole form, replacing what an earlier import of it stored."""
    with _gradebook(db_url) as gb:
        _META.create_all(gb.engine)
        gb.db.execute(
            delete(REVIEWS).where(REVIEWS.c.case_id == case_id, REVIEWS.c.reviewer_id == reviewer)
        )
        now = _now()
        for r in reviews:
            gb.db.execute(
                insert(REVIEWS).values(
                    case_id=case_id,
                    reviewer_id=r.reviewer,
                    author_id=r.author,
                    grade_id=r.grade_id,
                    criterion_id=r.criterion,
                    points=r.points,
                    comment=r.comment,
                    imported_at=now,
                )
            )
        gb.db.commit()


def load_reviews(db_url: str, case_id: str) -> list[Review]:
    with _gradebook(db_url) as gb:
        _META.create_all(gb.engine)
        rows = gb.db.execute(select(REVIEWS).where(REVIEWS.c.case_id == case_id)).all()
    return [
        Review(r.reviewer_id, r.author_id, r.grade_id, r.criterion_id, r.points, r.comment or "")
        for r in rows
    ]


class NoRound(LookupError):
    """The case has no review round in this gradebook yet."""


def require_assignment(db_url: str, case_id: str) -> PeerAssignment:
    assignment = load_assignment(db_url, case_id)
    if assignment is None:
        raise NoRound(
            f"no peer-review round for {case_id} in this gradebook: "
            f"run `dxquest cohort peer assign {case_id}` first"
        )
    return assignment
