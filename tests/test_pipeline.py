"""Does every case's reference execute with papermill, report its benchmark figures in the
documented shape, and autograde to full marks?"""

import pytest

from dxquest.bench import bench_case, format_table, results_table
from dxquest.caseinfo import discover_cases
from dxquest.grade import grade_submission
from dxquest.pipeline import ExecutedNotebook, build_data, reference_run_dir

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_reference_executes_benchmarks_and_autogrades(case, build_dir):
    build_data(case)
    figures = bench_case(case, "ja")  # executes every source notebook with papermill

    assert figures["metric"] == case.metric
    seconds = figures["seconds"]
    assert set(case.notebook_ids) <= set(seconds)
    assert seconds["data_build_1x"] > 0 and seconds["data_build_10x"] > seconds["data_build_1x"]
    # The hidden checks reported real figures: the reference sits between oracle and baseline.
    if case.lower_is_better:
        assert figures["oracle"] < figures["reference"] < figures["baseline"]
    else:
        assert figures["oracle"] > figures["reference"] > figures["baseline"]
    assert figures["business"]

    run_dir = reference_run_dir(case, "ja")
    report = grade_submission(case, run_dir, student="reference-papermill", lang="ja")
    assert report.auto_max > 0 and report.auto_score == report.auto_max

    executed = [ExecutedNotebook(nb, seconds[nb]) for nb in case.notebook_ids]
    table = format_table(results_table(case, executed, report))
    assert all(nb in table for nb in case.notebook_ids)
