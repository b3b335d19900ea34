"""Do the case's checkers tell the release stub, the notebooks' solutions and the listed wrong
answers apart, as a test cell and the grader do together?

Answers are defined as the notebooks define them: the sources' imports and solution cells, with a
cell replaced by a wrong answer of ``cases/demand_forecast/wrong_answers.toml`` where one is
tried. A test cell scores 0 when its public part raises (``question.grade``) or the grader's
verdict on the hidden inputs fails (:func:`dxquest.marking.judge_answer`); both run here, in this
process. Every listed wrong answer also runs in a real kernel in the notebook validation
(tests/test_pipeline.py); here each question gets its solution and mistakes of different kinds.
The model questions get only mistakes that fit no model (the solutions' fits take minutes): the
solutions' forecasts and orders are graded end to end by the validation.
"""

import functools
import re

import jupytext
import pytest

from dxquest.answers import Incorrect
from dxquest.caseinfo import get_case
from dxquest.cases.demand_forecast import exercises as ex
from dxquest.cases.demand_forecast.evaluation import public_forecast_material
from dxquest.cases.spec import case_spec
from dxquest.exercise import NOT_ATTEMPTED, Draw, NotAttempted
from dxquest.marking import judge_answer
from dxquest.pipeline import ensure_public_data
from dxquest.wrong_answers import WrongAnswer, load_wrong_answers

CASE = get_case("demand_forecast")
GRADE_CALL = re.compile(r"\bex\.(\w+)\.grade\((\w+)\)")
MODEL_QUESTIONS = {name for name, q in ex.EXERCISES.questions.items() if q.expensive}

# Two listed mistakes per question, of different kinds: (test cell, start of their `why`).
MISTAKES = [
    ("clean_sales_test", "keeps the duplicated export rows"),
    ("clean_sales_test", "hard-codes the one renamed code"),
    ("annual_waste_cost_test", "fixes the renamed code but counts the duplicated export rows"),
    ("annual_waste_cost_test", "takes 366 days"),
    ("annual_waste_cost_test", "counts only the wasted units"),
    ("annual_waste_cost_test", "counts the units sold at the markdown at their whole cost"),
    ("lost_margin_test", "trusts the stockout flag"),
    ("lost_margin_test", "values a lost sale at the regular price's margin"),
    ("ordering_hours_test", "returns minutes"),
    ("ordering_hours_test", "takes 366 days"),
    ("wape_test", "divides by the forecast total"),
    ("wape_test", "computes MAPE"),
    ("baseline_forecast_test", "skips the 28-day fallback"),
    ("baseline_forecast_test", "drops duplicates but leaves item codes as exported"),
    ("forecast_beats_baseline_test", "hands in today's practice as the AI"),
    ("forecast_skill_pass_test", "beats the baseline only a little"),
    ("unit_costs_test", "counts a leftover's whole cost for every item"),
    ("unit_costs_test", "counts a lost sale at its price"),
    ("unit_costs_test", "leaves the evening markdown out"),
    ("unit_costs_test", "values the markdown at the full price"),
    ("markdown_sell_through_test", "divides the markdown sales by the units ordered"),
    ("markdown_sell_through_test", "takes the markdown sales over the waste"),
    ("stock_level_test", "stocks the forecast mean"),
    ("stock_level_test", "clips the ratio without checking the sign"),
    ("orders_beat_managers_test", "returns each row's critical ratio"),
    ("orders_skill_pass_test", "skips the forecast"),
    ("flyer_stock_merit_test", "half as much again as the same weekday last week"),
    ("business_case_test", "forgets to value the saved ordering hours"),
    ("business_case_test", "treats the hours as minutes"),
    ("business_case_test", "returns a negative payback"),
    ("business_case_test", "rounds the payback up to whole months"),
]


def stub(*args):
    raise NotImplementedError()


@pytest.fixture(scope="module", autouse=True)
def built(build_dir):
    ensure_public_data(CASE)


@functools.cache
def _cells(notebook: str) -> list:
    info = next(nb for nb in CASE.notebooks if nb.id == notebook)
    return jupytext.read(info.source_path(CASE.directory), fmt="py:percent").cells


@functools.cache
def _solution_names(notebook: str) -> dict:
    """What the notebook's parameters, imports and solution cells define."""
    names: dict = {}
    for cell in _cells(notebook):
        nbgrader = cell.metadata.get("nbgrader", {})
        setup = "parameters" in cell.metadata.get("tags", []) or (
            not nbgrader and "import " in cell.source
        )
        if cell.cell_type == "code" and (nbgrader.get("solution") or setup):
            exec(compile(cell.source, f"{notebook}.py", "exec"), names)
    return names


def _defined(notebook: str, wrong: WrongAnswer | None = None) -> dict:
    """The notebook's names, then ``wrong``'s cell run after them (as the validation's kernel
    runs it in place of the solution)."""
    names = dict(_solution_names(notebook))
    if wrong is not None:
        exec(compile(wrong.source, f"{notebook}.py: {wrong.why}", "exec"), names)
    return names


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _graded_by(notebook: str, test: str) -> tuple[str, str]:
    """The question a test cell grades and the name of the learner's function it passes."""
    (cell,) = [c for c in _cells(notebook) if _grade_id(c) == test]
    (question, function), *_ = GRADE_CALL.findall(cell.source)
    return question, function


def _solutions() -> list[tuple[str, str]]:
    """(notebook, test cell) of every autograded test of a question that fits no model."""
    return [
        (nb.id, _grade_id(cell))
        for nb in CASE.notebooks
        for cell in _cells(nb.id)
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"
        if _graded_by(nb.id, _grade_id(cell))[0] not in MODEL_QUESTIONS
    ]


def _public_passes(question: str, answer) -> bool:
    try:
        getattr(ex, question).grade(answer)
    except Incorrect:
        return False
    return True


def _hidden_passes(question: str, answer) -> bool:
    """The grader's verdict; outputs the kernel cannot read (e.g. duplicates left) fail the
    hidden test cell as well."""
    try:
        return judge_answer(CASE.id, question, answer).passed
    except Incorrect:
        return False


@pytest.mark.parametrize("question", sorted(ex.EXERCISES.questions))
def test_the_release_stub_is_not_attempted(question):
    with pytest.raises(Incorrect) as raised:
        getattr(ex, question).grade(stub)
    assert raised.value.message == NOT_ATTEMPTED
    with pytest.raises(NotAttempted):
        judge_answer(CASE.id, question, stub)


@pytest.mark.parametrize(("notebook", "test"), _solutions(), ids=lambda x: x)
def test_the_solution_passes_public_and_hidden(notebook, test):
    question, function = _graded_by(notebook, test)
    answer = _defined(notebook)[function]
    getattr(ex, question).grade(answer)
    assert judge_answer(CASE.id, question, answer).passed


@pytest.mark.parametrize(("test", "why"), MISTAKES)
def test_a_listed_mistake_loses_its_test(test, why):
    """Each of these is caught by the grader's hidden check (numbers: by more than the tolerance);
    the public part may catch it as well."""
    listed = load_wrong_answers(CASE)
    (wrong,) = [w for w in listed if w.must_fail == test and w.why.startswith(why)]
    question, function = _graded_by(wrong.notebook, wrong.must_fail)
    answer = _defined(wrong.notebook, wrong)[function]
    assert not _hidden_passes(question, answer)


def test_the_public_forecast_score_ranks_a_forecast_biased_low_below_it():
    """The self-check scores forecasts on the learner's censored sales; a score that took sold-out
    days' sales as demand, or left those days out, preferred a forecast 10 % low. Checked on the
    hidden draw, where the oracle's forecast is known (the reference's takes minutes to fit)."""
    spec = case_spec(CASE)
    hidden = spec.hidden_data()
    material = public_forecast_material(hidden, ex.forecast_weeks(Draw(lambda: hidden, 0)))
    oracle = spec.hidden_task().holdout.oracle

    def score(forecast):
        mine = forecast[material["rows"]]
        return ex.censored_wape(material["sales"], mine, material["sold_out"])

    assert score(oracle) < score(0.9 * oracle)
    assert score(oracle) < material["baseline_score"]
