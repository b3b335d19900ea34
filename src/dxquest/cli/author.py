"""Author → learner: the learners' data and the nbgrader releases."""

from __future__ import annotations

import click

from dxquest.caseinfo import select_cases
from dxquest.cli.options import CASES
from dxquest.figures import refresh
from dxquest.i18n import LANGUAGES
from dxquest.pipeline import build_data, build_releases
from dxquest.scaffold import ScaffoldError, new_case


@click.command("build-data")
@CASES
def build_data_command(cases: tuple[str, ...]) -> None:
    """Generate the learners' data of CASES (all cases when none is named), and write the
    figures the case's texts state from it."""
    for case in select_cases(cases):
        click.echo(f"{case.id}: data built in {build_data(case):.1f} s")
        for path in refresh(case):
            click.echo(f"{case.id}: figures rewritten in {path.name}")


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


@click.command("new-case")
@click.argument("name")
def new_case_command(name: str) -> None:
    """Create case NAME from the template: cases/NAME, its package and datasets/NAME.md."""
    try:
        case = new_case(name)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"created {case.directory}; next: dxquest validate {case.id}")
