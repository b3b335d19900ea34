"""Are the public answers the values the checks accept: does each same-number question pass when
the learner returns exactly what ``public_answers`` says?"""

import importlib

import pytest

from dxquest.caseinfo import discover_cases, get_case
from dxquest.public_answers import public_answers

SAME_NUMBER_QUESTIONS = {
    "demand_forecast": ("annual_waste_cost", "lost_margin", "ordering_hours"),
    "effort_prediction": ("foreman_mae", "monthly_overtime_idle_hours", "monthly_loss_yen"),
    "defect_detection": ("monthly_inspection_hours", "monthly_as_is_cost"),
}


def test_every_case_of_the_kit_is_listed_here():
    assert set(SAME_NUMBER_QUESTIONS) == {case.id for case in discover_cases()}


@pytest.mark.parametrize(
    "case_id",
    [
        "demand_forecast",
        "effort_prediction",
        # its answers include the reference model's validation scores: a LightGBM fit
        pytest.param("defect_detection", marks=pytest.mark.slow),
    ],
)
def test_same_number_answers_pass_their_public_checks(case_id, build_dir):
    exercises = importlib.import_module(f"{get_case(case_id).python_module}.exercises")
    answers = public_answers(case_id)
    for name in SAME_NUMBER_QUESTIONS[case_id]:
        value = answers[name][0]
        getattr(exercises, name).grade(lambda *_, value=value: value)


def test_a_plausible_wrong_value_fails_the_same_check(build_dir):
    """The check above can fail: 1 % off the foreman's MAE is outside its tolerance."""
    from dxquest.cases.effort_prediction import exercises
    from dxquest.exercise import Incorrect

    wrong = public_answers("effort_prediction")["foreman_mae"][0] * 1.01
    with pytest.raises(Incorrect):
        exercises.foreman_mae.grade(lambda jobs: wrong)


def test_the_decisions_a_learner_derives_are_answers(build_dir):
    answers = public_answers("effort_prediction")
    assert answers["plan_quantile"] == [0.625]  # 5,000 ÷ (5,000 + 3,000)
    ratios = public_answers("demand_forecast")["critical_ratio"]
    assert len(ratios) == 40 and all(0 < r < 1 for r in ratios)


def test_a_case_not_known_yet_has_no_answers():
    assert public_answers("a_case_just_scaffolded") == {}
