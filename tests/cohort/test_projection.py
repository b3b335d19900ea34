"""The year's projection follows its stated model from the measured figures."""

from __future__ import annotations

import pytest

from dxquest.cohort.projection import project_year, seconds_alone


def measured(grade_seconds: float, writer: float = 0.1) -> dict:
    """A measured year of 10 learners on 2 workers: 8 strong graded alone in 40 s, 2 hanging
    stopped at 300 s."""
    return {
        "learners": 10,
        "workers": 2,
        "stages": {
            "grade": grade_seconds,
            "peer_review": 1.0,
            "peer_aggregate": 4.0,
            "item_stats": 2.0,
            "similarity": 1.0,
            "badges": 2.0,
        },
        "by_kind": {"strong": {"learners": 8}, "hanging": {"learners": 2}},
        "serial_sample": {
            "kinds": {"a": "strong", "b": "strong", "c": "hanging"},
            "seconds": {"a": 30.0, "b": 50.0, "c": 300.0},
        },
        "writer_seconds_per_submission": writer,
    }


def test_alone_is_the_serial_seconds_weighted_by_the_mix_of_kinds():
    assert seconds_alone(measured(400.0)) == pytest.approx(0.8 * 40 + 0.2 * 300)


def test_flat_spreads_the_measured_core_seconds_over_the_cores():
    result = project_year(measured(400.0), learners=100, cases=2, regrade_rate=0.5, cores=16)
    submissions = 100 * 2 * 1.5
    core_seconds = 2 * 400.0 / 10  # on 2 workers, per submission
    machine = result["one_machine_16_cores"]["flat"]
    assert machine["grading_hours"] == round(submissions * core_seconds / 16 / 3600, 2)
    after = (1 + 4 + 2 + 1 + 2) / 10 * 100 * 2
    assert machine["total_hours"] == round((submissions * core_seconds / 16 + after) / 3600, 2)


def test_compounding_loses_per_doubling_what_two_workers_lost():
    result = project_year(measured(500.0))
    e = result["efficiency_measured"]
    assert e == pytest.approx(10 * seconds_alone(measured(500.0)) / (2 * 500.0), abs=1e-3)
    assert result["one_machine_16_cores"]["compounding"]["efficiency"] == pytest.approx(
        e**4, abs=1e-3
    )


def test_a_cluster_is_never_faster_than_its_one_gradebook_writer():
    result = project_year(measured(400.0, writer=2.0), nodes=10)
    cluster = result["cluster_10_nodes_x_16_cores"]["flat"]
    assert cluster["grading_hours"] == round(result["submissions"] * 2.0 / 3600, 2)
