"""The small cohort every badge test issues to: learners at, below and above the pass mark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.gradebooks import copy_gradebook, scores_totalling, submit

from dxquest.badges import BadgeResult, issue_badges

CASE_ID = "demand_forecast"
BASE = "https://badges.example.org/cohort-2026"


def issue_cohort(
    root: Path, case, cells, template
) -> tuple[dict[str, BadgeResult], Path, str, float]:
    """Badges of four learners issued under ``root`` (layout in ``hosted/``, signing key in
    ``private/``): at_mark and full (with an e-mail, stored in mixed case) complete, just_below
    misses the pass mark by 0.1 point, no_pitch has full marks but a notebook missing. Returns
    the results by student, ``root``, the gradebook URL and the case's maximum score."""
    url = copy_gradebook(template, root / "gradebook.db")
    max_score = sum(c.points for c in cells)
    at_mark = case.completion.pass_mark * max_score
    submit(url, CASE_ID, "at_mark", scores_totalling(at_mark, cells), cells)
    submit(url, CASE_ID, "just_below", scores_totalling(at_mark - 0.1, cells), cells)
    submit(
        url, CASE_ID, "full", scores_totalling(max_score, cells), cells, email=" Full@Example.org"
    )
    submit(url, CASE_ID, "no_pitch", scores_totalling(max_score, cells), cells,
           missing=("04_executive_pitch",))  # fmt: skip
    results = issue_badges(
        case,
        db_url=url,
        out_dir=root / "hosted",
        issued_on=dt.date(2026, 11, 23),
        base_url=BASE,
        signing_key=root / "private" / "issuer-key.pem",
    )
    return {r.student: r for r in results}, root, url, max_score
