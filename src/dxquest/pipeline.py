"""Steps shared by ``dxquest run``, ``validate`` and ``bench``: build a case's data and releases,
execute its reference notebooks with papermill, and collect the figures their hidden checks
report."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cases.spec import case_spec
from dxquest.public_checks import write_public_checks
from dxquest.release import build_sources, release_case


def build_data(case: CaseInfo) -> float:
    """Generate the case's public data and its self-checks' material; returns seconds taken."""
    start = time.perf_counter()
    case_spec(case).build_public_data()
    write_public_checks(case.id)
    return time.perf_counter() - start


def build_releases(case: CaseInfo, langs: tuple[str, ...] = ("ja", "en")) -> dict[str, list[Path]]:
    return {lang: release_case(case, lang) for lang in langs}


@dataclass
class ExecutedNotebook:
    notebook: str
    seconds: float
    metrics: dict[str, float | str] = field(default_factory=dict)


def execute_reference(case: CaseInfo, lang: str, out_dir: Path) -> list[ExecutedNotebook]:
    """Run every source notebook (solutions and hidden tests included) with papermill.

    Hidden checks report their figures (the reference's metric, the oracle's, the baseline's) to
    ``DXQUEST_METRICS_FILE``; they are returned per notebook. A failing cell raises papermill's
    ``PapermillExecutionError``, which names the cell.
    """
    import papermill

    sources = build_sources(case, lang)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    results = []
    for source in sources:
        metrics_file = out_dir / f"{source.stem}.metrics.jsonl"
        previous = os.environ.get("DXQUEST_METRICS_FILE")
        os.environ["DXQUEST_METRICS_FILE"] = str(metrics_file)
        start = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(source),
                str(out_dir / source.name),
                kernel_name="python3",
                cwd=str(out_dir),
                progress_bar=False,
                log_output=False,
            )
        finally:
            if previous is None:
                os.environ.pop("DXQUEST_METRICS_FILE", None)
            else:
                os.environ["DXQUEST_METRICS_FILE"] = previous
        seconds = time.perf_counter() - start
        metrics = {}
        if metrics_file.exists():
            for line in metrics_file.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                metrics[record["name"]] = record["value"]
            metrics_file.unlink()
        results.append(ExecutedNotebook(source.stem, seconds, metrics))
    return results


def reference_run_dir(case: CaseInfo, lang: str) -> Path:
    return paths.build_dir() / "reference" / lang / case.id
