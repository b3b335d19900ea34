"""Peer scores into the gradebook: nbgrader's manual grades, its feedback and the learners' scores.

Each reviewed free-text cell's peer score becomes nbgrader's ``manual_score`` of that cell, with a
comment giving the median per criterion, so nbgrader's totals, ``generate_feedback`` and
:mod:`dxquest.feedback` all include it. Feedback HTML and ``score.json`` are written again for
every learner whose grades changed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cohort.gradebook import read_ledger
from dxquest.feedback import write_feedback
from dxquest.i18n import Msg
from dxquest.peer.aggregate import (
    OUTLIER_THRESHOLD,
    CellPeerScore,
    ReviewerFlag,
    flag_reviewers,
    peer_scores,
    trusted_reviews,
)
from dxquest.peer.store import load_reviews, require_assignment
from dxquest.rubric import Rubric, load_rubric

PEER_COMMENT = Msg(
    "ピアレビュー（{n}名の中央値）：{items}",
    "Peer review (median of {n} reviewers): {items}",
)


@dataclass
class AggregateResult:
    case: str
    lang: str
    db_url: str
    scores: dict[str, dict[str, CellPeerScore]]
    flags: list[ReviewerFlag]
    unreviewed: list[str]  # submissions without any imported review: still waiting for a grade
    feedback: list[str] = field(default_factory=list)  # learners whose feedback was rewritten
    summary: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _comment(cell: CellPeerScore, rubric: Rubric, lang: str) -> str:
    question = rubric.question(cell.grade_id)
    items = ", ".join(
        f"{c.title.render(lang)} {cell.criteria[c.id]:g}/{c.max_points:g}"
        for c in question.criteria
    )
    return PEER_COMMENT.format(n=cell.reviewers, items=items).render(lang)


def write_manual_grades(
    db_url: str,
    case_id: str,
    scores: dict[str, dict[str, CellPeerScore]],
    rubric: Rubric,
    lang: str,
) -> None:
    """Each peer score as nbgrader's manual grade and comment of its cell, in one transaction."""
    from nbgrader.api import MissingEntry

    from dxquest.course import open_gradebook

    with open_gradebook(db_url) as gb:
        for author, cells in scores.items():
            for cell in cells.values():
                grade = gb.find_grade(cell.grade_id, cell.notebook, case_id, author)
                grade.manual_score = cell.score
                grade.needs_manual_grade = False
                try:
                    comment = gb.find_comment(cell.grade_id, cell.notebook, case_id, author)
                except MissingEntry:
                    continue  # a graded cell that is not an answer cell has no comment
                comment.manual_comment = _comment(cell, rubric, lang)
        gb.db.commit()


def _refresh_one(case: CaseInfo, student: str, lang: str, db_url: str, out_dir: Path, message: str):
    problems = [line for line in message.splitlines() if line]
    write_feedback(case, student, lang=lang, db_url=db_url, out_dir=out_dir, problems=problems)


def refresh_learner_outputs(
    case: CaseInfo,
    students: list[str],
    lang: str,
    db_url: str,
    out_dir: Path,
    workers: int | None = None,
) -> None:
    """Feedback HTML and ``score.json``/``score.csv`` again, from what the gradebook now holds,
    on ``workers`` processes (default: every core).

    nbgrader builds each learner's feedback HTML in about 0.7 s of CPU (measured on the demo
    cohort), some 25 minutes for 2,000 learners on one core; learners are independent and the
    gradebook is only read, so the work is spread over the cores (×1.6 on 2 cores)."""
    ledger = read_ledger(db_url, case.id)
    jobs = [(case, s, lang, db_url, out_dir, ledger[s].message) for s in students]
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for job in jobs:
            _refresh_one(*job)
        return
    # fork, not spawn: a spawned process spends seconds importing nbgrader, longer than a learner's
    # feedback takes; the parent holds no database connection here (each gradebook use closes its
    # engine), so the children share none.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for done in [pool.submit(_refresh_one, *job) for job in jobs]:
            done.result()  # a learner's failure is the operator's to see, as it was serially


def aggregate_round(
    case: CaseInfo,
    *,
    lang: str = "ja",
    db_url: str | None = None,
    out_dir: Path | None = None,
    threshold: float = OUTLIER_THRESHOLD,
    feedback: bool = True,
    workers: int | None = None,
) -> AggregateResult:
    """Median peer scores into the gradebook, flags for the operators, feedback rewritten (on
    ``workers`` processes, default every core).

    Outliers' reviews count only for submissions nobody else reviewed (see
    :mod:`dxquest.peer.aggregate`).

    Writes a summary (scores, flags, unreviewed submissions) to
    ``build/cohort/<lang>/<case>/peer/aggregate.json``. ``out_dir`` is where ``score.json`` files
    live (default ``build/grades``, as for ``dxquest cohort grade``).
    """
    db_url = paths.gradebook_url(lang, db_url)
    assignment = require_assignment(db_url, case.id)
    rubric = load_rubric(case)
    reviews = load_reviews(db_url, case.id)
    flags = flag_reviewers(assignment, reviews, rubric, threshold)
    scores = peer_scores(trusted_reviews(reviews, flags), rubric)
    write_manual_grades(db_url, case.id, scores, rubric, lang)
    result = AggregateResult(
        case=case.id,
        lang=lang,
        db_url=db_url,
        scores=scores,
        flags=flags,
        unreviewed=sorted(set(assignment.aliases) - set(scores)),
    )
    if feedback:
        result.feedback = sorted(scores)
        refresh_learner_outputs(
            case, result.feedback, lang, db_url, paths.grades_dir(out_dir), workers
        )
    summary = paths.cohort_dir(case.id, lang) / "peer" / "aggregate.json"
    summary.parent.mkdir(parents=True, exist_ok=True)
    result.summary = str(summary)
    summary.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return result
