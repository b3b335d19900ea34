"""Where a batch's grading tasks run: a local process pool (default) or a Dask cluster.

Both yield one result per task as it finishes and turn anything that goes wrong with a task (a
crash, a hang past the time limit, a killed process) into an error result for that task alone.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait

import psutil

from dxquest.cohort.worker import STARTED, GradingTask
from dxquest.threads import ONE_THREAD_ENV


def kill_tree(pid: int) -> None:
    """Kill a process and everything it started (kernels run in sessions of their own)."""
    try:
        parent = psutil.Process(pid)
        family = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for proc in family:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)


START_UP_SECONDS = 120.0
"""How long a new grading process may take to start (its imports, on a loaded machine) before it
counts as hung; a task's own time limit runs only from when it starts the task."""


def _timeout_result(task: GradingTask, timeout: float) -> dict:
    return {
        "student": task.student,
        "status": "timeout",
        "error": f"{timeout:g}",
        "seconds": timeout,
    }


def _crash_result(task: GradingTask, code: int | None) -> dict:
    return {"student": task.student, "status": "error", "error": f"grader exited ({code})"}


# Not ``python -m dxquest.cohort.worker``: the package imports that module, so run as a script it
# would be loaded a second time, as __main__, and Python warns of it on every process's start.
WORKER_MAIN = "import sys; from dxquest.cohort.worker import main; main(sys.argv[1:])"


class _GradingProcess:
    """A long-lived grading process (:func:`dxquest.cohort.worker.main`) and the task it grades.

    It is a plain subprocess talking over a socket pair, not a multiprocessing child: a Dask
    worker is a daemonic process, which multiprocessing forbids to have children.
    """

    def __init__(self) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER_MAIN, str(child.fileno()), str(os.getpid())],
            pass_fds=(child.fileno(),),
            env=os.environ | ONE_THREAD_ENV,
        )
        child.close()
        self.task: GradingTask | None = None
        self.started = 0.0
        self.limit = START_UP_SECONDS  # until the process says it started the task

    @property
    def usable(self) -> bool:
        return not self.conn.closed and self.proc.poll() is None

    def begin(self, task: GradingTask) -> None:
        self.task, self.started, self.limit = task, time.monotonic(), START_UP_SECONDS
        self.conn.send(task)

    def outcome(self, timeout: float) -> dict | None:
        """The task's result once there is one (None while it runs). A process that crashed or
        hung is stopped with it, to be replaced before the next task."""
        result, broken = None, True
        if self.conn.poll():
            try:
                result, broken = self.conn.recv(), False
            except (EOFError, OSError):  # the process died (its end of the pair closed)
                result = _crash_result(self.task, self._exit_code())
            if result == STARTED:
                self.started, self.limit, result = time.monotonic(), timeout, None
        elif self.proc.poll() is not None:
            result = _crash_result(self.task, self.proc.returncode)
        elif time.monotonic() - self.started > self.limit:
            result = _timeout_result(self.task, timeout)
        if result is not None:
            self.task = None
            if broken:
                self.stop()
        return result

    def _exit_code(self) -> int | None:
        try:
            return self.proc.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        kill_tree(self.proc.pid)
        self._exit_code()
        if not self.conn.closed:
            self.conn.close()


def run_local(tasks: list[GradingTask], workers: int, timeout: float) -> Iterator[dict]:
    """Grade ``tasks`` on ``workers`` long-lived processes (imports are paid once per process).

    A task that runs past ``timeout`` seconds, or whose process dies, costs that task only: its
    process tree is killed and replaced. The limit runs from when the process starts the task, so
    a new process's start-up (:data:`START_UP_SECONDS` at most) is not charged to the submission.
    """
    pending = deque(tasks)
    pool = [_GradingProcess() for _ in range(max(1, min(workers, len(tasks))))]
    try:
        while pending or any(p.task for p in pool):
            for index, process in enumerate(pool):
                if process.task is None and pending:
                    if not process.usable:  # stopped after a broken task
                        process.stop()
                        pool[index] = process = _GradingProcess()
                    process.begin(pending.popleft())
            busy = [p for p in pool if p.task]
            wait([p.conn for p in busy], timeout=1.0)
            for process in busy:
                if (result := process.outcome(timeout)) is not None:
                    yield result
    finally:
        for process in pool:
            process.stop()


_warm = threading.local()


def grade_warm(task: GradingTask, timeout: float) -> dict:
    """Grade ``task`` in this thread's long-lived grading process, started at its first task and
    replaced after a crash or a time-out: what a Dask task runs, so a cluster worker pays the
    grader's imports once, as a local pool's process does, not once per submission."""
    process = getattr(_warm, "process", None)
    if process is None or not process.usable:
        if process is not None:
            process.stop()
        process = _warm.process = _GradingProcess()
    process.begin(task)
    result = None
    while result is None:
        process.conn.poll(1.0)
        result = process.outcome(timeout)
    return result


def run_dask(tasks: list[GradingTask], scheduler: str, timeout: float) -> Iterator[dict]:
    """Grade ``tasks`` on the Dask cluster at ``scheduler`` (one task per submission).

    Cluster workers need this package installed and the build folder and submissions at the same
    paths (a shared file system); the gradebook is written only here, by the caller.
    """
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = {
            client.submit(
                grade_warm,
                task,
                timeout,
                pure=False,
                key=f"grade-{task.student}-{task.fingerprint[:12]}",
            ): task
            for task in tasks
        }
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except Exception as error:  # e.g. KilledWorker: the cluster gave up on this task
                yield {
                    "student": task.student,
                    "status": "error",
                    "error": f"{type(error).__name__}: {str(error)[:300]}",
                }
