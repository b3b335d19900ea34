"""Item statistics: pass rates, score counts and discrimination against hand-computed values."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from support.gradebooks import copy_gradebook, submit

from dxquest.stats import item_stats, write_item_report

CASE_ID = "demand_forecast"


@pytest.fixture(scope="module")
def report(tmp_path_factory, forecast_case, forecast_cells, forecast_template):
    """Four learners of demand_forecast (48 points the pass mark counts, notebook 04 holding 8 of
    them; the optional stretch task's 4 are left out of every share):

    - ``a``: full marks;
    - ``b``: full marks but ``wape_test`` (1 point) failed: 47;
    - ``c``: ``wape_test`` failed, ``lost_margin_test`` 1.5 of 3, ``kpi_and_target`` 1 of 3, the
      pitch (5) not yet peer-graded: 48 - 1 - 1.5 - 2 - 5 = 38.5;
    - ``d``: full marks on notebooks 01-03, notebook 04 not submitted: 40.
    """
    root = tmp_path_factory.mktemp("itemstats")
    url = copy_gradebook(forecast_template, root / "gradebook.db")
    full = {c.grade_id: c.points for c in forecast_cells}
    submit(url, CASE_ID, "a", full, forecast_cells)
    submit(url, CASE_ID, "b", {**full, "wape_test": 0.0}, forecast_cells)
    c_scores = {
        **full,
        "wape_test": 0.0,
        "lost_margin_test": 1.5,
        "kpi_and_target": 1.0,
        "executive_pitch": None,
    }
    submit(url, CASE_ID, "c", c_scores, forecast_cells)
    submit(url, CASE_ID, "d", full, forecast_cells, missing=("04_executive_pitch",))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stats = write_item_report(forecast_case, db_url=url, out_html=root / "report.html")
    return stats, root, caught


def _cell(stats, grade_id):
    return next(c for c in stats.cells if c.grade_id == grade_id)


def test_pass_rates_and_score_counts(report):
    stats, *_ = report
    assert stats.students == 4
    wape = _cell(stats, "wape_test")
    assert (wape.answered, wape.pass_rate, wape.mean_share) == (4, 0.5, 0.5)
    assert wape.score_counts == {0.0: 2, 1.0: 2}
    lost = _cell(stats, "lost_margin_test")
    assert lost.pass_rate == 0.75  # partial credit is not a pass of a test
    assert lost.mean_share == pytest.approx((1 + 1 + 0.5 + 1) / 4)
    assert lost.score_counts == {1.5: 1, 3.0: 3}
    kpi = _cell(stats, "kpi_and_target")  # a peer question passes at the case's pass mark
    assert kpi.pass_rate == 0.75 and kpi.mean_share == pytest.approx((3 + 3 + 1 + 3) / 12)
    pitch = _cell(stats, "executive_pitch")
    assert (pitch.answered, pitch.awaiting_review, pitch.not_submitted) == (2, 1, 1)
    assert pitch.pass_rate == 1.0
    payback = _cell(stats, "business_case_test")  # d's absence is not counted as a failure
    assert (payback.answered, payback.not_submitted, payback.pass_rate) == (3, 1, 1.0)
    assert [c.grade_id for c in stats.most_failed(1)] == ["wape_test"]
    assert stats.total_shares == pytest.approx(
        {"a": 1.0, "b": 47 / 48, "c": 38.5 / 48, "d": 40 / 48}
    )


def test_discrimination_is_the_item_rest_correlation(report):
    stats, *_ = report
    # wape_test (1 point): a 1, b 0, c 0, d 1; the rest of the case (45 points) per learner:
    rest = [45 / 45, 45 / 45, 36.5 / 45, 37 / 45]
    expected = np.corrcoef([1, 0, 0, 1], rest)[0, 1]
    assert _cell(stats, "wape_test").discrimination == pytest.approx(expected)
    # Everyone who answered got full marks: no spread, so no discrimination.
    assert _cell(stats, "clean_sales_test").discrimination is None


def test_html_report_has_japanese_plots_and_every_cell(report, forecast_cells):
    stats, root, caught = report
    page = (root / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 2 and all(len(i) > 1000 for i in images)
    assert "問題別の合格率" in page and "得点率の分布" in page
    for cell in forecast_cells:
        assert f"<td>{cell.grade_id}</td>" in page
    # A missing Japanese font shows as "Glyph ... missing" warnings while plotting.
    assert not [w for w in caught if "Glyph" in str(w.message)]
    table = pd.read_csv(root / "report.csv")
    assert len(table) == len(forecast_cells)
    assert table.set_index("grade_id").loc["wape_test", "pass_rate"] == 0.5


def test_gate_cells_are_marked_and_the_pitch_passes_at_its_own_level(
    report, tmp_path, forecast_case, forecast_cells, forecast_template
):
    stats, root, _ = report
    gates = forecast_case.completion
    assert {c.grade_id for c in stats.cells if c.gate} == {*gates.skill_cells, gates.pitch_cell}
    assert pd.read_csv(root / "report.csv").set_index("grade_id").loc["executive_pitch", "gate"]
    assert "修了条件 / gate" in (root / "report.html").read_text(encoding="utf-8")

    url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    full = {c.grade_id: c.points for c in forecast_cells}
    submit(url, CASE_ID, "p", {**full, "executive_pitch": 4.0}, forecast_cells)
    submit(url, CASE_ID, "q", full, forecast_cells)
    strict = replace(forecast_case, completion=replace(gates, pitch_pass=1.0))
    assert _cell(item_stats(forecast_case, url), "executive_pitch").pass_rate == 1.0  # 4/5 ≥ 0.6
    assert _cell(item_stats(strict, url), "executive_pitch").pass_rate == 0.5
    assert _cell(item_stats(strict, url), "kpi_and_target").pass_rate == 1.0  # the pass mark


def test_a_gradebook_without_submissions_is_a_clear_error(
    tmp_path, forecast_case, forecast_template
):
    from dxquest.cohort.scores import NoSubmissions

    url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    with pytest.raises(NoSubmissions, match="no graded submission of demand_forecast"):
        write_item_report(forecast_case, db_url=url, out_html=tmp_path / "report.html")


def test_cohort_query_agrees_with_the_per_learner_report(report, forecast_case):
    """Does the one-query cohort read give every learner the scores their own report shows?"""
    from dxquest.cohort.scores import cohort_scores
    from dxquest.feedback import report_from_gradebook

    _, root, _ = report
    url = f"sqlite:///{root / 'gradebook.db'}"
    cohort = cohort_scores(url, CASE_ID)
    for student, rows in cohort.groupby("student"):
        own = report_from_gradebook(forecast_case, student, "en", url, [])
        by_cell = {(c.notebook, c.grade_id): c.score for c in own.cells}
        for row in rows.itertuples():
            expected = by_cell[(row.notebook, row.grade_id)]
            assert (None if pd.isna(row.score) else row.score) == expected  # None: awaiting


def test_the_stretch_task_is_left_out_of_the_score_and_its_low_pass_rate_is_no_alarm(tmp_path):
    from support.gradebooks import empty_gradebook, grade_cells

    from dxquest.caseinfo import get_case

    case = get_case("effort_prediction")  # the case with a stretch task
    stretch = case.completion.stretch_cells
    cells = grade_cells(case)
    url = empty_gradebook(tmp_path / "gradebook.db", case, cells)
    full = {c.grade_id: c.points for c in cells}
    skipped = {**full, **dict.fromkeys(stretch, 0.0)}
    # Four learners skip the stretch task, one of them also misses a counted test; one does it.
    first_test = next(c.grade_id for c in cells if c.kind == "auto" and c.grade_id not in stretch)
    learners = {
        "a": skipped,
        "b": skipped,
        "c": skipped,
        "d": {**skipped, first_test: 0.0},
        "e": full,
    }
    for student, scores in learners.items():
        submit(url, "effort_prediction", student, scores, cells)
    stats = item_stats(case, url)

    counted = sum(c.points for c in cells if c.grade_id not in stretch)
    missed = full[first_test]
    assert stats.total_shares == pytest.approx(
        {"a": 1.0, "b": 1.0, "c": 1.0, "d": (counted - missed) / counted, "e": 1.0}
    )
    for grade_id in stretch:
        cell = _cell(stats, grade_id)
        assert cell.stretch and not cell.gate
        assert cell.pass_rate == pytest.approx(0.2)  # below the review level, and expected
        # Its rest is the whole counted score: e, who did it, has full marks like a-c.
        expected = np.corrcoef([0, 0, 0, 0, 1], [1, 1, 1, (counted - missed) / counted, 1])[0, 1]
        assert cell.discrimination == pytest.approx(expected)
        assert not cell.needs_review
    assert not any(_cell(stats, c.grade_id).stretch for c in cells if c.grade_id not in stretch)
