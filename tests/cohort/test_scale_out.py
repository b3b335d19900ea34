"""Does the same batch run on a multi-process Dask cluster into a PostgreSQL gradebook?"""

import pytest
from support.learners import LANG, write_learner

from dxquest.cohort import grade_cohort
from dxquest.cohort.gradebook import read_ledger
from dxquest.course import read_scores

pytestmark = pytest.mark.slow


def test_dask_cluster_grades_into_postgresql(case, tmp_path, postgres_url):
    from distributed import LocalCluster

    learners = tmp_path / "submissions"
    kinds = {"alice": "pitch", "bob": "invalid_json", "carol": "kill_grader"}
    for student, kind in kinds.items():
        write_learner(learners, student, kind)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        result = grade_cohort(
            case,
            learners,
            lang=LANG,
            db_url=postgres_url,
            out_dir=tmp_path / "grades",
            scheduler=cluster.scheduler_address,
            timeout=120,
        )
        by = {o.student: o for o in result.outcomes}
        assert result.backend == cluster.scheduler_address
        assert by["alice"].status == "graded" and by["alice"].auto_score > 0
        assert by["bob"].status == "graded" and "invalid JSON" in by["bob"].message
        # The grader carol's kernel killed (or, sandboxed, the kernel itself) costs carol only.
        assert by["carol"].auto_score == 0

        # The gradebook really is PostgreSQL and holds every learner with the reported scores.
        assert postgres_url.startswith("postgresql")
        assert set(read_ledger(postgres_url, case.id)) == set(kinds)
        for student, outcome in by.items():
            cells = read_scores(postgres_url, case.id, student)
            assert sum(c.score or 0 for c in cells if c.kind == "auto") == outcome.auto_score

        again = grade_cohort(
            case,
            learners,
            lang=LANG,
            db_url=postgres_url,
            scheduler=cluster.scheduler_address,
        )
        assert {o.status for o in again.outcomes} == {"skipped"}
