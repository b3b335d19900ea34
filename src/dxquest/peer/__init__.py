"""Peer review of the free-text cells, which no machine grades (受講生同士の学び合い).

A round goes: ``assign_round`` (k anonymous peers per submission, stored in the gradebook) →
``export_round`` (an HTML packet per submission, a CSV form per reviewer) → ``import_reviews``
(filled-in forms checked and stored) → ``aggregate_round`` (median per criterion as nbgrader's
manual grades, reviewer flags, feedback rewritten). One module per step; ``assign`` and
``aggregate`` hold the pure rules, ``store`` the gradebook tables.
"""

from dxquest.peer.aggregate import CellPeerScore, ReviewerFlag
from dxquest.peer.assign import AssignmentError, assign_reviewers, assign_round, make_aliases
from dxquest.peer.export import ExportResult, export_round
from dxquest.peer.grades import AggregateResult, aggregate_round
from dxquest.peer.importing import ImportResult, import_reviews
from dxquest.peer.store import NoRound, PeerAssignment, Review

__all__ = [
    "AggregateResult",
    "AssignmentError",
    "CellPeerScore",
    "ExportResult",
    "ImportResult",
    "NoRound",
    "PeerAssignment",
    "Review",
    "ReviewerFlag",
    "aggregate_round",
    "assign_reviewers",
    "assign_round",
    "export_round",
    "import_reviews",
    "make_aliases",
]
