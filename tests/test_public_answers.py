"""Are the public answers the values the checks accept, and does a case's text-only figure list
join them without any wiring outside the case?"""

import itertools

import pytest

from dxquest.caseinfo import get_case
from dxquest.exercise import Incorrect
from dxquest.pipeline import ensure_public_data
from dxquest.public_answers import public_answers

CASE = "demand_forecast"
NUMBERS = ("annual_waste_cost", "lost_margin", "ordering_hours")


@pytest.fixture(scope="module")
def answers(build_dir):
    ensure_public_data(get_case(CASE))
    return public_answers(CASE)


def answering(values):
    """A function returning ``values`` in turn: a check calls it once per public input, in order."""
    given = itertools.cycle(values)
    return lambda *_: next(given)


def test_each_answer_passes_its_public_check_and_a_near_miss_does_not(answers):
    from dxquest.cases.demand_forecast import exercises

    for name in NUMBERS:
        values = answers[name]
        getattr(exercises, name).grade(answering(values))
        with pytest.raises(Incorrect):
            getattr(exercises, name).grade(answering([v * 1.001 for v in values]))


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
    width = exercises.annual_waste_cost.kind.rel / 4
    recovered = []
    for digest in map(set, checks["questions"]["annual_waste_cost"]):  # one per public input

        def hit(i, digest=digest):
            return _hash(checks["salt"], "n", f"+{i}") in digest

        first = next(i for i in range(2_000_000) if hit(i))
        # The digest holds the answer's bin and its neighbours: their middle is the answer.
        bins = [i for i in range(first, first + 16) if hit(i)]
        recovered.append(math.exp((sum(bins) / len(bins) + 0.5) * math.log1p(width)))
    assert recovered == pytest.approx(answers["annual_waste_cost"], rel=width)

    exercises.annual_waste_cost.grade(answering(recovered))
    assert not judge_answer(CASE, "annual_waste_cost", answering(recovered)).passed


def test_a_dict_of_figures_holds_answers_and_a_tables_digest_none():
    """Rates and accuracy measures come back as a dict of figures: each figure is an answer."""
    from dxquest.answers import Figures, Number, Table
    from dxquest.i18n import Msg
    from dxquest.public_answers import _numbers

    rate = Number(Msg("率", "rate"), 1e-6)
    figures = Figures({"miss_rate": rate, "false_reject_rate": rate})
    assert _numbers({"miss_rate": 0.289, "false_reject_rate": 0.022}, figures) == [0.289, 0.022]
    table = Table(Msg("表", "table"), ("a",))
    assert _numbers({"rows": 12, "content": "9f2c"}, table) == []


def test_the_story_s_facts_are_the_numbers_its_business_module_states():
    from dxquest.cases.demand_forecast import business
    from dxquest.public_answers import story_facts

    facts = story_facts(CASE)
    assert business.SYSTEM_INITIAL_COST_YEN in facts
    assert business.MANAGER_HOURLY_COST_YEN in facts
