"""``dxquest cohort peer``: a peer-review round of the free-text cells, step by step."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dxquest.caseinfo import get_case
from dxquest.cli.options import (
    DB_URL,
    JSON,
    WORKERS,
    default_of,
    excel_encoding_option,
    lang_option,
)
from dxquest.peer import (
    AssignmentError,
    NoRound,
    aggregate_round,
    assign_round,
    export_round,
    import_reviews,
)


@click.group()
def peer() -> None:
    """Peer review of the free-text cells: assign, export, import, aggregate."""


@peer.command("assign")
@click.argument("case")
@lang_option(assign_round)
@DB_URL
@click.option(
    "--k",
    type=int,
    default=default_of(assign_round, "k"),
    show_default=True,
    help="Reviewers per submission.",
)
@click.option(
    "--seed",
    type=int,
    default=default_of(assign_round, "seed"),
    show_default=True,
    help="Fixes aliases and reviewers.",
)
@JSON
def peer_assign(case: str, lang: str, db_url: str | None, k: int, seed: int, as_json: bool) -> None:
    """Give each graded submission of CASE k anonymous peer reviewers (never its author).

    Restarting a round discards the reviews imported for the previous one.
    """
    try:
        assignment = assign_round(get_case(case), lang=lang, db_url=db_url, k=k, seed=seed)
    except AssignmentError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(
            json.dumps(
                {
                    "case": case,
                    "k": k,
                    "seed": seed,
                    "aliases": assignment.aliases,
                    "reviewers": assignment.reviewers,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for author, reviewers in sorted(assignment.reviewers.items()):
        click.echo(f"{author:24s} {assignment.aliases[author]}  reviewed by {', '.join(reviewers)}")
    click.echo(f"{case}: {len(assignment.aliases)} submissions, {k} reviewers each")


@peer.command("export")
@click.argument("case")
@lang_option(export_round)
@DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for packets/ and forms/ (default: build/cohort/<lang>/<case>/peer).",
)
@excel_encoding_option(export_round, "Of the forms: ")
def peer_export(case: str, lang: str, db_url: str | None, out: Path | None, encoding: str) -> None:
    """Write an HTML review packet per submission and a CSV review form per reviewer."""
    try:
        result = export_round(
            get_case(case), lang=lang, db_url=db_url, out_dir=out, encoding=encoding
        )
    except NoRound as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{len(result.packets)} packets: {result.folder / 'packets'}")
    click.echo(f"{len(result.forms)} forms ({result.rows} rows): {result.folder / 'forms'}")


@peer.command("import")
@click.argument("case")
@click.argument("forms", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@lang_option(import_reviews)
@DB_URL
@JSON
def peer_import(
    case: str, forms: tuple[Path, ...], lang: str, db_url: str | None, as_json: bool
) -> None:
    """Check and store filled-in review FORMS (CSV files or folders of them).

    A form with any problem is not stored; its problems are listed. Exit 1 when any was rejected.
    """
    files = [f for path in forms for f in (sorted(path.glob("*.csv")) if path.is_dir() else [path])]
    try:
        result = import_reviews(get_case(case), files, lang=lang, db_url=db_url)
    except NoRound as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(lang), indent=2, ensure_ascii=False))
    else:
        for reviewer, count in sorted(result.imported.items()):
            click.echo(f"{reviewer:24s} {count} reviews imported")
        for form, problems in sorted(result.rejected.items()):
            click.echo(f"! {form}: rejected")
            for problem in problems:
                click.echo(f"    {problem.render(lang)}")
    sys.exit(1 if result.rejected else 0)


@peer.command("aggregate")
@click.argument("case")
@lang_option(aggregate_round)
@DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of <student>/<case>/score.json to rewrite (default: build/grades).",
)
@click.option(
    "--threshold",
    type=float,
    default=default_of(aggregate_round, "threshold"),
    help="Flag reviewers whose mean distance from the other reviewers exceeds this share "
    "of a criterion's points (default 1/3).",
)
@WORKERS
@JSON
def peer_aggregate(
    case: str,
    lang: str,
    db_url: str | None,
    out: Path | None,
    threshold: float,
    workers: int | None,
    as_json: bool,
) -> None:
    """Median peer scores into the gradebook as manual grades; flag reviewers; rewrite feedback."""
    try:
        result = aggregate_round(
            get_case(case),
            lang=lang,
            db_url=db_url,
            out_dir=out,
            threshold=threshold,
            workers=workers,
        )
    except NoRound as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    for student, cells in sorted(result.scores.items()):
        total = sum(c.score for c in cells.values())
        top = sum(c.max_score for c in cells.values())
        click.echo(f"{student:24s} peer score {total:g}/{top:g}")
    for student in result.unreviewed:
        click.echo(f"{student:24s} no review imported yet")
    for flag in result.flags:
        detail = "" if flag.deviation is None else f" (distance {flag.deviation:g})"
        click.echo(f"! reviewer {flag.reviewer}: {flag.reason}{detail}")
    click.echo(f"summary: {result.summary}")
