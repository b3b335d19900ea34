"""A leaderboard entry from outside grading: a learner's predictions for the holdout, as a CSV."""

from __future__ import annotations

from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.grade import STUDENT_ID
from dxquest.holdout_scores import (
    LeaderboardError,
    Scored,
    predictions_from_csv,
    record_submission,
)
from dxquest.holdouts import case_holdout


def submit_csv(
    case: CaseInfo, student: str, predictions: Path, *, lang: str = "ja", db_url: str | None = None
) -> Scored:
    """Score ``student``'s ``predictions`` (CSV: key,prediction for every hidden-holdout row of
    ``case``) on both parts of the holdout and record them in the gradebook."""
    if not STUDENT_ID.match(student):
        raise LeaderboardError(f"student id {student!r}: letters, digits, '.', '_' or '-'")
    holdout = case_holdout(case.id)
    values = predictions_from_csv(holdout, predictions)
    return record_submission(paths.gradebook_url(lang, db_url), holdout, student, values)
