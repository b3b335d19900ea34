"""Steps shared by ``dxquest run``, ``validate`` and ``bench``: build a case's data and releases,
execute its reference notebooks with papermill, and collect the figures their hidden checks
report."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm.auto import tqdm

from dxquest import kit_build, paths
from dxquest.caseinfo import CaseInfo
from dxquest.cases.spec import case_spec
from dxquest.exercise import CHECKS_FILE
from dxquest.grader_channel import INPUTS_ENV, MIME_TYPE
from dxquest.kernel_config import kernel_config
from dxquest.marking import handed_over, hidden_inputs_dir, mark_test_cell
from dxquest.public_checks import write_public_checks
from dxquest.question_kinds import points_by_kind
from dxquest.release import build_sources, release_case
from dxquest.threads import ONE_THREAD_ENV


def build_data(case: CaseInfo) -> float:
    """Generate the case's public data, the files derived from it and its self-checks' material;
    returns seconds taken."""
    start = time.perf_counter()
    spec = case_spec(case)
    directory = spec.build_public_data()
    if spec.derived_files is not None:
        spec.derived_files(directory)
    write_public_checks(case.id)
    return time.perf_counter() - start


def ensure_public_data(case: CaseInfo) -> None:
    """Build the case's public data unless this build of the kit built it (an upgraded kit builds
    it again: :mod:`dxquest.kit_build`): kernels read it read-only, so it must exist before they
    start. Processes that ask at once build it once, the others wait for it: one that went on
    would read half-written files (a date of NUL bytes), and a second build would replace the
    self-checks' salt under the kernels already reading the first."""
    directory = paths.data_dir(case.id)
    directory.mkdir(parents=True, exist_ok=True)
    # Beside the folder it guards, where the folder really is (it may be shared through a link).
    lock_file = directory.resolve().with_name(f"{case.id}.building")
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the OS drops it if the process dies
        if not kit_build.made_by_this_kit(directory / CHECKS_FILE):
            build_data(case)


def build_releases(case: CaseInfo, langs: tuple[str, ...] = ("ja", "en")) -> dict[str, list[Path]]:
    return {lang: release_case(case, lang) for lang in langs}


@dataclass
class ExecutedNotebook:
    notebook: str
    seconds: float
    metrics: dict[str, float | str] = field(default_factory=dict)


def execute_reference(
    case: CaseInfo, lang: str, out_dir: Path, workers: int | None = None
) -> list[ExecutedNotebook]:
    """Run every source notebook (solutions and hidden tests included) with papermill, then mark
    its hidden checks as the grader does (:func:`dxquest.marking.mark_test_cell`).

    The notebooks run side by side, ``workers`` at a time (default: one per core), each in a
    kernel of its own with one thread for numerical work: they are independent, as grading runs
    each in a kernel of its own. Those with the most points on models start first, so the longest
    do not wait for the short ones. Each notebook's seconds are its own run's.

    The marks report their figures (the reference's metric, the oracle's, the baseline's) to
    ``DXQUEST_METRICS_FILE``; they are returned per notebook, in the case's order. A failing cell
    raises papermill's ``PapermillExecutionError``, which names the cell, or, in a cell tagged
    ``raises-exception`` (tests, cells using an answer), :class:`ReferenceFailed`, as does a
    failed hidden check.
    """
    sources = build_sources(case, lang)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    workers = max(1, min(workers or os.cpu_count() or 1, len(sources)))
    kernel_env = {INPUTS_ENV: str(hidden_inputs_dir(case))}
    if workers > 1:  # one kernel per core: a second thread in each would only wait
        kernel_env |= ONE_THREAD_ENV
    longest_first = sorted(sources, key=lambda source: -points_by_kind([source])["model"])
    seconds = {}
    progress = tqdm(total=len(sources), desc=f"{case.id}: reference", unit="notebook", disable=None)
    with _environment(kernel_env), ThreadPoolExecutor(workers) as pool, progress as bar:
        running = {
            pool.submit(_execute_notebook, source, out_dir / source.name): source
            for source in longest_first
        }
        # Marking reads the AI task on the grading draw (the oracle's scores among it; the image
        # oracle takes half a minute): made meanwhile on the first free core, not after the last
        # notebook. Kept by the case's spec for the marks below.
        spec = case_spec(case)
        task = pool.submit(spec.hidden_task) if spec.ai_task is not None else None
        for done in as_completed(running):
            if done.exception() is not None:  # the reference failed: start no other notebook
                pool.shutdown(cancel_futures=True)
            seconds[running[done]] = done.result()
            bar.update()
        if task is not None:
            task.result()
    results = []
    for source in sources:
        metrics_file = out_dir / f"{source.stem}.metrics.jsonl"
        with _environment({"DXQUEST_METRICS_FILE": str(metrics_file)}):
            _mark_hidden_checks(case, out_dir / source.name, lang)
        metrics = {}
        if metrics_file.exists():
            for line in metrics_file.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                metrics[record["name"]] = record["value"]
            metrics_file.unlink()
        results.append(ExecutedNotebook(source.stem, seconds[source], metrics))
    return results


def _execute_notebook(source: Path, executed: Path) -> float:
    """Run ``source`` into ``executed`` with papermill; the seconds it took."""
    import papermill

    start = time.perf_counter()
    papermill.execute_notebook(
        str(source),
        str(executed),
        kernel_name="python3",
        config=kernel_config(),
        # The kernel's working folder, given to the kernel alone: papermill's own ``cwd`` changes
        # the process's, which would move the other notebooks' kernels too.
        resources={"metadata": {"path": str(executed.parent)}},
        progress_bar=False,
        log_output=False,
    )
    return time.perf_counter() - start


class ReferenceFailed(AssertionError):
    """A cell or a hidden check of the reference solution failed."""


def _mark_hidden_checks(case: CaseInfo, executed: Path, lang: str) -> None:
    nb = nbformat.read(executed, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        # Papermill goes on past a cell the build tagged raises-exception (Run All must reach
        # the end for a learner): in the reference, any error is a failure.
        error = next((o for o in cell.outputs if o.output_type == "error"), None)
        if error is not None:
            raise ReferenceFailed(f"{executed.name} cell {index}: {error.ename}: {error.evalue}")
        if "grade_hidden" not in cell.source:
            continue
        handed = handed_over(cell.outputs)
        cell.outputs = [o for o in cell.outputs if MIME_TYPE not in o.get("data", {})]
        for verdict in mark_test_cell(case.id, cell, handed, lang):
            if not verdict.passed:
                raise ReferenceFailed(f"{executed.name}: {verdict.message.render('en')}")
    nbformat.write(nb, executed)


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set (a kernel started meanwhile inherits them)."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def reference_run_dir(case: CaseInfo, lang: str) -> Path:
    return paths.build_dir() / "reference" / lang / case.id
