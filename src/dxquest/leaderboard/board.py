"""The public and final boards: every learner's entry ranked, written as CSV and HTML.

A learner's entry is the submission with their best *public* skill (as Kaggle picks by default):
the private score never influences which submission counts. The public board shows public scores
only; the final board, written with ``final=True`` after the cohort, ranks by the private skill of
the same entries.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.holdout_scores import LeaderboardError, case_submissions


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
    case: CaseInfo,
    *,
    lang: str = "ja",
    db_url: str | None = None,
    out_dir: Path | None = None,
    final: bool = False,
) -> Leaderboard:
    """Rank every learner's entry (their best public submission) and write ``<case>_public`` or
    ``<case>_final`` ``.csv`` and ``.html`` to ``out_dir`` (default the case's cohort folder).
    Ranks are shared on equal skill."""
    case_id = case.id
    table = case_submissions(paths.gradebook_url(lang, db_url), case_id)
    out_dir = out_dir or paths.cohort_dir(case_id, lang)
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
    board = Leaderboard(
        case_id, final, case.metric, entries, stem.with_suffix(".csv"), stem.with_suffix(".html")
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
<p>改善到達度 = (ベースライン − あなた) / (ベースライン − 理論上の最善)。
1 は理論上の最善並み、0 は現状の業務並み。
skill = (baseline − yours) / (baseline − oracle): 1 matches the oracle, 0 today's practice.</p>
<table><thead><tr><th>順位 / rank</th><th>受講者 / learner</th><th>skill</th>
<th>{html.escape(board.metric)}</th><th>提出数 / submissions</th>
<th>最良提出の日時 / best submission at</th></tr></thead><tbody>{rows}</tbody></table>
</body></html>
"""
