"""``dxquest cohort similarity``, ``cohort similarity-clear`` and ``bench-similarity``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dxquest.caseinfo import get_case
from dxquest.cli.options import JSON, WORKERS, default_of, lang_option
from dxquest.similarity.bench import bench_similarity
from dxquest.similarity.decisions import decisions_path, read_decisions, record_decision
from dxquest.similarity.report import report_dir, summary, write_csv, write_html
from dxquest.similarity.review import review_cohort
from dxquest.similarity.standing import record_review, review_record_path


@click.command("similarity")
@click.argument("case")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@lang_option(review_cohort)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=default_of(review_cohort, "threshold"),
    show_default=True,
    help="Pairs at or above this similarity are marked for review.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for similarity.html/.csv (default: build/cohort/<lang>/<case>/similarity).",
)
@WORKERS
@JSON
def similarity(
    case: str,
    submissions: Path,
    lang: str,
    threshold: float,
    out: Path | None,
    workers: int | None,
    as_json: bool,
) -> None:
    """Compare every learner's solution cells in SUBMISSIONS with every other's and with CASE's
    reference solution; write an HTML report of the flagged pairs and a CSV, and record the
    review for completion (a flagged learner waits for an operator's decision)."""
    review = review_cohort(
        get_case(case), submissions, lang=lang, threshold=threshold, workers=workers
    )
    decisions = read_decisions(decisions_path(case, lang))
    out = out or report_dir(case, lang)
    result = summary(review, decisions)
    result["html"] = str(write_html(review, decisions, out / "similarity.html"))
    result["csv"] = str(write_csv(review, decisions, out / "similarity.csv"))
    # Completion reads the review from here, wherever --out put the report.
    result["record"] = str(record_review(review, review_record_path(case, lang)))
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for flag in result["flagged_learners"]:
        click.echo(
            f"{flag['student']:24s} {flag['status']:9s} {flag['similarity']:5.0%} "
            f"with {flag['top_match']}"
        )
    click.echo(
        f"{case}: {result['flagged_pairs']} pairs flagged among {result['learners']} learners"
    )
    click.echo(f"report: {result['html']}")


@click.command("similarity-clear")
@click.argument("case")
@click.argument("student")
@click.option("--note", required=True, help="Why: what the operator found.")
@click.option("--other", default="", help="Decide one pair only (a learner or '(reference)').")
@click.option("--confirm", is_flag=True, help="Confirm the copy instead of clearing it.")
@lang_option(review_cohort)
def similarity_clear(
    case: str, student: str, note: str, other: str, confirm: bool, lang: str
) -> None:
    """Record an operator's decision on STUDENT's flagged pairs: cleared (default) or confirmed."""
    path = decisions_path(get_case(case).id, lang)
    decision = record_decision(path, student, note=note, other=other, confirm=confirm)
    click.echo(f"{student}: {decision.decision} ({path})")


@click.command("bench-similarity")
@click.option("--n", type=int, default=default_of(bench_similarity, "n"), show_default=True)
@click.option("--case", default=default_of(bench_similarity, "case_id"), show_default=True)
@click.option("--seed", type=int, default=default_of(bench_similarity, "seed"), show_default=True)
@WORKERS
@JSON
def bench_similarity_command(
    n: int, case: str, seed: int, workers: int | None, as_json: bool
) -> None:
    """Plant copies in a synthetic cohort of N learners and measure what the review finds."""
    result = bench_similarity(n=n, case_id=case, seed=seed, workers=workers)
    click.echo(json.dumps(result, indent=2 if not as_json else None))
