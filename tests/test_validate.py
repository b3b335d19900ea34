"""Does every exercise of every case work (the issue's CI validation), and can validation fail?"""

import nbformat
import pytest

from dxquest.caseinfo import discover_cases
from dxquest.validate import LANGS, CaseValidation, validate_case
from dxquest.wrong_answers import apply_wrong_answer, load_wrong_answers

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_case_validates(case, build_dir):
    result = validate_case(case)
    assert result.max_score > 0
    assert result.solution_score == result.max_score, "the reference must score full marks"
    assert result.release_score == 0, "the untouched release must score 0"
    assert result.mutants_total >= 1
    assert result.missed_mutants == [], "every wrong answer must lose its test's points"
    assert result.untested_cells == [], "every autograded test needs a wrong answer"
    assert result.leaks == [], "no release may leak solutions, hidden tests or outputs"
    assert result.ok


def test_ok_is_false_when_anything_falls_short():
    good = CaseValidation(10, 10, 0, 3, 3, [], 1.0)
    assert good.ok
    assert not CaseValidation(9, 10, 0, 3, 3, [], 1.0).ok
    assert not CaseValidation(10, 10, 1, 3, 3, [], 1.0).ok
    assert not CaseValidation(10, 10, 0, 3, 2, [], 1.0).ok
    assert not CaseValidation(10, 10, 0, 3, 3, ["ja/x: marker"], 1.0).ok
    assert not CaseValidation(10, 10, 0, 3, 3, [], 1.0, untested_cells=["nb/q_test"]).ok


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_wrong_answers_name_real_cells(case, build_dir, tmp_path):
    """A typo in wrong_answers.toml must not silently test nothing."""
    from dxquest.release import build_sources

    for lang in LANGS[:1]:
        sources = {p.stem: p for p in build_sources(case, lang)}
        for wrong in load_wrong_answers(case):
            patched = apply_wrong_answer(sources[wrong.notebook], wrong, tmp_path / wrong.cell)
            cells = nbformat.read(patched, as_version=4).cells
            assert wrong.source.strip() in [c.source for c in cells]
