"""The small cohort every badge test issues to: learners at, below and above the pass mark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.gradebooks import copy_gradebook, scores_totalling, submit

from dxquest.badges import BadgeResult, issue_badges
from dxquest.similarity.review import review_answers
from dxquest.similarity.standing import record_review, review_record_path

CASE_ID = "demand_forecast"
BASE = "https://badges.example.org/cohort-2026"


def gate_cells(case) -> tuple[str, ...]:
    """The grade ids of the case's skill and pitch gates."""
    return (*case.completion.skill_cells, case.completion.pitch_cell)


def record_clean_review(case_id: str, students: list[str], lang: str = "ja") -> None:
    """A similarity review of ``students`` that flagged none, recorded where completion reads it
    (the session's build folder)."""
    review = review_answers(case_id, {student: {} for student in students}, {}, [])
    record_review(review, review_record_path(case_id, lang))


def issue_cohort(
    root: Path, case, cells, template
) -> tuple[dict[str, BadgeResult], Path, str, float]:
    """Badges of four learners issued under ``root`` (layout in ``hosted/``, signing key in
    ``private/``), every gate but the total met unless said: at_mark and full (with an e-mail,
    stored in mixed case) complete, just_below misses the pass mark by 0.1 point, no_pitch has
    full marks but a notebook missing. Returns the results by student, ``root``, the gradebook URL
    and the case's maximum score (the points the pass mark counts)."""
    url = copy_gradebook(template, root / "gradebook.db")
    # The pass mark counts no optional stretch task's points: the learners around it skip the task.
    counted = [c for c in cells if c.grade_id not in case.completion.stretch_cells]
    skipped = dict.fromkeys(case.completion.stretch_cells, 0.0)
    max_score = sum(c.points for c in counted)
    at_mark = case.completion.pass_mark * max_score
    gates = gate_cells(case)

    def around_the_mark(total: float) -> dict[str, float]:
        return {**scores_totalling(total, counted, first=gates), **skipped}

    full = scores_totalling(sum(c.points for c in cells), cells)
    submit(url, CASE_ID, "at_mark", around_the_mark(at_mark), cells)
    submit(url, CASE_ID, "just_below", around_the_mark(at_mark - 0.1), cells)
    submit(url, CASE_ID, "full", full, cells, email=" Full@Example.org")
    submit(url, CASE_ID, "no_pitch", full, cells, missing=("04_executive_pitch",))
    record_clean_review(CASE_ID, ["at_mark", "just_below", "full", "no_pitch"])
    results = issue_badges(
        case,
        db_url=url,
        out_dir=root / "hosted",
        issued_on=dt.date(2026, 11, 23),
        base_url=BASE,
        signing_key=root / "private" / "issuer-key.pem",
    )
    return {r.student: r for r in results}, root, url, max_score
