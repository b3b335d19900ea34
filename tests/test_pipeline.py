"""Does every case work end to end? Its reference executes with papermill and reports its benchmark
figures in the documented shape; nbgrader grades it to full marks in the sandbox; the untouched
release scores 0; every wrong answer loses its test's points; no release leaks. One test per case,
so the case's data, releases and graded reference are built once and serve every assertion."""

import pytest

from dxquest import paths
from dxquest.bench import bench_case, format_table, results_table
from dxquest.caseinfo import discover_cases
from dxquest.cases.spec import case_spec
from dxquest.grade import grade_submission
from dxquest.holdout_scores import public_rows, split_digest, student_submissions
from dxquest.pipeline import ExecutedNotebook, build_data, reference_run_dir
from dxquest.validate import VALIDATE_COURSES, validate_case

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_case_executes_benchmarks_grades_and_validates(case, build_dir):
    built_in = build_data(case)
    # Executes every source notebook with papermill. Timing ten times the company's data is a
    # scale figure for `dxquest bench` (90 s for the images), not a check: left out here.
    figures = bench_case(case, "ja", ten_x_build=False, built_in=built_in)

    assert figures["metric"] == case.metric
    seconds = figures["seconds"]
    assert set(case.notebook_ids) <= set(seconds)
    assert seconds["data_build_1x"] > 0 and "data_build_10x" not in seconds
    # The hidden checks reported real figures: the reference sits between oracle and baseline.
    if case.lower_is_better:
        assert figures["oracle"] < figures["reference"] < figures["baseline"]
    else:
        assert figures["oracle"] > figures["reference"] > figures["baseline"]
    assert figures["business"] and None not in figures["business"].values()

    report = grade_submission(case, reference_run_dir(case, "ja"), student="reference", lang="ja")
    assert report.auto_max > 0 and report.auto_score == report.auto_max
    # The AI task's hidden check, and no other question's, entered the model on the leaderboard.
    keys = case_spec(case).hidden_task().holdout.keys
    [entry] = student_submissions(paths.gradebook_url("ja"), case.id, "reference")
    assert entry["split_digest"] == split_digest(case.id, keys, public_rows(case.id, keys))

    executed = [ExecutedNotebook(nb, seconds[nb]) for nb in case.notebook_ids]
    table = format_table(results_table(case, executed, report))
    assert all(nb in table for nb in case.notebook_ids)

    result = validate_case(case, reference=report)
    assert result.solution_score == result.max_score == report.auto_max
    assert result.release_score == 0, "the untouched release must score 0"
    assert result.mutants_total >= 1
    assert result.missed_mutants == [], "every wrong answer must lose its test's points"
    assert result.unrestored_mutants == [], "every wrong answer's verdict must be proven"
    assert result.untested_cells == [], "every autograded test needs a wrong answer"
    assert result.leaks == [], "no release may leak solutions, hidden tests or outputs"
    assert result.answers_checked > 0, f"{case.id} declares no public answers"
    assert result.answer_leaks == [], "answers written in the release:\n" + "\n".join(
        map(str, result.answer_leaks)
    )
    assert result.ok
    # Every graded point is of one kind: the autograded and the peer-reviewed together; bench reads
    # the same split from the notebooks it executed.
    assert sum(result.points_by_kind.values()) == report.auto_max + report.manual_max
    assert figures["points_by_kind"] == result.points_by_kind
    # Validation grades its learners (the untouched release) in courses of its own: the
    # operator's gradebook holds only whom this test graded there.
    assert _students(paths.gradebook_url("ja")) == {"reference"}
    with paths.own_courses(VALIDATE_COURSES):
        assert "untouched" in _students(paths.gradebook_url("ja"))


def _students(db_url: str) -> set[str]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        return {s.id for s in gb.students}


def test_an_error_in_a_cell_papermill_went_past_fails_the_reference(tmp_path):
    """The build tags test cells raises-exception so Run All reaches the end; papermill then goes
    on past them too, so the reference run reads every cell's outputs for an error."""
    import nbformat

    from dxquest.caseinfo import get_case
    from dxquest.pipeline import ReferenceFailed, _mark_hidden_checks

    cell = nbformat.v4.new_code_cell("ex.q.grade(answer)")
    cell.metadata["tags"] = ["raises-exception"]
    cell.outputs = [nbformat.v4.new_output("error", ename="Incorrect", evalue="no", traceback=[])]
    executed = tmp_path / "01_x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), executed)
    with pytest.raises(ReferenceFailed, match="01_x.ipynb cell 0: Incorrect: no"):
        _mark_hidden_checks(get_case("demand_forecast"), executed, "en")
