"""CSV files of a generator's tables: one writer and one reader for every generator.

Same tables, same bytes: UTF-8, ``\\n`` line ends, no index, dates as ``YYYY-MM-DD``. The reader
gives the dtypes the generator made: dates as ``datetime64[ns]`` and ids and labels as ``str``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

__all__ = ["read_csv_tables", "write_csv_tables", "write_public_tables"]


def write_csv_tables(tables: Mapping[str, pd.DataFrame], directory: Path) -> dict[str, Path]:
    """Write each table as ``<name>.csv`` in ``directory``; returns the written paths by name."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in tables.items():
        path = directory / f"{name}.csv"
        table.to_csv(
            path, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d"
        )
        written[name] = path
    return written


def write_public_tables(data, directory: Path) -> dict[str, Path]:
    """Write a generator's public tables (and ``truth.csv`` if the draw keeps its truth).

    ``data`` is any generator's result with ``public_tables()`` and ``truth``. Files are
    byte-identical for identical data. The generator arguments and quirks are not written: they
    are documented in the data card, and the grader keeps the hidden seed.
    """
    tables = data.public_tables()
    if data.truth is not None:
        tables["truth"] = data.truth
    return write_csv_tables(tables, directory)


def read_csv_tables(
    directory: Path,
    date_columns: Mapping[str, Iterable[str]],
    str_columns: Iterable[str],
    optional: Iterable[str] = (),
) -> dict[str, pd.DataFrame | None]:
    """Read the tables ``date_columns`` names (with their date columns) from ``directory``.

    Columns in ``str_columns`` are read as ``str`` wherever they occur; a table in ``optional``
    whose file is missing (the truth of a public draw) is ``None``.
    """
    directory = Path(directory)
    optional = set(optional)
    tables: dict[str, pd.DataFrame | None] = {}
    for name, dates in date_columns.items():
        path = directory / f"{name}.csv"
        if name in optional and not path.exists():
            tables[name] = None
            continue
        table = pd.read_csv(path, encoding="utf-8", dtype={c: "str" for c in str_columns})
        for column in dates:
            table[column] = pd.to_datetime(table[column], format="%Y-%m-%d").astype(
                "datetime64[ns]"
            )
        tables[name] = table
    return tables
