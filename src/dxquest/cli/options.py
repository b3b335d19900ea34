"""Options shared by several commands, and the defaults they read from the library."""

from __future__ import annotations

import inspect

import click

from dxquest.excel_csv import WRITE_ENCODINGS
from dxquest.i18n import LANGUAGES

CASES = click.argument("cases", nargs=-1)
JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
WORKERS = click.option(
    "--workers", type=int, default=None, help="Local processes (default: every core)."
)
DB_URL = click.option(
    "--db-url", default=None, help="Cohort gradebook SQLAlchemy URL (default: SQLite of --lang)."
)


def default_of(function, parameter: str):
    """The default of ``function``'s ``parameter``: what the API does is what the CLI does."""
    return inspect.signature(function).parameters[parameter].default


def lang_option(function=None):
    """``--lang``, defaulting to ``function``'s own ``lang`` (without one: Japanese, the learners'
    first language)."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=LANGUAGES[0] if function is None else default_of(function, "lang"),
        show_default=True,
    )


def excel_encoding_option(function, what: str):
    """``--encoding`` of a CSV written for Excel, defaulting to ``function``'s own ``encoding``."""
    return click.option(
        "--encoding",
        type=click.Choice(WRITE_ENCODINGS),
        default=default_of(function, "encoding"),
        show_default=True,
        help=f"{what}UTF-8 with a BOM (Excel 2016 and later), or cp932 for older Excel.",
    )
