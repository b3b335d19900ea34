"""Submissions → scores for one learner, and the operator's checks of the grading path."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dxquest.caseinfo import get_case
from dxquest.cli.options import JSON, default_of
from dxquest.cohort.bench import bench_grading
from dxquest.grade import SubmissionError, grade_submission
from dxquest.i18n import LANGUAGES
from dxquest.program_year import bench_cohort
from dxquest.sandbox_audit import AuditResult, run_audit
from dxquest.similarity.audit import audit_grades as run_grade_audit


@click.command()
@click.argument("case")
@click.argument("submission", type=click.Path(exists=True, path_type=Path))
@click.option("--student", default=default_of(grade_submission, "student"), show_default=True)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=default_of(grade_submission, "lang"),
    help="Release language (default: read from the notebooks).",
)
@click.option("--db-url", default=None, help="Gradebook SQLAlchemy URL (default: SQLite).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for score.json/score.csv (default: build/grades).",
)
@JSON
def grade(
    case: str,
    submission: Path,
    student: str,
    lang: str | None,
    db_url: str | None,
    out: Path | None,
    as_json: bool,
) -> None:
    """Autograde one SUBMISSION (a folder of notebooks or one notebook) of CASE."""
    try:
        report = grade_submission(
            get_case(case), submission, student=student, lang=lang, db_url=db_url, out_dir=out
        )
    except SubmissionError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(report.to_json())
        return
    for problem in report.problems:
        click.echo(f"! {problem}")
    for cell in report.cells:
        score = "peer review" if cell.score is None else f"{cell.score:g}"
        click.echo(f"{cell.notebook:28s} {cell.grade_id:32s} {score}/{cell.max_score:g}")
    click.echo(
        f"autograded: {report.auto_score:g}/{report.auto_max:g}; "
        f"peer-reviewed: {report.manual_max:g} points pending"
    )
    if report.stretch_max:
        click.echo(
            f"optional stretch task (merit, distinction): "
            f"{report.stretch_score:g}/{report.stretch_max:g}"
        )
    click.echo(f"hidden holdout from: {report.holdout}")
    click.echo(f"learner code isolation: {report.isolation}")
    click.echo(f"feedback: {report.feedback_dir}")


@click.command("bench-grading")
@click.option(
    "--n",
    "n",
    type=int,
    default=default_of(bench_grading, "n"),
    show_default=True,
    help="Synthetic submissions.",
)
@click.option(
    "--workers", type=int, default=default_of(bench_grading, "workers"), show_default=True
)
@JSON
def bench_grading_command(n: int, workers: int, as_json: bool) -> None:
    """Serial `dxquest grade` vs `dxquest cohort grade` on N copies of the first case."""
    result = bench_grading(n, workers)
    click.echo(json.dumps(result, indent=None if as_json else 2))


@click.command("bench-cohort")
@click.option(
    "--learners",
    type=int,
    default=default_of(bench_cohort, "learners"),
    show_default=True,
    help="Synthetic learners (strong, weak, broken and hanging ones).",
)
@click.option("--case", "case_id", default=default_of(bench_cohort, "case_id"), show_default=True)
@click.option("--workers", type=int, default=default_of(bench_cohort, "workers"), show_default=True)
@click.option("--dask", is_flag=True, help="Grade on a local Dask cluster of --workers workers.")
@click.option(
    "--gradebook-url",
    default=None,
    help="An empty gradebook to fill, e.g. postgresql+psycopg://user@host/db (default: SQLite).",
)
@click.option(
    "--serial-sample",
    "serial_sample_size",
    type=int,
    default=default_of(bench_cohort, "serial_sample_size"),
    show_default=True,
    help="Learners graded again serially to compare with the batch (one of each kind at least).",
)
@click.option(
    "--timeout",
    type=float,
    default=default_of(bench_cohort, "timeout"),
    show_default=True,
    help="Seconds a submission may take (stops the hanging ones).",
)
@click.option("--seed", type=int, default=default_of(bench_cohort, "seed"), show_default=True)
@JSON
def bench_cohort_command(
    learners: int,
    case_id: str,
    workers: int,
    dask: bool,
    gradebook_url: str | None,
    serial_sample_size: int,
    timeout: float,
    seed: int,
    as_json: bool,
) -> None:
    """A program year of LEARNERS synthetic learners of CASE, measured: grading, peer review,
    item statistics, similarity and badges; seconds per stage and per submission, peak memory,
    gradebook size, equality with serial grading, and the year projected to 2,000 learners."""
    result = bench_cohort(
        learners,
        case_id=case_id,
        workers=workers,
        dask=dask,
        gradebook_url=gradebook_url,
        serial_sample_size=serial_sample_size,
        timeout=timeout,
        seed=seed,
        log=None if as_json else click.echo,
    )
    click.echo(json.dumps(result, indent=None if as_json else 2, ensure_ascii=False))


@click.command("audit-sandbox")
@click.option("--only", multiple=True, help="Run only these attacks (names in the corpus).")
@JSON
def audit_sandbox(only: tuple[str, ...], as_json: bool) -> None:
    """Grade the adversarial corpus of bad submissions in the sandbox and check every outcome."""
    _report_audit(run_audit(names=list(only) or None), as_json)


@click.command("audit-grades")
@click.option("--only", multiple=True, help="Run only these attacks (names in the corpus).")
@JSON
def audit_grades(only: tuple[str, ...], as_json: bool) -> None:
    """Grade the attacks on grades (the kit's code, its files, public answers, data not known at
    decision time) and check that every one earns nothing, no file a kernel can read holds an
    answer, and a pasted reference solution is flagged by the similarity review."""
    _report_audit(run_grade_audit(names=list(only) or None), as_json)


def _report_audit(result: AuditResult, as_json: bool) -> None:
    if as_json:
        click.echo(result.to_json())
    else:
        for row in result.rows:
            mark = "ok  " if row.ok else "FAIL"
            click.echo(f"{mark} {row.case:36s} expected: {row.expected}")
            click.echo(f"     {'':36s} observed: {row.observed}")
        click.echo(f"handled {result.handled}/{result.total}; isolation: {result.isolation}")
    sys.exit(0 if result.handled == result.total else 1)
