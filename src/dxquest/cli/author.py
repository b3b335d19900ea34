"""Author → learner: the learners' data and the nbgrader releases."""

from __future__ import annotations

import click

from dxquest.caseinfo import select_cases
from dxquest.cli.options import CASES
from dxquest.i18n import LANGUAGES
from dxquest.pipeline import build_data, build_releases


@click.command("build-data")
@CASES
def build_data_command(cases: tuple[str, ...]) -> None:
    """Generate the learners' data of CASES (all cases when none is named)."""
    for case in select_cases(cases):
        click.echo(f"{case.id}: data built in {build_data(case):.1f} s")


@click.command()
@CASES
@click.option(
    "--lang",
    "langs",
    type=click.Choice(LANGUAGES),
    multiple=True,
    help="Language(s) to release (default: all).",
)
def release(cases: tuple[str, ...], langs: tuple[str, ...]) -> None:
    """Build learner releases (no solutions, no hidden tests) with nbgrader."""
    for case in select_cases(cases):
        build_data(case)
        for lang, notebooks in build_releases(case, langs or LANGUAGES).items():
            click.echo(f"{case.id} [{lang}]: {notebooks[0].parent}")
