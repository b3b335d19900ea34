"""Benchmark: a cohort batch on N cores vs the same grading done serially.

N synthetic submissions of the first case (copies of its reference solution, so every cell runs
its full work) are graded twice: once one learner after another in this process
(:func:`dxquest.grade.grade_submission`, what ``dxquest grade`` does), once by
:func:`dxquest.cohort.grade_cohort` with ``workers`` processes. Both grade in the sandbox, run every
hidden check and write feedback; the batch's time is end to end (finding submissions, gradebook
preparation, worker start, merging). Plain ``nbgrader autograde`` is no baseline: the kit's hidden
checks run only under its grader, so it skips them (every hidden test fails at once, 0 points).
"""

from __future__ import annotations

import os
import shutil
import time

from dxquest import paths
from dxquest.caseinfo import discover_cases
from dxquest.cohort import gradebook
from dxquest.cohort.batch import grade_cohort
from dxquest.grade import grade_submission
from dxquest.pipeline import build_data
from dxquest.release import release_case


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
    submissions = work / "submissions"  # one folder per learner, as the batch reads them
    for student in students:
        shutil.copytree(reference, submissions / student)

    # Serial: the same grading, one learner after another in this process, into a gradebook of
    # its own.
    serial_db = gradebook.sqlite_url(work / "serial.db")
    start = time.perf_counter()
    for student in students:
        report = grade_submission(
            case,
            submissions / student,
            student=student,
            lang=lang,
            db_url=serial_db,
            out_dir=work / "serial-grades",
        )
        if report.auto_score != report.auto_max:
            raise RuntimeError(f"serial grading did not grade {student}'s reference copy fully")
    serial = time.perf_counter() - start

    # Parallel: the cohort batch, into a gradebook of its own.
    start = time.perf_counter()
    result = grade_cohort(
        case,
        submissions,
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
