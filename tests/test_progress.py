"""Does the learner's progress view say which questions pass their public checks, and only those,
and what completing the case still needs, claiming no gate it cannot see?"""

import shutil

import nbformat
import pytest
from click.testing import CliRunner

from dxquest import paths, progress
from dxquest.caseinfo import get_case
from dxquest.cli import main
from dxquest.lab import prepare_workspace
from dxquest.progress import (
    FAILED,
    MISSING,
    NOT_ATTEMPTED_YET,
    NOT_WRITTEN,
    PASSED,
    UNREADABLE,
    WRITTEN,
    QuestionProgress,
    as_json_dict,
    case_progress,
    completion_notes,
    format_progress,
)

NOTEBOOK = "01_business_problem"
QUESTIONS = ["clean_sales", "annual_waste_cost", "lost_margin", "ordering_hours"]


@pytest.fixture(scope="module")
def workspace(build_dir, tmp_path_factory):
    """A learner's untouched copy of the first notebook's release."""
    return prepare_workspace(get_case("demand_forecast"), "ja", tmp_path_factory.mktemp("learner"))


def _reference_copy(workspace, folder):
    """The learner's folder with the reference solution (hidden tests included) as notebook 01."""
    shutil.copytree(workspace.case_dir, folder)
    reference = paths.notebooks_dir("demand_forecast", "ja") / f"{NOTEBOOK}.ipynb"
    shutil.copy(reference, folder / f"{NOTEBOOK}.ipynb")
    return nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4)


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _statuses(rows):
    return {row.grade_id: row.status for row in rows}


@pytest.mark.slow  # runs the notebooks in kernels
def test_untouched_release_passes_nothing_and_is_run_once(workspace, tmp_path, monkeypatch):
    runs = []
    execute = progress._execute_public_checks
    monkeypatch.setattr(progress, "_execute_public_checks", lambda p: runs.append(p) or execute(p))
    case, lang, rows = case_progress(workspace.case_dir, [NOTEBOOK])
    assert lang == "ja"
    assert _statuses(rows) == {
        **dict.fromkeys(QUESTIONS, NOT_ATTEMPTED_YET),
        "kpi_and_target": NOT_WRITTEN,
    }
    text = format_progress(rows, "en")
    assert "Public checks passed: 0/4 questions" in text
    assert "hidden tests" in text
    # Asked again, an unchanged notebook is not run again; a changed one is.
    assert case_progress(workspace.case_dir, [NOTEBOOK])[2] == rows
    assert len(runs) == 1
    folder = tmp_path / "demand_forecast"
    shutil.copytree(workspace.case_dir, folder)
    nb = nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4)
    _cell(nb, "clean_sales").source = "def clean_sales(sales, items):\n    return sales\n"
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")
    assert _statuses(case_progress(folder, [NOTEBOOK])[2])["clean_sales"] == FAILED
    assert len(runs) == 2


@pytest.mark.slow  # runs the notebooks in kernels
def test_reference_passes_every_public_check_and_no_hidden_test_runs(workspace, tmp_path):
    """Hidden tests are stripped: one that would fail changes nothing."""
    folder = tmp_path / "demand_forecast"
    nb = _reference_copy(workspace, folder)
    hidden = (
        "### BEGIN HIDDEN TESTS\nraise AssertionError('hidden test ran')\n### END HIDDEN TESTS\n"
    )
    _cell(nb, "ordering_hours_test").source += "\n" + hidden
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")

    _, _, rows = case_progress(folder, [NOTEBOOK])

    assert _statuses(rows) == {**dict.fromkeys(QUESTIONS, PASSED), "kpi_and_target": WRITTEN}
    assert "✓ clean_sales  売上データのクレンジング" in format_progress(rows, "ja")
    assert "Public checks passed: 4/4 questions" in format_progress(rows, "en")
    # The learner's saved file is read, never rewritten with outputs.
    assert nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4) == nb


@pytest.mark.slow  # runs the notebooks in kernels
def test_wrong_answer_dead_kernel_and_broken_notebook_are_failures(workspace, tmp_path):
    folder = tmp_path / "demand_forecast"
    nb = _reference_copy(workspace, folder)
    _cell(nb, "clean_sales").source = "def clean_sales(sales, items):\n    return sales\n"
    # Learner code that kills its kernel before the last question's test cell.
    last_test = nb.cells.index(_cell(nb, "ordering_hours_test"))
    nb.cells.insert(last_test, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")
    (folder / "04_executive_pitch.ipynb").write_text("{ not json", encoding="utf-8")

    _, _, rows = case_progress(folder, [NOTEBOOK, "04_executive_pitch"])

    by_id = {(row.notebook, row.grade_id): row for row in rows}
    clean = by_id[(NOTEBOOK, "clean_sales")]
    assert clean.status == FAILED
    assert "重複行が残っています" in clean.detail
    assert by_id[(NOTEBOOK, "ordering_hours")].status == FAILED
    assert by_id[("04_executive_pitch", "")].status == UNREADABLE
    text = format_progress(rows, "ja")
    assert "✗ clean_sales" in text
    assert "公開チェック合格：" in text and "/4 問" in text


def test_missing_working_folder_says_what_to_do(tmp_path):
    result = CliRunner().invoke(
        main, ["progress", "--case", "demand_forecast", "--lang", "en", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "open the case first with `dxquest lab --case demand_forecast`" in result.output


def test_folder_without_notebooks_is_a_clear_error(tmp_path):
    (tmp_path / "demand_forecast").mkdir()
    result = CliRunner().invoke(
        main, ["progress", "--case", "demand_forecast", "--lang", "en", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "holds no dxquest notebook" in result.output


# --- completion gates: from the rows of public checks, no kernel needed ---------------------------


def _rows(skill: tuple[str, str], pitch: str) -> list[QuestionProgress]:
    """demand_forecast's skill-gate questions and pitch with the given statuses."""
    return [
        QuestionProgress("02_forecast_trial", "forecast_skill_pass", None, skill[0]),
        QuestionProgress("03_ordering_operations", "orders_skill_pass", None, skill[1]),
        QuestionProgress("04_executive_pitch", "executive_pitch", None, pitch),
    ]


def test_the_missing_gates_are_named_in_the_learners_language():
    case = get_case("demand_forecast")
    rows = _rows((FAILED, PASSED), NOT_WRITTEN)
    notes = completion_notes(case, rows)
    assert [(n.gate, n.missing) for n in notes] == [
        ("hidden_skill", True),
        ("pitch", True),
        ("pass_mark", False),
        ("similarity", False),
    ]
    ja, en = format_progress(rows, "ja", notes), format_progress(rows, "en", notes)
    assert "修了（バッジ）の条件：" in ja
    assert (
        "✗ AIの非公開テストでの改善到達度が合格帯(0.5)に達すること。まだ公開チェックに合格して"
        "いません：forecast_skill_pass"
    ) in ja
    assert "✗ プレゼン（executive_pitch）が相互評価で配点の60%以上。まだ書かれていません。" in ja
    assert (
        "✗ the hidden-holdout skill reaching the pass band (0.5). Not passing their public "
        "checks yet: forecast_skill_pass\n"
    ) in en
    assert "✗ the pitch (executive_pitch) earning 60% of its points in peer review." in en
    assert "… all points, autograded (hidden tests included) plus peer-reviewed, reaching 60%" in en


def test_public_checks_passed_never_claim_a_gate_holds():
    """The skill gate is decided on the hidden holdout, the pitch by the peers: the learner's view
    says so instead of ticking them."""
    rows = _rows((PASSED, PASSED), WRITTEN)
    notes = completion_notes(get_case("demand_forecast"), rows)
    assert not any(n.missing for n in notes)
    section = format_progress(rows, "en", notes).split("Completion (the badge) requires:")[1]
    assert "✓" not in section and "✗" not in section
    assert (
        "… the hidden-holdout skill reaching the pass band (0.5). Public checks passed "
        "(forecast_skill_pass, orders_skill_pass); the hidden holdout decides at grading."
    ) in section
    assert (
        "公開チェックは合格（forecast_skill_pass, orders_skill_pass）。非公開テストでの判定は採点で"
        in (format_progress(rows, "ja", notes))
    )


def test_a_missing_notebook_is_a_missing_gate_and_the_json_lists_the_gates():
    rows = [
        *_rows((PASSED, NOT_ATTEMPTED_YET), WRITTEN)[:2],
        QuestionProgress("04_executive_pitch", "", None, MISSING),
    ]
    notes = completion_notes(get_case("demand_forecast"), rows)
    assert [(n.gate, n.missing) for n in notes][:2] == [
        ("all_notebooks", True),
        ("hidden_skill", True),
    ]
    view = as_json_dict(rows, notes)
    assert view["completion"][0] == {
        "gate": "all_notebooks",
        "missing": True,
        "message": "every notebook submitted. Missing or unreadable: 04_executive_pitch",
    }
    assert [q["grade_id"] for q in view["questions"]] == [
        "forecast_skill_pass",
        "orders_skill_pass",
        "",
    ]


def test_a_stretch_task_is_listed_as_optional_and_left_out_of_the_count():
    stretch = QuestionProgress(
        "03_schedule_operations", "delivery_promise_merit", None, NOT_ATTEMPTED_YET, optional=True
    )
    rows = [QuestionProgress("03_schedule_operations", "plan", None, PASSED), stretch]
    ja, en = format_progress(rows, "ja", []), format_progress(rows, "en", [])
    assert (
        "delivery_promise_merit （任意の発展課題：修了には不要。良・優の段階を記録）: 未解答" in ja
    )
    assert "  ✓ plan: 公開チェック合格\n" in ja  # a required question is not marked
    # The summary counts the questions completion needs: the stretch task is not one.
    assert "Public checks passed: 1/1 questions." in en
    assert "(optional stretch task: not needed to complete; records merit or distinction)" in en
