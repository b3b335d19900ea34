"""Are the public answers the values the checks accept, and does a case's text-only figure list
join them without any wiring outside the case?"""

import pytest

from dxquest.caseinfo import get_case
from dxquest.exercise import Incorrect
from dxquest.pipeline import build_data
from dxquest.public_answers import public_answers

CASE = "demand_forecast"
ONE_INPUT_NUMBERS = ("annual_waste_cost", "lost_margin", "ordering_hours")


@pytest.fixture(scope="module")
def answers(build_dir):
    build_data(get_case(CASE))
    return public_answers(CASE)


def test_each_answer_passes_its_public_check_and_a_near_miss_does_not(answers):
    from dxquest.cases.demand_forecast import exercises

    for name in ONE_INPUT_NUMBERS:
        (value,) = answers[name]
        getattr(exercises, name).grade(lambda *_, value=value: value)
        with pytest.raises(Incorrect):
            getattr(exercises, name).grade(lambda *_, value=value: value * 1.01)


def test_the_case_adds_the_figures_no_question_returns(answers):
    assert answers["annual_loss_yen"] == [
        pytest.approx(answers["annual_waste_cost"][0] + answers["lost_margin"][0])
    ]
    ratios = answers["critical_ratio_per_item"]
    assert len(ratios) == 40 and all(r < 1 for r in ratios)


def test_a_models_question_has_no_single_answer(answers):
    assert "forecast_skill_pass" not in answers


def test_a_public_answer_recovered_from_its_digest_earns_nothing(answers):
    """The self-check's digest can be searched bin by bin, as the grade audit's attack does: the
    recovered value passes the public check, and the grader's hidden check still fails it."""
    import json
    import math

    from dxquest import paths
    from dxquest.answers import _hash
    from dxquest.cases.demand_forecast import exercises
    from dxquest.marking import judge_answer

    checks = json.loads((paths.data_dir(CASE) / "public_checks.json").read_text())
    digest = set(checks["questions"]["annual_waste_cost"][0])
    width = exercises.annual_waste_cost.kind.rel / 4
    index = next(i for i in range(400_000) if _hash(checks["salt"], "n", f"+{i}") in digest)
    recovered = math.exp((index + 0.5) * math.log1p(width))
    assert recovered == pytest.approx(answers["annual_waste_cost"][0], rel=0.001)

    exercises.annual_waste_cost.grade(lambda *_: recovered)
    assert not judge_answer(CASE, "annual_waste_cost", lambda *_: recovered).passed
