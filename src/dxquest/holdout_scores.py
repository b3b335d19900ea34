"""Scores of a case's AI task on its hidden holdout: the entries of the cohort leaderboard.

The rows of the hidden holdout (:mod:`dxquest.holdouts`) are split once, by a hash of the
cohort secret and each row's key, into a public part (about 30 %, shown during the cohort) and a
private part (the rest, deciding the final). The split needs no stored state, does not depend on
row order or on who submits, and no learner can compute it without the secret.

Every submission is scored on both parts when it arrives and stored in the gradebook database
(table ``dxquest_leaderboard_submissions``, SQLite or PostgreSQL by URL), so the board is what the
database holds; :mod:`dxquest.leaderboard` ranks what is stored here.

Entries arrive from grading: the hidden check of the AI task returns its per-row predictions from
the sandboxed kernel (:mod:`dxquest.holdout_predictions`) and :func:`record_returned_predictions`
scores them here, outside the sandbox. The same predictions of the same learner are one
submission, however often they are graded again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, insert, select

from dxquest.holdout_predictions import keys_sha256
from dxquest.holdouts import Holdout, cached_holdout, case_metric, has_holdout
from dxquest.secret import cohort_secret
from dxquest.skill import normalised_skill

log = logging.getLogger(__name__)

PUBLIC_SHARE = 0.3
"""Share of the hidden holdout's rows on the public board (Kaggle's usual 20-30 %)."""

_META = MetaData()
SUBMISSIONS = Table(
    "dxquest_leaderboard_submissions",
    _META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(128), nullable=False, index=True),
    Column("student_id", String(128), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("public_score", Float, nullable=False),
    Column("public_skill", Float, nullable=False),
    Column("private_score", Float, nullable=False),
    Column("private_skill", Float, nullable=False),
    Column("split_digest", String(64), nullable=False),
    # Identical predictions of one learner are one submission (a regrade adds nothing).
    Column("predictions_sha256", String(64), nullable=False),
)


class LeaderboardError(ValueError):
    """Predictions that cannot be scored (the message says what to fix)."""


def public_rows(case_id: str, keys: np.ndarray, share: float = PUBLIC_SHARE) -> np.ndarray:
    """``True`` for the rows of ``keys`` on the public board, from the cohort secret.

    Each row's side depends on its key alone: SHA-256 of secret, case and key, read as a number in
    [0, 1), is public below ``share``.
    """
    secret = cohort_secret()

    def draw(key: str) -> float:
        digest = hashlib.sha256(f"{secret}|{case_id}|leaderboard|{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    return np.fromiter((draw(str(k)) < share for k in keys), dtype=bool, count=len(keys))


def split_digest(case_id: str, keys: np.ndarray, public: np.ndarray) -> str:
    """A fingerprint of the split: scores from different holdouts or splits are never mixed."""
    text = "\n".join(f"{k}\t{int(p)}" for k, p in zip(keys, public, strict=True))
    return hashlib.sha256(f"{case_id}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class Scored:
    public_score: float
    public_skill: float
    private_score: float
    private_skill: float


def score_predictions(holdout: Holdout, predictions, public: np.ndarray) -> Scored:
    """The case's metric and normalised skill of ``predictions`` on each part of the holdout."""
    values = np.asarray(predictions, dtype=float).reshape(-1)
    if values.shape != holdout.keys.shape:
        raise LeaderboardError(
            f"expected {holdout.keys.size} predictions (one per holdout row), got {values.size}"
        )
    if not np.isfinite(values).all():
        raise LeaderboardError("predictions contain NaN or infinite values")
    metric = case_metric(holdout.case)
    out = {}
    for part, rows in (("public", public), ("private", ~public)):
        learner = metric(holdout.actual[rows], values[rows])
        baseline = metric(holdout.actual[rows], holdout.baseline[rows])
        oracle = metric(holdout.actual[rows], holdout.oracle[rows])
        out[f"{part}_score"] = learner
        out[f"{part}_skill"] = normalised_skill(learner, baseline, oracle)
    return Scored(**out)


def _gradebook(db_url: str):
    from dxquest.course import open_gradebook

    # The gradebook's own engine: the same URL handling (SQLite, PostgreSQL) as the ledger's.
    gb = open_gradebook(db_url)
    _META.create_all(gb.engine)
    return gb


def record_submission(
    db_url: str,
    holdout: Holdout,
    student: str,
    predictions,
    *,
    submitted_at: dt.datetime | None = None,
) -> Scored:
    """Score ``predictions`` (one per holdout row, in the holdout's order) on both parts and store
    them as a submission of ``student``, unless that learner already submitted the same ones."""
    public = public_rows(holdout.case, holdout.keys)
    scored = score_predictions(holdout, predictions, public)
    row = {
        "case_id": holdout.case,
        "student_id": student,
        "split_digest": split_digest(holdout.case, holdout.keys, public),
        "predictions_sha256": predictions_sha256(predictions),
    }
    with _gradebook(db_url) as gb:
        insert_submission(gb.db, {**row, **asdict(scored)}, submitted_at)
        gb.db.commit()
    return scored


def predictions_sha256(predictions) -> str:
    return hashlib.sha256(np.asarray(predictions, dtype="<f8").reshape(-1).tobytes()).hexdigest()


def insert_submission(db, row: dict, submitted_at: dt.datetime | None = None) -> bool:
    """Insert ``row`` (a :data:`SUBMISSIONS` row without ``id``) in ``db``'s open transaction;
    ``False`` when the learner already has a submission with the same predictions and split."""
    same = ("case_id", "student_id", "split_digest", "predictions_sha256")
    found = db.execute(
        select(SUBMISSIONS.c.id).where(*(SUBMISSIONS.c[name] == row[name] for name in same))
    ).first()
    if found is not None:
        return False
    when = submitted_at or row.get("submitted_at") or dt.datetime.now(dt.UTC)
    db.execute(insert(SUBMISSIONS).values({**row, "submitted_at": when}))
    return True


def student_submissions(db_url: str, case_id: str, student: str) -> list[dict]:
    """The leaderboard rows of ``student`` in ``case_id`` (without ``id``), as plain data."""
    with _gradebook(db_url) as gb:
        rows = gb.db.execute(
            select(SUBMISSIONS).where(
                SUBMISSIONS.c.case_id == case_id, SUBMISSIONS.c.student_id == student
            )
        ).all()
    return [{k: v for k, v in row._asdict().items() if k != "id"} for row in rows]


def record_returned_predictions(
    db_url: str, case_id: str, student: str, bundle: object
) -> Scored | None:
    """Score and store the predictions a hidden test cell returned while grading ``student``.

    The bundle came out of the sandbox, so nothing in it is trusted: a wrong case, rows other than
    the holdout's or unusable values are logged and ignored (grading goes on); ``None`` then."""
    if not (
        isinstance(bundle, dict)
        and bundle.get("case") == case_id
        and has_holdout(case_id)
        and isinstance(bundle.get("predictions"), list)
    ):
        log.warning("%s/%s: ignored malformed leaderboard predictions", case_id, student)
        return None
    holdout = cached_holdout(case_id)
    predictions = bundle["predictions"]
    if bundle.get("keys_sha256") != keys_sha256(holdout.keys) or len(predictions) != len(
        holdout.keys
    ):
        log.warning(
            "%s/%s: ignored leaderboard predictions for other rows than the holdout's (%d values)",
            case_id,
            student,
            len(predictions),
        )
        return None
    try:
        return record_submission(db_url, holdout, student, predictions)
    except (LeaderboardError, TypeError, ValueError) as error:
        log.warning("%s/%s: ignored leaderboard predictions: %s", case_id, student, error)
        return None


def predictions_from_csv(holdout: Holdout, path: Path) -> np.ndarray:
    """Predictions from a CSV with columns ``key`` and ``prediction``, in the holdout's order."""
    table = pd.read_csv(path, dtype={"key": str})
    if not {"key", "prediction"} <= set(table.columns):
        raise LeaderboardError(f"{path.name}: needs the columns key and prediction")
    if table["key"].duplicated().any():
        raise LeaderboardError(f"{path.name}: a key appears more than once")
    by_key = table.set_index("key")["prediction"]
    missing = pd.Index(holdout.keys).difference(by_key.index)
    if len(missing):
        raise LeaderboardError(f"{path.name}: {len(missing)} holdout rows have no prediction")
    return by_key.loc[holdout.keys].to_numpy(dtype=float)


def case_submissions(db_url: str, case_id: str) -> pd.DataFrame:
    """Every stored submission of ``case_id``: one row each, the table's columns."""
    with _gradebook(db_url) as gb:
        rows = gb.db.execute(select(SUBMISSIONS).where(SUBMISSIONS.c.case_id == case_id)).all()
    return pd.DataFrame(rows, columns=[c.name for c in SUBMISSIONS.columns])
