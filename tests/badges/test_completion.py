"""Does completion mean competence: a working model, a passing pitch and no confirmed copy, not
only enough points? And does it name the gate a learner misses?"""

from __future__ import annotations

import pytest
from support.gradebooks import copy_gradebook, scores_totalling, submit

from dxquest.badges.completion import (
    AWAITING_REVIEW,
    AWAITING_SIMILARITY_REVIEW,
    COMPLETED,
    NOT_COMPLETED,
    case_completions,
)
from dxquest.similarity.decisions import CLEARED, CONFIRMED, FLAGGED
from dxquest.similarity.standing import NOT_FLAGGED, NOT_REVIEWED, SimilarityStanding

from .cohort import CASE_ID


@pytest.fixture(scope="module")
def full_marks(forecast_cells):
    return scores_totalling(sum(c.points for c in forecast_cells), forecast_cells)


@pytest.fixture(scope="module")
def completions(tmp_path_factory, forecast_case, forecast_cells, forecast_template, full_marks):
    """One learner per way of missing a gate, everything else at full marks, by student."""
    gates = forecast_case.completion
    url = copy_gradebook(template=forecast_template, path=tmp_path_factory.mktemp("gates") / "g.db")
    no_skill = {**full_marks, **dict.fromkeys(gates.skill_cells, 0.0)}
    one_skill = {**full_marks, gates.skill_cells[1]: 0.0}
    weak_pitch = {**full_marks, gates.pitch_cell: 2.0}  # 2 of 5 points: below 0.6
    pitch_at_level = {**full_marks, gates.pitch_cell: 3.0}  # exactly 0.6
    pitch_waiting = {**full_marks, gates.pitch_cell: None}
    learners = {
        "complete": full_marks,
        "no_skill": no_skill,
        "one_skill": one_skill,
        "weak_pitch": weak_pitch,
        "pitch_at_level": pitch_at_level,
        "pitch_waiting": pitch_waiting,
        "copier": full_marks,
        "flagged": full_marks,
        "cleared": full_marks,
        "late": full_marks,
    }
    for student, scores in learners.items():
        submit(url, CASE_ID, student, scores, forecast_cells)
    similarity = SimilarityStanding(
        reviewed=frozenset(learners) - {"late"},
        flags={"copier": CONFIRMED, "flagged": FLAGGED, "cleared": CLEARED},
    )
    completions = case_completions(url, forecast_case, similarity=similarity)
    pending = case_completions(url, forecast_case, similarity=similarity, reviews_complete=False)
    return {c.student: c for c in completions}, {c.student: c for c in pending}


def test_full_points_without_a_working_model_do_not_complete(completions, forecast_case):
    """The learner who submits everything with full points but the skill cells is over the pass
    mark, and still does not complete: the missing gate is named."""
    final, _ = completions
    no_skill = final["no_skill"]
    assert no_skill.score_share >= forecast_case.completion.pass_mark
    assert (no_skill.status, no_skill.missing_gates) == (NOT_COMPLETED, ("hidden_skill",))
    assert final["one_skill"].missing_gates == ("hidden_skill",)  # every skill cell counts


def test_the_pitch_needs_its_pass_level(completions):
    final, pending = completions
    assert (final["weak_pitch"].status, final["weak_pitch"].missing_gates) == (
        NOT_COMPLETED,
        ("pitch",),
    )
    assert final["pitch_at_level"].status == COMPLETED
    # Its peer grade may still come while reviews run; once they are closed it counts 0.
    assert (pending["pitch_waiting"].status, pending["pitch_waiting"].missing_gates) == (
        AWAITING_REVIEW,
        ("pitch",),
    )
    assert final["pitch_waiting"].status == NOT_COMPLETED


def test_a_confirmed_copy_blocks_and_an_open_flag_waits(completions):
    final, _ = completions
    assert {
        s: (final[s].status, final[s].missing_gates, final[s].similarity)
        for s in ("complete", "copier", "flagged", "cleared", "late")
    } == {  # fmt: skip
        "complete": (COMPLETED, (), NOT_FLAGGED),
        "copier": (NOT_COMPLETED, ("similarity",), CONFIRMED),
        # A flag is not a verdict: the learner waits for the operators' decision.
        "flagged": (AWAITING_SIMILARITY_REVIEW, ("similarity",), FLAGGED),
        "cleared": (COMPLETED, (), CLEARED),
        # Submitted after the review ran: nobody has looked yet.
        "late": (AWAITING_SIMILARITY_REVIEW, ("similarity",), NOT_REVIEWED),
    }
