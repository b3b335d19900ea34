"""Grade one submission of a batch, in a process of its own.

A task (:class:`GradingTask`) is plain data so it crosses process and machine boundaries: Dask
ships it to a cluster worker, and the local pool or the Dask worker sends it through a socket to its
grading process.
The submission is graded by :func:`dxquest.grade.grade_submission` (so whatever isolation that path
applies, a batch gets too) into a scratch SQLite gradebook; the grades come back as data for the
batch to merge.

The local pool and each Dask worker keep one such process (or one per core) and send it task after
task, so the grader's imports are paid once per process, not once per submission.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from dxquest.parent_death import die_with_parent
from dxquest.paths import COHORT_CONFIG_ENV, COURSES_ENV
from dxquest.threads import ONE_THREAD_ENV


@dataclass(frozen=True)
class GradingTask:
    """One submission to grade, with every path as text (the same on every machine of a cluster)."""

    case: str
    student: str
    submission: str  # the learner's folder of notebooks
    lang: str
    fingerprint: str  # of the submitted files: the ledger's key for "already graded"
    build_dir: str  # the batch's build folder (data, holdouts)
    courses_dir: str  # the batch's nbgrader courses (releases, submissions, feedback)
    cohort_config: str  # the batch's cohort settings file ("" for none): due dates, late policy
    template_db: str  # a gradebook holding only the assignment, copied to ``scratch_db``
    scratch_db: str  # this task's own SQLite gradebook, deleted afterwards
    out_dir: str  # root of <student>/<case>/score.json
    log: str  # this attempt's log file


def grade_task(task: GradingTask) -> dict:
    """Grade ``task`` here and now; never raises (an error becomes the result)."""
    os.environ.update(ONE_THREAD_ENV)
    os.environ["DXQUEST_BUILD_DIR"] = task.build_dir
    os.environ[COURSES_ENV] = task.courses_dir
    os.environ[COHORT_CONFIG_ENV] = task.cohort_config
    start = time.perf_counter()
    scratch = Path(task.scratch_db)
    print(
        f"[dxquest cohort] {task.case}/{task.student}: {task.submission} "
        f"(files {task.fingerprint[:12]}), pid {os.getpid()}",
        flush=True,
    )
    try:
        from dxquest.caseinfo import get_case
        from dxquest.cohort.gradebook import extract_grades, sqlite_url
        from dxquest.grade import grade_submission

        scratch.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(task.template_db, scratch)
        url = sqlite_url(scratch)
        report = grade_submission(
            get_case(task.case),
            Path(task.submission),
            student=task.student,
            lang=task.lang,
            db_url=url,
            out_dir=Path(task.out_dir),
        )
        grades = extract_grades(url, task.case, task.student)
        print(
            f"[dxquest cohort] autograded {report.auto_score:g}/{report.auto_max:g} in "
            f"{time.perf_counter() - start:.1f} s",
            *report.problems,
            sep="\n",
            flush=True,
        )
        return {
            "student": task.student,
            "status": "graded",
            "grades": grades,
            "problems": report.problems,
            "auto_score": report.auto_score,
            "seconds": round(time.perf_counter() - start, 2),
        }
    except BaseException as error:  # noqa: B036 (the batch must hear about anything, even exit)
        traceback.print_exc()
        return {
            "student": task.student,
            "status": "error",
            "error": f"{type(error).__name__}: {str(error)[:500]}",
            "seconds": round(time.perf_counter() - start, 2),
        }
    finally:
        scratch.unlink(missing_ok=True)


class _Redirect:
    """Send this process's stdout/stderr (and its kernels') to a task's log file."""

    def __init__(self, log_path: str):
        self.log_path = log_path

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = os.dup(1), os.dup(2)
        Path(self.log_path).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        return self

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        os.close(self.saved[0])
        os.close(self.saved[1])


STARTED = "started"
"""What a worker says when it starts a task, its imports paid: a task's time limit runs from then,
so a learner's submission is never charged for a new worker's start-up."""


def serve(conn, parent_pid: int) -> None:
    """Grade the tasks received on ``conn`` until it closes, saying :data:`STARTED` before each."""
    die_with_parent(parent_pid)  # kill -9 of the batch must not leave graders running
    os.environ.update(ONE_THREAD_ENV)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    import dxquest.grade  # noqa: F401 (pay the imports once per worker, not per submission)

    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        conn.send(STARTED)
        with _Redirect(task.log):
            result = grade_task(task)
        conn.send(result)


def main(argv: list[str]) -> None:
    """A grading process's entry, given ``[FD, PARENT_PID]`` (:mod:`dxquest.cohort.runners` starts
    it): serve the tasks sent on the connection at file descriptor ``FD`` (a socket the parent, a
    local pool or a Dask worker, passed on)."""
    fd, parent_pid = argv
    serve(Connection(int(fd)), int(parent_pid))
