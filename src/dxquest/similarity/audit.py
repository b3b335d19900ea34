"""``dxquest audit-grades``: the graded attacks on grades, and the ones the similarity review
answers. A learner who submits the kit's reference solution earns its points, since the grader
cannot tell a paste from work, so the review must flag them against the reference for an
operator's decision (completion waits on it), as it is or renamed and edited, and must not flag the
honest learners beside them."""

from __future__ import annotations

from dxquest.sandbox_audit import CASE_ID, GRADE_ATTACKS, AuditResult, Row, run_audit
from dxquest.similarity.bench import planted_cohort
from dxquest.similarity.index import REFERENCE

PASTES = {
    "reference": "reference_solution_pasted",
    "reference-edited": "reference_solution_pasted_renamed_and_edited",
}
"""Planted copy kind → its row."""
HONEST_ROW = "honest_learners_beside_the_pastes"
COHORT = 70
"""Learners of the planted cohort: a tenth copy, one of each kind, the others answer honestly."""


def paste_rows(case_id: str = CASE_ID, seed: int = 0) -> list[Row]:
    """Whether the review flags each reference paste of a planted cohort, and no honest learner."""
    cohort, review_of = planted_cohort(case_id, n=COHORT, seed=seed)
    flagged = {frozenset((p.student, p.other)) for p in review_of(None).flagged}
    rows = []
    for copier, kind in sorted(cohort.kinds.items()):
        if kind in PASTES:
            caught = frozenset((copier, REFERENCE)) in flagged
            rows.append(
                Row(
                    PASTES[kind],
                    "flagged against the reference solution for an operator's review",
                    "flagged" if caught else "NOT flagged",
                    caught,
                )
            )
    honest = set(cohort.answers) - set(cohort.copies)
    wrongly = sorted({s for pair in flagged for s in pair if s in honest and REFERENCE in pair})
    rows.append(
        Row(
            HONEST_ROW,
            f"none of the {len(honest)} honest learners flagged against the reference",
            f"{len(wrongly)} flagged" + (f": {', '.join(wrongly)}" if wrongly else ""),
            not wrongly,
        )
    )
    return rows


def audit_grades(names: list[str] | None = None) -> AuditResult:
    """Grade the attacks of :data:`GRADE_ATTACKS` (or those in ``names``) and add the similarity
    review's rows (those in ``names``)."""
    graded = run_audit(names=names, corpus=GRADE_ATTACKS)
    reviewed = [r for r in paste_rows() if names is None or r.case in names]
    rows = graded.rows + reviewed
    return AuditResult(
        total=len(rows),
        handled=sum(r.ok for r in rows),
        isolation=graded.isolation,
        rows=rows,
    )
