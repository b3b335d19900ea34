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

from dxquest.cohort.worker import GradingTask, serve
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

    def stop(self) -> None:
        kill_tree(self.proc.pid)
        self.proc.join(5)
        if not self.conn.closed:
            self.conn.close()


def run_local(tasks: list[GradingTask], workers: int, timeout: float) -> Iterator[dict]:
    """Grade ``tasks`` on ``workers`` long-lived processes (imports are paid once per process).

    A task that runs past ``timeout`` seconds, or whose process dies, costs that task only: its
    process tree is killed and replaced.
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
                    worker.task, worker.started = pending.popleft(), time.monotonic()
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
                elif worker.proc.sentinel in ready or not worker.proc.is_alive():
                    result = _crash_result(worker.task, worker.proc.exitcode)
                elif time.monotonic() - worker.started > timeout:
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
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                kill_tree(proc.pid)
                return _timeout_result(task, timeout)
        if code != 0 or not result_file.is_file():
            return _crash_result(task, code)
        return json.loads(result_file.read_text(encoding="utf-8"))


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
