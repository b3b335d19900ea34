"""Benchmark: a cohort batch on N cores vs plain serial ``nbgrader autograde``.

N synthetic submissions of the first case (copies of its reference solution, so every cell runs
its full work) are graded twice: once by ``nbgrader autograde`` on the command line, one learner
after another, in a course root of its own; once by :func:`dxquest.cohort.grade_cohort` with
``workers`` processes. The batch's time is end to end (finding submissions, gradebook preparation,
worker start, feedback HTML, merging); the serial baseline runs autograde only, so the batch does
more work than the baseline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import discover_cases
from dxquest.cohort import gradebook
from dxquest.cohort.batch import grade_cohort
from dxquest.course import copy_assignment
from dxquest.pipeline import build_data
from dxquest.release import release_case
from dxquest.threads import ONE_THREAD_ENV


@paths.own_courses("courses/bench-grading")  # its synthetic learners are no cohort's
def bench_grading(n: int = 4, workers: int = 2, lang: str = "en") -> dict:
    load = os.getloadavg()[0]  # other work on the machine skews the figure: report it
    case = discover_cases()[0]
    build_data(case)
    release_case(case, lang)
    reference = paths.notebooks_dir(case.id, lang)
    work = paths.build_dir() / "bench-grading"
    if work.exists():
        shutil.rmtree(work)
    students = [f"bench-{i:03d}" for i in range(n)]

    # Serial: plain nbgrader in a course root of its own (submitted/<student>/<case>/).
    serial_root = work / "serial"
    shutil.copytree(reference, serial_root / "source" / case.id)
    for student in students:
        shutil.copytree(reference, serial_root / "submitted" / student / case.id)
    serial_db = gradebook.sqlite_url(serial_root / "gradebook.db")
    copy_assignment(paths.gradebook_url(lang), serial_db, case.id)
    nbgrader = Path(sys.executable).with_name("nbgrader")
    command = [
        str(nbgrader),
        "autograde",
        case.id,
        f"--NbGrader.config_file={paths.NBGRADER_CONFIG}",
        f"--CourseDirectory.root={serial_root}",
        f"--CourseDirectory.db_url={serial_db}",
        "--create",
        "--force",
    ]
    log = work / "serial.log"
    start = time.perf_counter()
    with open(log, "w") as out:
        done = subprocess.run(
            command, cwd=serial_root, env=os.environ | ONE_THREAD_ENV, stdout=out, stderr=out
        )
    serial = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"serial nbgrader autograde failed; its log: {log}")

    # Parallel: the cohort batch, one folder per learner, into a gradebook of its own.
    batch = work / "submissions"
    for student in students:
        shutil.copytree(reference, batch / student)
    start = time.perf_counter()
    result = grade_cohort(
        case,
        batch,
        lang=lang,
        db_url=gradebook.sqlite_url(work / "cohort.db"),
        out_dir=work / "grades",
        workers=workers,
        force=True,
        progress=False,
    )
    parallel = time.perf_counter() - start
    graded = [o for o in result.outcomes if o.status == "graded"]
    if len(graded) != n or any(o.auto_score != o.auto_max for o in graded):
        raise RuntimeError(f"the batch did not grade every reference copy fully: {result.counts}")
    return {
        "n": n,
        "serial_seconds": round(serial, 1),
        "parallel_seconds": round(parallel, 1),
        "ratio": round(serial / parallel, 2),
        "workers": workers,
        "serial_seconds_per_submission": round(serial / n, 1),
        "parallel_seconds_per_submission": round(parallel / n, 1),
        "load_1min_before": round(load, 2),
    }
