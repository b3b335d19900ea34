"""Who completed a case: every notebook submitted and (autograded + peer score) / max ≥ pass mark.

Read from the nbgrader gradebook only (per-cell scores by the rule
:func:`dxquest.feedback.report_from_gradebook` uses), so the decision is what the gradebook holds,
never what a process remembers.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxquest.caseinfo import CaseInfo
from dxquest.cohort.scores import cohort_scores

COMPLETED = "completed"
BELOW_PASS_MARK = "below_pass_mark"
NOT_SUBMITTED = "not_submitted"
AWAITING_REVIEW = "awaiting_review"


@dataclass(frozen=True)
class Completion:
    student: str
    status: str  # one of the four constants above
    score: float  # autograded + peer-reviewed points (a missing peer grade adds nothing)
    max_score: float
    missing_notebooks: tuple[str, ...]
    email: str | None  # from nbgrader's student table, used as the badge recipient when set

    @property
    def score_share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED


def case_completions(
    db_url: str, case: CaseInfo, *, reviews_complete: bool = True
) -> list[Completion]:
    """The completion of every student with a submission of ``case``, sorted by student id.

    With ``reviews_complete=False`` a learner below the pass mark whose free-text cells still wait
    for a peer grade is ``awaiting_review`` (the missing points may still lift them over it); with
    ``True`` a missing peer grade counts 0. A submission the cohort batch could not run at all
    scores 0 everywhere, so it cannot complete either way.
    """
    out = []
    for student, cells in cohort_scores(db_url, case.id).groupby("student", sort=True):
        score = float(cells["score"].fillna(0.0).sum())
        max_score = float(cells["max_score"].sum())
        share = score / max_score if max_score else 0.0
        waiting = bool(cells["score"].isna().any())
        missing = tuple(sorted(cells.loc[cells["missing_notebook"], "notebook"].unique()))
        if missing:
            status = NOT_SUBMITTED
        # 18/30 must meet a 0.6 pass mark despite rounding
        elif share >= case.completion.pass_mark - 1e-9:
            status = COMPLETED
        elif waiting and not reviews_complete:
            status = AWAITING_REVIEW
        else:
            status = BELOW_PASS_MARK
        email = cells["email"].iloc[0]  # NaN (pandas' missing string) when nbgrader has none
        email = email if isinstance(email, str) and email else None
        out.append(Completion(str(student), status, score, max_score, missing, email))
    return out
