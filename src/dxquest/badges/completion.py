"""Who completed a case: every gate holds, not only enough points.

The gates, in the order they are reported (:data:`dxquest.caseinfo.GATES`):

- ``all_notebooks``: every notebook submitted;
- ``hidden_skill``: every skill-gate test cell of ``case.toml`` at full marks: such a cell passes
  only when the learner's AI reaches the pass band on the hidden holdout;
- ``pitch``: the peer-reviewed pitch at its pass level (a share of its points);
- ``pass_mark``: (autograded + peer-reviewed points) / max ≥ the case's pass mark, over every
  cell but the optional stretch task's (``merit_cells``, ``distinction_cells``);
- ``similarity``: no copy confirmed by the similarity review. A flag still awaiting the
  operators' decision, or a learner the review has not read, waits: a flag is not a verdict.

Scores are read from the nbgrader gradebook only (per cell, by the rule
:func:`dxquest.feedback.report_from_gradebook` uses), so the decision is what the gradebook holds,
never what a process remembers.

A learner who completes is recorded with a band: ``distinction`` when every stretch cell holds
full marks, ``merit`` when every merit cell does, ``pass`` otherwise (the bands of
:data:`dxquest.skill.SKILL_BANDS`: those cells pass only at that skill on the hidden holdout).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dxquest.caseinfo import (
    ALL_NOTEBOOKS,
    GATES,
    HIDDEN_SKILL,
    PASS_MARK,
    PITCH,
    SIMILARITY,
    CaseInfo,
    CompletionGates,
)
from dxquest.cohort.scores import cohort_scores
from dxquest.similarity.decisions import CONFIRMED
from dxquest.similarity.standing import PENDING, SimilarityStanding
from dxquest.skill import DISTINCTION, MERIT, PASS

COMPLETED = "completed"
NOT_COMPLETED = "not_completed"  # a gate fails, whatever is still to come
AWAITING_REVIEW = "awaiting_review"  # missing peer grades may still meet the failing gates
AWAITING_SIMILARITY_REVIEW = "awaiting_similarity_review"  # only the operators' decision is left

# Where a gate stands for one learner.
_HOLDS, _WAITS, _FAILS = "holds", "waits", "fails"
_ROUNDING = 1e-9  # 18/30 must meet a 0.6 pass mark despite floating point


@dataclass(frozen=True)
class Completion:
    student: str
    status: str  # one of the four constants above
    # Autograded + peer-reviewed points (a missing peer grade adds nothing) and their maximum,
    # both without the stretch cells: the points the pass mark is a share of.
    score: float
    max_score: float
    missing_notebooks: tuple[str, ...]
    email: str | None  # from nbgrader's student table, used as the badge recipient when set
    missing_gates: tuple[str, ...]  # gates that do not hold (yet), in the order of GATES
    similarity: str  # the learner's standing in the similarity review
    band: str | None  # pass, merit or distinction once completed; None before

    @property
    def score_share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED


def _reaches(points: float, possible: float, level: float) -> bool:
    return possible > 0 and points / possible >= level - _ROUNDING


def _full_marks(cells: pd.DataFrame, grade_ids: tuple[str, ...]) -> bool:
    """Every cell of ``grade_ids`` is in ``cells`` at full marks: a gradebook without one of them
    cannot prove what they test."""
    named = cells["grade_id"].isin(grade_ids)
    earned = cells.loc[named, "score"].fillna(0.0)
    return set(cells.loc[named, "grade_id"]) == set(grade_ids) and bool(
        (earned >= cells.loc[named, "max_score"] - _ROUNDING).all()
    )


def _band(cells: pd.DataFrame, gates: CompletionGates) -> str:
    """The band a completing learner's stretch cells record."""
    if not gates.merit_cells or not _full_marks(cells, gates.merit_cells):
        return PASS
    if gates.distinction_cells and _full_marks(cells, gates.distinction_cells):
        return DISTINCTION
    return MERIT


def _gate_states(
    cells: pd.DataFrame, gates: CompletionGates, similarity: str, *, reviews_complete: bool
) -> dict[str, str]:
    """Where each gate stands for the learner whose graded cells are ``cells`` (the stretch cells
    left out)."""
    earned = cells["score"].fillna(0.0)
    # A peer grade not given yet may still come, unless the reviews are complete (it counts 0).
    waiting = cells["max_score"].where(cells["score"].isna() & (not reviews_complete), 0.0)

    def share_gate(rows: pd.Series | slice, level: float) -> str:
        possible = cells.loc[rows, "max_score"].sum()
        if _reaches(earned[rows].sum(), possible, level):
            return _HOLDS
        if _reaches(earned[rows].sum() + waiting[rows].sum(), possible, level):
            return _WAITS
        return _FAILS

    return {
        ALL_NOTEBOOKS: _FAILS if cells["missing_notebook"].any() else _HOLDS,
        HIDDEN_SKILL: _HOLDS if _full_marks(cells, gates.skill_cells) else _FAILS,
        PITCH: share_gate(cells["grade_id"] == gates.pitch_cell, gates.pitch_pass),
        PASS_MARK: share_gate(slice(None), gates.pass_mark),  # every cell but the stretch's
        SIMILARITY: _similarity_gate(similarity),
    }


def _similarity_gate(standing: str) -> str:
    """A confirmed copy fails; a flag not yet decided, or no review yet, waits: not a verdict."""
    if standing == CONFIRMED:
        return _FAILS
    return _WAITS if standing in PENDING else _HOLDS


def _status(states: dict[str, str]) -> str:
    waiting = {gate for gate, state in states.items() if state == _WAITS}
    if _FAILS in states.values():
        return NOT_COMPLETED
    if waiting - {SIMILARITY}:
        return AWAITING_REVIEW
    return AWAITING_SIMILARITY_REVIEW if waiting else COMPLETED


def case_completions(
    db_url: str,
    case: CaseInfo,
    *,
    similarity: SimilarityStanding,
    reviews_complete: bool = True,
) -> list[Completion]:
    """The completion of every student with a submission of ``case``, sorted by student id.

    ``similarity``: where each learner stands in the similarity review. With
    ``reviews_complete=False`` a missing peer grade may still come: a learner whose failing gates
    it could still meet is ``awaiting_review``; with ``True`` it counts 0. A submission the cohort
    batch could not run at all scores 0 everywhere, so it cannot complete either way.
    """
    out = []
    for student, every_cell in cohort_scores(db_url, case.id).groupby("student", sort=True):
        standing = similarity.of(str(student))
        cells = every_cell[~every_cell["grade_id"].isin(case.completion.stretch_cells)]
        states = _gate_states(cells, case.completion, standing, reviews_complete=reviews_complete)
        status = _status(states)
        email = cells["email"].iloc[0]  # NaN (pandas' missing string) when nbgrader has none
        out.append(
            Completion(
                student=str(student),
                status=status,
                score=float(cells["score"].fillna(0.0).sum()),
                max_score=float(cells["max_score"].sum()),
                missing_notebooks=tuple(
                    sorted(cells.loc[cells["missing_notebook"], "notebook"].unique())
                ),
                email=email if isinstance(email, str) and email else None,
                missing_gates=tuple(gate for gate in GATES if states[gate] != _HOLDS),
                similarity=standing,
                band=_band(every_cell, case.completion) if status == COMPLETED else None,
            )
        )
    return out
