"""Does every case declare what completing it requires and where it sits in the progression, and
is a wrong gate or level refused clearly?"""

import re
import shutil

import pytest

from dxquest.caseinfo import DEFAULT_PITCH_PASS, LEVELS, discover_cases, load_case
from dxquest.scaffold import TEMPLATE_DIR, TEMPLATE_ID

SKILL_CELLS = {
    "demand_forecast": ("forecast_skill_pass_test", "orders_skill_pass_test"),
    "effort_prediction": ("estimate_skill_pass_test", "plan_skill_pass_test"),
    "defect_detection": ("defect_detector_test", "defect_localisation_test"),
    "advance_orders": ("forecast_skill_pass_test",),
}


def test_every_case_gates_completion_on_its_ai_skill_and_its_pitch():
    for case in discover_cases():
        gates = case.completion
        assert gates.skill_cells == SKILL_CELLS[case.id]
        assert gates.pitch_cell == "executive_pitch"
        assert gates.pitch_pass == DEFAULT_PITCH_PASS == 0.6
        assert gates.pass_mark == 0.6


LEVELS_OF_CASES = {
    "effort_prediction": "entry",
    "defect_detection": "intermediate",
    "demand_forecast": "advanced",
    "advance_orders": "advanced",
}


def test_cases_are_listed_from_the_entry_case_up_with_a_reason_in_both_languages():
    cases = discover_cases()
    assert {case.id: case.level.name for case in cases} == LEVELS_OF_CASES
    ranks = [LEVELS.index(case.level.name) for case in cases]
    assert ranks == sorted(ranks) and cases[0].level.name == "entry"
    for case in cases:
        assert case.level.reason.ja and case.level.reason.en


@pytest.fixture
def template_case(tmp_path):
    """The case template's case folder, copied where a test may break its ``case.toml``."""
    folder = tmp_path / TEMPLATE_ID
    shutil.copytree(TEMPLATE_DIR / "case", folder)
    return folder


def _edit(folder, old: str, new: str) -> None:
    toml = folder / "case.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")


def test_the_template_declares_gates_that_exist(template_case):
    gates = load_case(template_case).completion
    assert gates.skill_cells == ("forecast_skill_pass_test",)
    assert gates.pitch_cell == "baking_plan"


def test_an_unknown_skill_cell_is_refused_naming_the_file_and_the_id(template_case):
    _edit(template_case, '"forecast_skill_pass_test"', '"forecast_skil_pass_test"')
    with pytest.raises(ValueError, match="forecast_skil_pass_test") as error:
        load_case(template_case)
    assert str(template_case / "case.toml") in str(error.value)
    assert "no graded cell" in str(error.value)
    assert "forecast_skill_pass_test" in str(error.value)  # the cells it could have meant


def test_a_gate_of_the_wrong_kind_is_refused(template_case):
    _edit(template_case, 'pitch_cell = "baking_plan"', 'pitch_cell = "forecast_skill_pass_test"')
    with pytest.raises(ValueError, match=re.escape("is not a free-text (peer-reviewed) cell")):
        load_case(template_case)


def test_a_free_text_cell_cannot_prove_the_skill(template_case):
    _edit(template_case, '["forecast_skill_pass_test"]', '["baking_plan"]')
    with pytest.raises(ValueError, match="'baking_plan', which is not a test cell"):
        load_case(template_case)


def test_a_case_without_a_skill_gate_is_refused(template_case):
    _edit(template_case, '["forecast_skill_pass_test"]', "[]")
    with pytest.raises(ValueError, match="skill_cells is empty"):
        load_case(template_case)


def test_a_case_without_gates_is_refused(template_case):
    _edit(template_case, 'pitch_cell = "baking_plan"', "")
    with pytest.raises(ValueError, match=r"\[completion\] lacks pitch_cell"):
        load_case(template_case)


def test_a_pitch_pass_level_outside_0_to_1_is_refused(template_case):
    _edit(template_case, "pitch_cell", "pitch_pass = 60\npitch_cell")
    with pytest.raises(ValueError, match=r"pitch_pass must be a share in \(0, 1\], got 60"):
        load_case(template_case)


def test_a_declared_pitch_pass_level_is_kept(template_case):
    _edit(template_case, "pitch_cell", "pitch_pass = 1\npitch_cell")
    assert load_case(template_case).completion.pitch_pass == 1.0


def test_a_case_without_a_level_is_refused(template_case):
    _edit(template_case, "[level]", "[not_a_level]")
    with pytest.raises(ValueError, match=r"\[level\] needs a name, one of entry, intermediate"):
        load_case(template_case)


def test_an_unknown_level_is_refused_naming_it(template_case):
    _edit(template_case, 'name = "entry"', 'name = "beginner"')
    with pytest.raises(ValueError, match="got 'beginner'") as error:
        load_case(template_case)
    assert str(template_case / "case.toml") in str(error.value)


def test_a_stretch_cell_must_be_a_test_cell(template_case):
    _edit(template_case, "pitch_cell", 'merit_cells = ["baking_plan"]\npitch_cell')
    with pytest.raises(ValueError, match="merit_cells names 'baking_plan', which is not a test"):
        load_case(template_case)


def test_distinction_without_merit_is_refused(template_case):
    _edit(
        template_case, "pitch_cell", 'distinction_cells = ["forecast_skill_pass_test"]\npitch_cell'
    )
    with pytest.raises(ValueError, match="distinction_cells without merit_cells"):
        load_case(template_case)
