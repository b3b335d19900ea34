"""The cohort leaderboard of a case's AI task, run as a competition with a public/private split.

The rows of the hidden holdout (:mod:`dxquest.cohort.holdouts`) are split once, by a hash of the
cohort secret and each row's key, into a public part (about 30 %, shown during the cohort) and a
private part (the rest, deciding the final). The split needs no stored state, does not depend on
row order or on who submits, and no learner can compute it without the secret.

Every submission is scored on both parts when it arrives and stored in the gradebook database
(table ``dxquest_leaderboard_submissions``, SQLite or PostgreSQL by URL), so the board is what the
database holds. A learner's entry is the submission with their best *public* skill (as Kaggle picks
by default): the private score never influences which submission counts. The public board shows
public scores only; the final board, written with ``final=True`` after the cohort, ranks by the
private skill of the same entries.

Entries arrive from grading: the hidden check of the AI task returns its per-row predictions from
the sandboxed kernel (:mod:`dxquest.holdout_predictions`) and :func:`record_returned_predictions`
scores them here, outside the sandbox. The same predictions of the same learner are one
submission, however often they are graded again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, insert, select

from dxquest.caseinfo import get_case
from dxquest.cohort.holdouts import METRICS, Holdout, cached_holdout, has_holdout
from dxquest.holdout_predictions import keys_sha256
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
    metric = METRICS[holdout.metric]
    out = {}
    for part, rows in (("public", public), ("private", ~public)):
        learner = metric(holdout.actual[rows], values[rows])
        baseline = metric(holdout.actual[rows], holdout.baseline[rows])
        oracle = metric(holdout.actual[rows], holdout.oracle[rows])
        out[f"{part}_score"] = learner
        out[f"{part}_skill"] = normalised_skill(learner, baseline, oracle)
    return Scored(**out)


def _engine(db_url: str):
    from nbgrader.api import Gradebook

    # The gradebook's own engine: the same URL handling (SQLite, PostgreSQL) as the ledger's.
    gb = Gradebook(db_url)
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
    with _engine(db_url) as gb:
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
    with _engine(db_url) as gb:
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


@dataclass(frozen=True)
class Entry:
    rank: int
    student: str
    skill: float
    score: float
    submissions: int
    submitted_at: str


@dataclass(frozen=True)
class Leaderboard:
    case: str
    final: bool  # True: ranked by the private part (after the cohort)
    metric: str
    entries: list[Entry]
    csv_path: Path
    html_path: Path


def build_leaderboard(
    db_url: str, case_id: str, out_dir: Path, *, final: bool = False
) -> Leaderboard:
    """Rank every learner's entry (their best public submission) and write ``<case>_public`` or
    ``<case>_final`` ``.csv`` and ``.html`` to ``out_dir``. Ranks are shared on equal skill."""
    with _engine(db_url) as gb:
        rows = gb.db.execute(select(SUBMISSIONS).where(SUBMISSIONS.c.case_id == case_id)).all()
    table = pd.DataFrame(rows, columns=[c.name for c in SUBMISSIONS.columns])
    if table["split_digest"].nunique() > 1:
        raise LeaderboardError(
            f"{case_id}: submissions were scored on different holdouts (the cohort secret "
            "changed?); score them again on one holdout"
        )
    part = "private" if final else "public"
    entries = []
    if len(table):
        counts = table.groupby("student_id").size()
        best = (
            table.sort_values(["public_skill", "submitted_at"], ascending=[False, False])
            .drop_duplicates("student_id")
            .assign(rank=lambda t: t[f"{part}_skill"].rank(method="min", ascending=False))
            .sort_values(["rank", "student_id"])
        )
        entries = [
            Entry(
                rank=int(r["rank"]),
                student=r["student_id"],
                skill=float(r[f"{part}_skill"]),
                score=float(r[f"{part}_score"]),
                submissions=int(counts[r["student_id"]]),
                submitted_at=pd.Timestamp(r["submitted_at"]).isoformat(timespec="seconds"),
            )
            for _, r in best.iterrows()
        ]
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"{case_id}_{'final' if final else 'public'}"
    metric = get_case(case_id).metric
    board = Leaderboard(
        case_id, final, metric, entries, stem.with_suffix(".csv"), stem.with_suffix(".html")
    )
    pd.DataFrame([asdict(e) for e in entries], columns=list(Entry.__annotations__)).to_csv(
        board.csv_path, index=False
    )
    board.html_path.write_text(_html(board), encoding="utf-8")
    return board


def _html(board: Leaderboard) -> str:
    title = (
        "最終順位（非公開データ）/ Final standings (private part)"
        if board.final
        else "暫定順位（公開データ）/ Public leaderboard (public part)"
    )
    rows = "".join(
        f"<tr><td>{e.rank}</td><td>{html.escape(e.student)}</td><td>{e.skill:.3f}</td>"
        f"<td>{e.score:.4f}</td><td>{e.submissions}</td><td>{e.submitted_at}</td></tr>"
        for e in board.entries
    )
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{html.escape(board.case)} {title}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em}}</style></head><body>
<h1>{html.escape(board.case)}: {title}</h1>
<p>skill = (ベースライン − あなた) / (ベースライン − オラクル)。
1 はオラクル並み、0 は現状の業務並み。
skill = (baseline − yours) / (baseline − oracle): 1 matches the oracle, 0 today's practice.</p>
<table><thead><tr><th>順位 / rank</th><th>受講者 / learner</th><th>skill</th>
<th>{html.escape(board.metric)}</th><th>提出数 / submissions</th>
<th>最良提出の日時 / best submission at</th></tr></thead><tbody>{rows}</tbody></table>
</body></html>
"""
