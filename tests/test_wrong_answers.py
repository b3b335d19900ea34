"""Does the one-kernel wrong-answer run judge like nbgrader, and can it fail both ways: a wrong
answer that keeps its points, and one that leaves the kernel's state changed?"""

import nbformat
import pytest

from dxquest.pipeline import build_data
from dxquest.release import build_sources
from dxquest.scaffold import case_outside
from dxquest.wrong_answers import (
    WrongAnswer,
    cell_index,
    is_self_check,
    load_wrong_answers,
    only_calls_checks,
    run_wrong_answers,
)


def _graded(source: str, grade_id: str, *, test: bool) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade_id": grade_id,
        "grade": test,
        "solution": not test,
        "locked": test,
        "schema_version": 3,
        **({"points": 1} if test else {}),
    }
    return cell


@pytest.fixture
def notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("prices = [100, 200]"),
        _graded("def total(prices):\n    return sum(prices)", "total", test=False),
        nbformat.v4.new_code_cell("print(total(prices))"),  # a cell between answer and test
        _graded("assert total(prices) == 300", "total_test", test=True),
        _graded("assert total([1, 2]) == 3", "total_small_test", test=True),
        _graded("def count(prices):\n    return len(prices)", "count", test=False),
        _graded("import sys\nprint(count(prices), file=sys.stderr)", "count_test", test=True),
    ]
    path = tmp_path / "01_toy.ipynb"
    nbformat.write(nb, path)
    return path


def _wrong(cell: str, must_fail: str, source: str, why: str) -> WrongAnswer:
    return WrongAnswer("01_toy", cell, must_fail, why, source)


def test_a_caught_a_missed_and_an_unrestored_wrong_answer_are_told_apart(notebook, tmp_path):
    caught = _wrong("total", "total_test", "def total(prices):\n    return max(prices)", "max")
    missed = _wrong("total", "total_test", "def total(prices):\n    return 100 + 200", "typed")
    # Appending to the learner's list changes the state the original answer is tested on next.
    dirty = _wrong(
        "total",
        "total_test",
        "def total(prices):\n    prices.append(1)\n    return sum(prices)",
        "edits the input",
    )
    clean = run_wrong_answers(notebook, [caught, missed], tmp_path / "clean")
    assert clean.missed == [missed.label]
    assert clean.unrestored == []
    # Wrong answers of one cell share a restoration, after the last of them: the list the
    # first one edited is still edited then, so none of the three verdicts counts as proven.
    run = run_wrong_answers(notebook, [dirty, caught, missed], tmp_path / "dirty")
    assert run.missed == [missed.label]
    assert run.unrestored == [dirty.label, caught.label, missed.label]


def test_a_restoration_checks_every_test_of_the_answer_on_its_way(notebook, tmp_path):
    """A wrong answer tried on the later test of an answer: the change it leaves behind fails
    the earlier test, which the restoration runs again and must find in full."""
    dirty = _wrong(
        "total",
        "total_small_test",
        "def total(p):\n    prices.append(1)\n    return 0",
        "edits the data",
    )
    run = run_wrong_answers(notebook, [dirty], tmp_path / "work")
    assert run.missed == []
    assert run.unrestored == [dirty.label]


def test_output_on_stderr_fails_a_test_as_in_nbgrader(notebook, tmp_path):
    """count_test prints to stderr even for the right answer: nbgrader gives it 0, so the wrong
    answer counts as caught but the original answer cannot earn its points back."""
    wrong = _wrong("count", "count_test", "def count(prices):\n    return 0", "zero")
    run = run_wrong_answers(notebook, [wrong], tmp_path / "work")
    assert run.missed == []
    assert run.unrestored == [wrong.label]


def test_a_self_check_cell_is_not_run(tmp_path):
    """A self-check prints a verdict for the learner and sets nothing a test reads: the kernel
    skips it. Here running it would change what the test reads, and the restoration would fail."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "checked = []\nclass ex:\n    class total:\n        check = checked.append"
        ),
        _graded("def total(prices):\n    return sum(prices)", "total", test=False),
        nbformat.v4.new_code_cell("ex.total.check(total)"),
        _graded("assert total([1, 2]) == 3 and not checked", "total_test", test=True),
    ]
    path = tmp_path / "01_toy.ipynb"
    nbformat.write(nb, path)
    wrong = _wrong("total", "total_test", "def total(prices):\n    return 0", "zero")
    run = run_wrong_answers(path, [wrong], tmp_path / "work")
    assert (run.missed, run.unrestored) == ([], [])


@pytest.mark.parametrize(
    ("source", "only_checks"),
    [
        ("ex.total.check(total)", True),
        ("ex.total.check(total)\n\nex.count.check(count)\n", True),
        ("ex.total.grade(total)\n### BEGIN HIDDEN TESTS\nex.total.grade_hidden(total)", True),
        ("ex.total.check(total)\ntoday = total(prices)", False),  # it also sets a name
        ("ex.total.check(lambda p: 0)", False),
        ("assert total([1, 2]) == 3", False),
    ],
)
def test_a_cell_of_check_calls_is_told_apart(source, only_checks):
    ungraded = nbformat.v4.new_code_cell(source)
    test = _graded(source, "total_test", test=True)
    assert only_calls_checks(ungraded) is only_checks is only_calls_checks(test)
    assert is_self_check(ungraded) is only_checks
    assert not is_self_check(test)


def test_on_a_case_the_hidden_checks_decide_and_the_solution_keeps_its_points(tmp_path, build_dir):
    """With a case, a wrong answer's hidden checks run first. The template's listed mistakes lose
    their tests, the median's distance from the mean measured on the way; its own solution,
    offered as a mistake, passes the hidden checks and then the whole test, so it is missed."""
    with case_outside(tmp_path, "probe_bakery") as case:
        build_data(case)
        [source] = build_sources(case, "en")
        nb = nbformat.read(source, as_version=4)
        solution = WrongAnswer(
            source.stem,
            "forecast",
            "forecast_skill_pass_test",
            "the solution itself",
            nb.cells[cell_index(nb, "forecast")].source,
        )
        run = run_wrong_answers(source, [*load_wrong_answers(case), solution], tmp_path / "w", case)
    assert run.missed == [solution.label]
    assert run.unrestored == []
    assert [question for question, _ in run.effects] == ["mean_daily_sales"]
    assert run.effects[0][1] > 0
