"""Is every figure a case's texts state the one its code computes from the learners' data, and
does each pitch's model answer state only figures the learner computed before the pitch?"""

import importlib
import re

import pytest

from dxquest.caseinfo import discover_cases, get_case
from dxquest.figure_marks import MARK, render, unmarked, written
from dxquest.figures import case_figures, marked_texts, stale_figures
from dxquest.notebook_build import select_language
from tests.cases.checker_tests import ensure_built

CASES = tuple(case.id for case in discover_cases())
"""Every case: each marks its figures, so a new case needs no wiring here."""


def test_a_form_writes_a_scale_and_a_rounding():
    assert written(12_000_000, "万 ,.0f") == "1,200"
    assert written(146.15, "~2") == "150"
    assert written(0.0018333, "% .2f") == "0.18"
    assert written(0.000144, "ppm ~2") == "140"
    assert written(49_956_879, "million ~2") == "50"
    assert written(0.2179, ".1f") == "0.2"
    assert written(5_100.4, "") == "5,100"


def test_a_mark_is_rewritten_from_the_figures_and_a_reader_sees_only_the_figure():
    mark = "<!-- fig:loss 万 ~2 -->"
    text = f"損失は月約{mark}999<!-- /fig -->万円"
    assert render(text, {"loss": 8_449_000}) == f"損失は月約{mark}840<!-- /fig -->万円"
    assert unmarked(render(text, {"loss": 8_449_000})) == "損失は月約840万円"
    english = "about <!-- fig:loss million .1f -->8.4<!-- /fig -->"
    assert select_language(f"<!-- ja -->\n{text}\n<!-- en -->\n{english}", "en") == "about 8.4"


def test_a_mark_naming_no_figure_is_an_error():
    with pytest.raises(KeyError, match="no headline figure 'lost'"):
        render("<!-- fig:lost -->1<!-- /fig -->", {"loss": 1.0}, "README.md line 3")


class _Figures(dict):
    """Each case's headline figures on its public data, computed when a test first asks."""

    def __missing__(self, case_id: str) -> dict[str, float]:
        ensure_built(case_id)
        self[case_id] = case_figures(get_case(case_id))
        return self[case_id]


@pytest.fixture(scope="module")
def figures(build_dir):
    return _Figures()


@pytest.mark.parametrize("case_id", CASES)
def test_every_figure_written_is_the_one_computed_now(case_id, figures):
    assert stale_figures(get_case(case_id), figures[case_id]) == []


@pytest.mark.parametrize("case_id", CASES)
def test_the_readme_states_its_figures_in_both_languages(case_id):
    readme = get_case(case_id).directory / "README.md"
    ja, en = (select_language(readme.read_text(encoding="utf-8"), lang) for lang in ("ja", "en"))
    ja_part, en_part = readme.read_text(encoding="utf-8").split("<!-- en -->")
    assert _names(ja_part) and _names(ja_part) == _names(en_part)
    assert "<!-- fig:" not in ja + en


def _names(text: str) -> set[str]:
    return {match["name"] for match in MARK.finditer(text)}


def _pitch_answer(case_id: str) -> str:
    """The 04 pitch's model answer: the source of its graded free-text cell ``executive_pitch``."""
    case = get_case(case_id)
    source = case.notebooks[-1].source_path(case.directory).read_text(encoding="utf-8")
    return source.split('"grade_id": "executive_pitch"')[1].split("# %%")[0]


@pytest.mark.parametrize("case_id", CASES)
def test_the_pitch_states_only_figures_the_learner_computed_before_it(case_id, figures):
    """Each figure of the model answer is marked (so the test above holds it to the code), is
    stated in both languages, and comes from a notebook before the pitch or from the story."""
    case = get_case(case_id)
    answer = _pitch_answer(case_id)
    ja, en = answer.split("<!-- en -->")
    stated = _names(ja)
    assert stated and stated == _names(en)
    reference = importlib.import_module(f"{case.python_module}.reference")
    sources = reference.PITCH_SOURCES
    earlier = {nb.id for nb in case.notebooks[:-1]} | {"story", "business case"}
    assert stated <= set(sources), f"not traced to a notebook: {sorted(stated - set(sources))}"
    assert {sources[name] for name in stated} <= earlier


SMALL_COUNT = 12
"""A model pitch may type a number unmarked only as a plan's count (two stores, eight weeks)."""


@pytest.mark.parametrize("case_id", CASES)
def test_the_pitch_types_no_figure_by_hand(case_id):
    typed = MARK.sub("", _pitch_answer(case_id))
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", typed)]
    assert all(n <= SMALL_COUNT for n in numbers), numbers


@pytest.mark.parametrize("case_id", CASES)
def test_the_business_case_follows_the_one_definition(case_id, figures):
    """Gross = the year's saving; net = gross − the running cost; payback = initial cost ÷ a
    month of the net: the same in every case."""
    f = figures[case_id]
    assert f["net_benefit_yen_per_year"] == pytest.approx(
        f["gross_benefit_yen_per_year"] - f["running_cost_yen_per_year"]
    )
    assert f["payback_months"] == pytest.approx(
        f["system_initial_cost_yen"] / (f["net_benefit_yen_per_year"] / 12)
    )


CHAINED = {
    "demand_forecast": ("case",),
    "effort_prediction": ("case",),
    "defect_detection": ("benefit", "months"),
}
"""Cases whose pitch computes its As-Is and To-Be with the functions the learner pasted from the
notebooks before it, on the public data, instead of starting from example numbers: the 04
solution's variables that hold the business case (a dict of both figures, or the net benefit and
the payback)."""


@pytest.mark.parametrize("case_id", sorted(CHAINED))
def test_the_pitch_computes_the_business_case_its_model_answer_states(case_id, figures):
    """The 04 solution, run on the public data, gets the net benefit and the payback that the
    headline figures (and so the model answer) state: one chain from 01 to 04."""
    from dxquest.solution_run import solution_variables

    case = get_case(case_id)
    ensure_built(case_id)
    run = solution_variables(case, case.notebooks[-1].id, *CHAINED[case_id])
    if "case" in run:
        net, payback = run["case"]["annual_net_benefit_yen"], run["case"]["payback_months"]
    else:
        net, payback = run["benefit"], run["months"]
    assert net == pytest.approx(figures[case_id]["net_benefit_yen_per_year"])
    assert payback == pytest.approx(figures[case_id]["payback_months"])


def test_a_case_marks_figures_in_its_texts():
    for case_id in CASES:
        assert marked_texts(get_case(case_id))


def test_a_solution_run_returns_its_variables_and_keeps_the_callers_language(build_dir):
    """The notebook's first cell sets the kit's language to the notebook's: the caller's stays."""
    from dxquest.i18n import get_language, set_language
    from dxquest.solution_run import solution_variables

    ensure_built("effort_prediction")
    set_language("ja")
    run = solution_variables(get_case("effort_prediction"), "03_schedule_operations", "cutoff")
    assert get_language() == "ja"
    from dxquest.cases.effort_prediction import load_data
    from dxquest.cases.effort_prediction.data import holdout_cutoff

    assert run["cutoff"] == holdout_cutoff(load_data())
