"""The learner's own commands: JupyterLab on their copy of a case, and their progress."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from dxquest.caseinfo import discover_cases, get_case
from dxquest.cli.options import JSON, lang_option
from dxquest.lab import default_workspace_root, lab_command, lab_environment, prepare_workspace
from dxquest.progress import (
    FOLDER_MISSING,
    NotACaseFolder,
    as_json_dict,
    case_progress,
    completion_notes,
    format_progress,
)


@click.command()
@click.option("--case", "case_id", default=None, help="Case to open (default: the first case).")
@lang_option()
@click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Your working folder (default: ./dxquest-<lang>); your edits there are never overwritten.",
)
@click.option("--port", type=int, default=None, help="JupyterLab's port (default: JupyterLab's).")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
def lab(
    case_id: str | None, lang: str, root: Path | None, port: int | None, no_browser: bool
) -> None:
    """Open JupyterLab on your copy of a case: README, notebooks and nbgrader's Validate."""
    case = get_case(case_id) if case_id else discover_cases()[0]
    workspace = prepare_workspace(case, lang, root or default_workspace_root(lang))
    click.echo(f"{case.id} [{lang}]: {workspace.case_dir}")
    if workspace.kept:
        click.echo(f"kept your files: {', '.join(workspace.kept)}")
    command = lab_command(workspace, case, port=port, open_browser=not no_browser)
    # JupyterLab replaces this process, so Ctrl-C reaches it directly and it shuts its kernels down.
    os.chdir(workspace.root)
    os.execve(command[0], command, lab_environment(workspace))


@click.command()
@click.option("--case", "case_id", default=None, help="Case (default: the first case).")
@lang_option()
@click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Your working folder, as given to `dxquest lab` (default: ./dxquest-<lang>).",
)
@click.option(
    "--notebook",
    "notebooks",
    multiple=True,
    help="Only these notebooks (e.g. 01_business_problem).",
)
@JSON
def progress(
    case_id: str | None, lang: str, root: Path | None, notebooks: tuple[str, ...], as_json: bool
) -> None:
    """Which of your questions pass their public checks (runs your saved notebooks, no grader),
    and what completing the case still needs."""
    case = get_case(case_id) if case_id else discover_cases()[0]
    folder = (root or default_workspace_root(lang)) / case.id
    if not folder.is_dir():
        raise click.ClickException(FOLDER_MISSING.format(folder=folder, case=case.id).render(lang))
    try:
        _, notebook_lang, rows = case_progress(folder, list(notebooks) or None)
    except NotACaseFolder as error:
        raise click.ClickException(error.message.render(lang)) from None
    notes = completion_notes(case, rows)
    if as_json:
        click.echo(json.dumps(as_json_dict(rows, notes), indent=2, ensure_ascii=False))
    else:
        click.echo(format_progress(rows, notebook_lang, notes))
