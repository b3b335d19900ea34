"""Can validation fail, and do the wrong answers name real cells? (Every case is validated end to
end in tests/test_pipeline.py.)"""

import json

import nbformat
import pytest
from click.testing import CliRunner

import dxquest.cli.reference as validate_command
from dxquest.answer_leaks import AnswerLeak
from dxquest.caseinfo import discover_cases
from dxquest.cli import main
from dxquest.validate import LANGS, CaseValidation, as_json_dict
from dxquest.wrong_answers import apply_wrong_answer, load_wrong_answers


def test_ok_is_false_when_anything_falls_short():
    good = CaseValidation(10, 10, 0, 3, 3, [], 1.0)
    assert good.ok
    assert not CaseValidation(9, 10, 0, 3, 3, [], 1.0).ok
    assert not CaseValidation(10, 10, 1, 3, 3, [], 1.0).ok
    assert not CaseValidation(10, 10, 0, 3, 2, [], 1.0).ok
    assert not CaseValidation(10, 10, 0, 3, 3, ["ja/x: marker"], 1.0).ok
    assert not CaseValidation(10, 10, 0, 3, 3, [], 1.0, untested_cells=["nb/q_test"]).ok
    assert not CaseValidation(10, 10, 0, 3, 3, [], 1.0, unrestored_mutants=["nb/q_test"]).ok
    assert not CaseValidation(10, 10, 0, 3, 3, [], 1.0, answer_leaks=[WRITTEN_ANSWER]).ok


WRITTEN_ANSWER = AnswerLeak("ja/README.md", "line 97", "plan_quantile", "0.625")


def test_json_says_where_an_answer_is_written_and_which():
    result = CaseValidation(10, 10, 0, 3, 3, [], 1.0, answer_leaks=[WRITTEN_ANSWER])
    written = as_json_dict(result)["answer_leaks"]
    assert written == [
        {"file": "ja/README.md", "location": "line 97", "answers": "plan_quantile", "form": "0.625"}
    ]


@pytest.mark.parametrize("as_json", [False, True])
def test_the_command_fails_and_names_the_written_answer(monkeypatch, as_json):
    found = CaseValidation(
        10, 10, 0, 3, 3, [], 1.0, answer_leaks=[WRITTEN_ANSWER], answers_checked=6
    )
    monkeypatch.setattr(validate_command, "validate_case", lambda case, lang: found)
    result = CliRunner().invoke(main, ["validate", "effort_prediction", *(["--json"] * as_json)])
    assert result.exit_code == 1
    if as_json:
        case = json.loads(result.output)["cases"]["effort_prediction"]
        assert case["answer_leaks"][0]["form"] == "0.625" and case["answers_checked"] == 6
    else:
        assert "answers written 1 (of 6 looked for)" in result.output
        assert "- ja/README.md line 97: answer plan_quantile written as '0.625'" in result.output


@pytest.mark.parametrize("as_json", [False, True])
def test_the_command_reports_the_points_by_kind(monkeypatch, as_json):
    split = {"decision": 6.0, "model": 12.0, "transcription": 6.0, "free_text": 16.0}
    stretch = {"merit": 2.0, "distinction": 2.0}
    found = CaseValidation(24, 24, 0, 3, 3, [], 1.0, points_by_kind=split, stretch_points=stretch)
    monkeypatch.setattr(validate_command, "validate_case", lambda case, lang: found)
    result = CliRunner().invoke(main, ["validate", "effort_prediction", *(["--json"] * as_json)])
    assert result.exit_code == 0
    if as_json:
        reported = json.loads(result.output)["cases"]["effort_prediction"]
        assert (reported["points_by_kind"], reported["stretch_points"]) == (split, stretch)
    else:
        assert (
            "  points by kind: decision 6 (15%), model 12 (30%), transcription 6 (15%), "
            "free_text 16 (40%) of 40 points\n"
            "  stretch task (outside the pass mark): merit 2, distinction 2 points\n"
        ) in result.output


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
