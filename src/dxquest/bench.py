"""Benchmark and main-job figures: how close each case's reference gets to the oracle, what it
saves against today's practice, and how long building and executing take on this machine."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cases.spec import case_spec
from dxquest.feedback import GradeReport
from dxquest.grade import grade_submission
from dxquest.pipeline import (
    ExecutedNotebook,
    build_data,
    build_releases,
    ensure_public_data,
    execute_reference,
    reference_run_dir,
)
from dxquest.question_kinds import points_by_kind


def _timed_build(case: CaseInfo, **size: object) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        case_spec(case).build_public_data(Path(scratch), **size)
        return time.perf_counter() - start


# The reference's runs are no cohort's: its sources, releases and grades go to courses of their own.
BENCH_COURSES = "courses/bench"


@paths.own_courses(BENCH_COURSES)
def bench_case(
    case: CaseInfo, lang: str = "ja", *, ten_x_build: bool = True, built_in: float | None = None
) -> dict:
    """Figures of one case, in the JSON shape ``dxquest bench --json`` prints.

    ``ten_x_build``: also time building ten times the learners' company (a scale figure; for the
    image case it takes about 90 s, so the end-to-end test leaves it to the benchmark).
    ``built_in``: the seconds :func:`~dxquest.pipeline.build_data` just took, so the learners'
    data is not built a second time only to be timed. ``seconds`` holds each notebook's,
    ``case_total`` their sum and ``case_wall`` what the case took, its notebooks side by side on
    every core (:func:`~dxquest.pipeline.execute_reference`)."""
    spec = case_spec(case)
    build_1x = _timed_build(case) if built_in is None else built_in
    build_10x = _timed_build(case, **spec.ten_x_size) if ten_x_build else None
    ensure_public_data(case)  # the reference reads the learners' data (on a fresh machine too)
    run_dir = reference_run_dir(case, lang)
    start = time.perf_counter()
    executed = execute_reference(case, lang, run_dir)
    wall = time.perf_counter() - start
    summary = spec.summarise_metrics({run.notebook: run.metrics for run in executed})
    return {
        "metric": case.metric,
        "lower_is_better": case.lower_is_better,
        **summary,
        "points_by_kind": points_by_kind(run_dir / f"{nb}.ipynb" for nb in case.notebook_ids),
        "seconds": {
            "data_build_1x": round(build_1x, 2),
            **({"data_build_10x": round(build_10x, 2)} if build_10x is not None else {}),
            **{run.notebook: round(run.seconds, 2) for run in executed},
            "case_total": round(sum(run.seconds for run in executed), 2),
            "case_wall": round(wall, 2),
        },
    }


@paths.own_courses(BENCH_COURSES)
def run_case(
    case: CaseInfo, lang: str = "ja", say: Callable[[str], None] = lambda stage: None
) -> tuple[list[ExecutedNotebook], GradeReport]:
    """The main job for one case: data, releases, reference executed with papermill, autograded;
    ``say`` hears each stage as it starts."""
    say("building the data")
    build_data(case)
    say("building the releases")
    build_releases(case)
    run_dir = reference_run_dir(case, lang)
    say("running the reference with papermill")
    executed = execute_reference(case, lang, run_dir)
    say("grading the reference in the sandbox")
    report = grade_submission(case, run_dir, student="reference", lang=lang)
    return executed, report


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"


def results_table(
    case: CaseInfo, executed: list[ExecutedNotebook], report: GradeReport
) -> list[dict]:
    """One row per notebook: score, the notebook's metric for reference/oracle/baseline, seconds."""
    metrics = case_spec(case).notebook_metrics
    rows = []
    for run in executed:
        mine = [c for c in report.cells if c.notebook == run.notebook]
        auto = [c for c in mine if c.kind == "auto"]
        peer = sum(c.max_score for c in mine if c.kind == "manual")
        label, prefix = metrics.get(run.notebook, ("", ""))
        rows.append(
            {
                "case": case.id,
                "notebook": run.notebook,
                "score": f"{sum(c.score for c in auto):g}/{sum(c.max_score for c in auto):g}"
                + (f" (+{peer:g} peer)" if peer else ""),
                "metric": label,
                "reference": _figure(run.metrics.get(f"{prefix}_learner")),
                "oracle": _figure(run.metrics.get(f"{prefix}_oracle")),
                "baseline": _figure(run.metrics.get(f"{prefix}_baseline")),
                "seconds": f"{run.seconds:.1f}",
            }
        )
    return rows


def format_table(rows: list[dict]) -> str:
    if not rows:
        return "(no cases)"
    headers = list(rows[0])
    widths = {h: max(len(h), *(len(str(r[h])) for r in rows)) for h in headers}
    lines = ["  ".join(h.ljust(widths[h]) for h in headers)]
    lines.append("  ".join("-" * widths[h] for h in headers))
    lines += ["  ".join(str(r[h]).ljust(widths[h]) for h in headers) for r in rows]
    return "\n".join(lines)
