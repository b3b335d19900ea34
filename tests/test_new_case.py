"""Does ``docs/adding-a-case.md`` work? A case scaffolded from the template into a temporary folder
(never into the project) is found by discovery, its checkers tell answers apart, and
``validate_case`` accepts it: full marks for the reference, 0 for the release, every wrong answer
caught, no leaks."""

import importlib

import numpy as np
import pandas as pd
import pytest

from dxquest import scaffold
from dxquest.caseinfo import discover_cases, get_case
from dxquest.exercise import Incorrect, NotAttempted
from dxquest.marking import judge_answer
from dxquest.pipeline import build_data
from dxquest.scaffold import ScaffoldError, case_outside, new_case

NAME = "toy_bakery"


@pytest.fixture
def toy(tmp_path, build_dir):
    """The template scaffolded as ``toy_bakery`` in ``tmp_path``; its package is importable as
    ``toy_bakery`` (from ``tmp_path/code``) and discovery sees only it."""
    with case_outside(tmp_path, NAME) as case:
        yield case


def test_scaffold_writes_the_case_its_package_and_data_card(toy, tmp_path):
    assert [c.id for c in discover_cases()] == [NAME] and get_case(NAME) == toy
    assert toy.python_module == NAME and toy.notebook_ids == ["01_bakery_forecast"]
    assert (tmp_path / "datasets" / f"{NAME}.md").is_file()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not [p for p in written if scaffold.TEMPLATE_ID in p.read_text(encoding="utf-8")]
    assert importlib.import_module(f"{NAME}.declaration").SPEC.id == NAME


def test_scaffold_refuses_a_bad_or_taken_name(toy, tmp_path):
    with pytest.raises(ScaffoldError, match="lowercase"):
        new_case("Bad-Name", tmp_path)
    with pytest.raises(ScaffoldError, match="exists already"):
        new_case(NAME, tmp_path, package_dir=tmp_path / "elsewhere")


def test_the_template_checkers_tell_answers_apart(toy):
    build_data(toy)
    ex = importlib.import_module(f"{NAME}.exercises")
    reference = importlib.import_module(f"{NAME}.reference")

    def stub(*args):
        raise NotImplementedError()

    def everyday_mean(history, future):
        return np.full(len(future), history.sales["sold"].mean())

    with pytest.raises(NotAttempted):
        ex.mean_daily_sales.public(stub)
    with pytest.raises(Incorrect):
        ex.mean_daily_sales.grade(lambda sales: float(sales["sold"].median()))
    ex.mean_daily_sales.grade(reference.mean_daily_sales)
    assert judge_answer(NAME, "mean_daily_sales", reference.mean_daily_sales).passed
    with pytest.raises(Incorrect):
        ex.forecast_beats_baseline.grade(everyday_mean)
    ex.forecast_skill_pass.grade(reference.weekday_mean)
    assert judge_answer(NAME, "forecast_skill_pass", reference.weekday_mean).passed
    assert not judge_answer(NAME, "forecast_skill_pass", everyday_mean).passed


def test_the_template_holdout_is_the_last_eight_weeks(toy):
    task = importlib.import_module(f"{NAME}.declaration").SPEC.hidden_task()
    dates = pd.to_datetime(task.holdout.keys)
    assert task.holdout.keys.dtype.kind == "U", "the grader stores keys without pickle"
    assert len(dates) == 56 and dates.is_monotonic_increasing and dates.is_unique
    assert task.holdout.metric == toy.metric


@pytest.mark.slow
def test_a_scaffolded_case_validates(toy):
    """With no wiring beyond the scaffold: its package lives outside the library, and grading
    kernels import it from there (read-only), as they would a new case under src/dxquest/cases."""
    from dxquest.validate import validate_case

    result = validate_case(toy)
    assert result.solution_score == result.max_score > 0, "the reference scores full marks"
    assert result.release_score == 0, "the untouched release scores 0"
    assert result.mutants_total == 3 and result.missed_mutants == []
    assert result.untested_cells == [] and result.leaks == []
    assert result.ok


@pytest.mark.slow
def test_the_main_job_runs_a_scaffolded_case(toy):
    """The main job's path, which is every case's: data, releases, papermill, grading, figures."""
    from dxquest.bench import format_table, results_table, run_case
    from dxquest.cases.spec import case_spec

    executed, report = run_case(toy, "ja")
    assert [run.notebook for run in executed] == toy.notebook_ids
    assert all(run.seconds > 0 for run in executed)
    assert report.auto_score == report.auto_max > 0
    figures = case_spec(toy).summarise_metrics({run.notebook: run.metrics for run in executed})
    assert figures["oracle"] < figures["reference"] < figures["baseline"]
    table = format_table(results_table(toy, executed, report))
    assert all(notebook in table for notebook in toy.notebook_ids)
