"""After kill -9 mid-batch, is everything already graded kept, and nothing graded twice?"""

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from support.learners import LANG, write_learner

from dxquest.cohort import grade_cohort
from dxquest.cohort.gradebook import read_ledger, sqlite_url
from dxquest.course import read_scores

pytestmark = pytest.mark.slow

STUDENTS = [f"learner-{i}" for i in range(4)]


def test_killed_batch_resumes_without_losing_or_regrading(case, tmp_path):
    learners = tmp_path / "submissions"
    for student in STUDENTS:
        write_learner(learners, student, "pitch")
    db_url = sqlite_url(tmp_path / "cohort.db")
    out = tmp_path / "grades"
    command = [
        sys.executable,
        "-c",
        "from dxquest.cli import main; main()",
        "cohort",
        "grade",
        case.id,
        str(learners),
        "--lang",
        LANG,
        "--db-url",
        db_url,
        "--out",
        str(out),
        "--workers",
        "1",
        "--json",
    ]
    batch = subprocess.Popen(
        command, env=os.environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 300
    graded_before_kill = {}
    while time.monotonic() < deadline and batch.poll() is None:
        try:
            graded_before_kill = read_ledger(db_url, case.id)
        except Exception:  # the gradebook may not exist yet
            graded_before_kill = {}
        if len(graded_before_kill) >= 2:
            break
        time.sleep(0.5)
    workers = psutil.Process(batch.pid).children(recursive=True)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    assert 2 <= len(graded_before_kill) < len(STUDENTS), "kill came too late to test a resume"
    # The batch's graders die with it (no orphan keeps writing while the next run starts).
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, [" ".join(p.cmdline()) for p in alive]

    kept = read_ledger(db_url, case.id)
    assert set(graded_before_kill) <= set(kept)  # nothing committed was lost
    result = grade_cohort(case, learners, lang=LANG, db_url=db_url, out_dir=out, workers=1)

    by = {o.student: o.status for o in result.outcomes}
    assert {s for s, status in by.items() if status == "skipped"} == set(kept)
    assert {s for s, status in by.items() if status == "graded"} == set(STUDENTS) - set(kept)
    final = read_ledger(db_url, case.id)
    assert set(final) == set(STUDENTS)
    for student in kept:  # not graded again: the ledger row is the one written before the kill
        assert final[student] == kept[student]
    for student in STUDENTS:
        pitch = [
            c for c in read_scores(db_url, case.id, student) if c.notebook == "04_executive_pitch"
        ]
        assert all(c.score == c.max_score for c in pitch if c.kind == "auto")
