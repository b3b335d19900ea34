"""Where a batch's grading tasks run: a local process pool (default) or a Dask cluster.

Both yield one result per task as it finishes and turn anything that goes wrong with a task (a
crash, a hang past the time limit, a killed process) into an error result for that task alone.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait
from pathlib import Path

import psutil

from dxquest.cohort.worker import STARTED, GradingTask, serve
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


class _PoolWorker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=serve, args=(child, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.task: GradingTask | None = None
        self.started = 0.0
        self.limit = START_UP_SECONDS  # until the worker says it started the task

    def stop(self) -> None:
        kill_tree(self.proc.pid)
        self.proc.join(5)
        if not self.conn.closed:
            self.conn.close()


def run_local(tasks: list[GradingTask], workers: int, timeout: float) -> Iterator[dict]:
    """Grade ``tasks`` on ``workers`` long-lived processes (imports are paid once per process).

    A task that runs past ``timeout`` seconds, or whose process dies, costs that task only: its
    process tree is killed and replaced. The limit runs from when the worker starts the task, so a
    new worker's start-up (:data:`START_UP_SECONDS` at most) is not charged to the submission.
    """
    ctx = multiprocessing.get_context("spawn")
    pending = deque(tasks)
    pool = [_PoolWorker(ctx) for _ in range(max(1, min(workers, len(tasks))))]
    try:
        while pending or any(w.task for w in pool):
            for index, worker in enumerate(pool):
                if worker.task is None and pending:
                    # A worker stopped after a broken task can outlive its kill for a moment;
                    # its pipe is closed either way, so it is replaced, never sent a task.
                    if worker.conn.closed or not worker.proc.is_alive():
                        worker.stop()
                        pool[index] = worker = _PoolWorker(ctx)
                    worker.task, worker.limit = pending.popleft(), START_UP_SECONDS
                    worker.started = time.monotonic()
                    worker.conn.send(worker.task)
            busy = [w for w in pool if w.task]
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=1.0)
            for worker in busy:
                result, broken = None, True
                if worker.conn in ready:
                    try:
                        result, broken = worker.conn.recv(), False
                    except (EOFError, OSError):
                        result = _crash_result(worker.task, worker.proc.exitcode)
                    if result == STARTED:
                        worker.started, worker.limit, result = time.monotonic(), timeout, None
                elif worker.proc.sentinel in ready or not worker.proc.is_alive():
                    result = _crash_result(worker.task, worker.proc.exitcode)
                elif time.monotonic() - worker.started > worker.limit:
                    result = _timeout_result(worker.task, timeout)
                if result is None:
                    continue
                if broken:
                    worker.stop()  # replaced when it is next needed
                worker.task = None
                yield result
    finally:
        for worker in pool:
            worker.stop()


def grade_isolated(task: GradingTask, timeout: float) -> dict:
    """Grade one task in a fresh process with a time limit (what a Dask task runs)."""
    with tempfile.TemporaryDirectory(prefix="dxquest-task-") as tmp:
        task_file, result_file = Path(tmp, "task.json"), Path(tmp, "result.json")
        task_file.write_text(task.to_json(), encoding="utf-8")
        Path(task.log).parent.mkdir(parents=True, exist_ok=True)
        with open(task.log, "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "dxquest.cohort.worker", str(task_file), str(result_file)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=os.environ | ONE_THREAD_ENV,
                start_new_session=True,
            )
            code = _wait_from_start(proc, Path(tmp, STARTED), timeout)
            if code is None:
                kill_tree(proc.pid)
                return _timeout_result(task, timeout)
        if code != 0 or not result_file.is_file():
            return _crash_result(task, code)
        return json.loads(result_file.read_text(encoding="utf-8"))


def _wait_from_start(proc: subprocess.Popen, started: Path, timeout: float) -> int | None:
    """``proc``'s exit code, or None once it ran ``timeout`` seconds past writing ``started`` (or
    :data:`START_UP_SECONDS` before it, while it starts up)."""
    deadline, counting_task = time.monotonic() + START_UP_SECONDS, False
    while True:
        try:
            return proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
        if not counting_task and started.exists():
            deadline, counting_task = time.monotonic() + timeout, True
        if time.monotonic() > deadline:
            return None


def run_dask(tasks: list[GradingTask], scheduler: str, timeout: float) -> Iterator[dict]:
    """Grade ``tasks`` on the Dask cluster at ``scheduler`` (one task per submission).

    Cluster workers need this package installed and the build folder and submissions at the same
    paths (a shared file system); the gradebook is written only here, by the caller.
    """
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = {
            client.submit(
                grade_isolated,
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
