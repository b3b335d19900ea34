"""A program year measured (``dxquest bench-cohort``) on the template case: six learners, one or
two of each kind, graded by the batch into an empty PostgreSQL gradebook (the case released straight
into it), reviewed, counted, badged and compared with serial grading."""

from __future__ import annotations

import pytest
from support import fixtures

from dxquest.program_year import KIND_SHARES, bench_cohort, learner_kinds
from dxquest.scaffold import case_outside

postgres_url = fixtures.postgres_url  # the session's server, shared with the cohort stages' tests

pytestmark = pytest.mark.slow

LEARNERS = 6  # one or two of each kind: peer review needs four reviewable submissions
# Below nbgrader's 180 s per cell, more than twice what a template submission takes while the
# suite runs on 2 cores (7-9 s graded alone, a fresh `dxquest grade` process's start included; the
# batch does not charge its workers' start): only the loop that never ends reaches it. The hanging
# learner pays it twice (batch and serial), so it is the test's largest cost.
TIME_LIMIT = 20.0


@pytest.fixture(scope="module")
def year(build_dir, tmp_path_factory, postgres_url):
    root = tmp_path_factory.mktemp("template-case")
    with case_outside(root, "komugi_bakery") as case:
        return bench_cohort(
            LEARNERS,
            case_id=case.id,
            gradebook_url=fixtures.empty_database(postgres_url, "dxquest_program_year"),
            serial_sample_size=len(KIND_SHARES),
            timeout=TIME_LIMIT,
            lang="en",
            work_dir=tmp_path_factory.mktemp("bench-cohort"),
        )


def test_the_mix_has_every_kind_at_its_share():
    kinds = learner_kinds(200, seed=0)
    counts = {kind: sum(k == kind for k in kinds.values()) for kind in KIND_SHARES}
    assert counts == {kind: round(share * 200) for kind, share in KIND_SHARES.items()}
    assert set(learner_kinds(LEARNERS, seed=0).values()) == set(KIND_SHARES)


def test_the_report_has_what_the_issue_asks(year):
    assert {
        "learners",
        "graded",
        "lost",
        "seconds_per_submission",
        "stages",
        "peak_rss_mb",
        "gradebook_equal_to_serial",
        "serial_sample",
        "projection",
    } <= set(year)
    assert set(year["stages"]) >= {"grade", "peer_review", "item_stats", "similarity", "badges"}
    assert year["gradebook"] == "postgresql"
    assert year["peak_rss_mb"] > 0 and year["gradebook_bytes"] > 0 and year["gradebook_rows"] > 0


def test_nothing_is_lost_and_broken_or_hanging_submissions_score_0(year):
    assert year["lost"] == 0 and year["graded"] == LEARNERS
    kinds = year["by_kind"]
    for kind in ("broken", "hanging"):
        assert kinds[kind]["graded"] == kinds[kind]["scored_0"] == kinds[kind]["learners"] >= 1
    assert kinds["hanging"]["statuses"] == {"error": kinds["hanging"]["learners"]}
    assert kinds["strong"]["mean_share"] == 1.0
    assert 0 < kinds["weak"]["mean_share"] < 1


def test_the_batch_grades_as_serial_grading_does(year):
    sample = year["serial_sample"]
    assert set(sample["kinds"].values()) == set(KIND_SHARES)
    assert sample["mismatches"] == {}
    assert year["gradebook_equal_to_serial"] is True
    hanging = [s for s, kind in sample["kinds"].items() if kind == "hanging"]
    assert sample["stopped_by_limit"] == hanging


def test_the_year_is_projected_from_what_was_measured(year):
    projection = year["projection"]
    machine = projection["one_machine_16_cores"]
    cluster = projection["cluster_10_nodes_x_16_cores"]
    for model in ("flat", "compounding"):
        assert 0 < cluster[model]["grading_hours"] <= machine[model]["grading_hours"]
    assert projection["submissions"] == 2000 * 4 * 1.5
