"""The bakery's tables and their files: what a learner's kernel may read.

Kept apart from the generator (:mod:`.generator`): a graded kernel reads the tables but must not be
able to draw more of them, which would hand it the true demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dxquest.synth.tables import read_csv_tables, write_csv_tables

__all__ = ["BakeryData", "read_bakery_data", "write_bakery_data"]


@dataclass(frozen=True)
class BakeryData:
    """Tables of one synthetic draw; see ``datasets/newcase.md`` for every column.

    Attributes
    ----------
    sales : DataFrame
        One row per day: ``date`` and ``sold`` (loaves; the bakery never sells out in this
        story, so sales are demand).
    truth : DataFrame or None
        Hidden ``date`` and ``mean`` (the expected loaves of the day). ``None`` unless
        ``return_truth=True``.
    params : dict
        Generator arguments.
    """

    sales: pd.DataFrame
    truth: pd.DataFrame | None = None
    params: dict = field(default_factory=dict)


_DATE_COLUMNS = {"sales": ["date"], "truth": ["date"]}


def write_bakery_data(data: BakeryData, directory: Path) -> dict[str, Path]:
    """Write ``sales.csv`` (and ``truth.csv`` if present); same data, same bytes."""
    tables = {"sales": data.sales, "truth": data.truth}
    return write_csv_tables({k: v for k, v in tables.items() if v is not None}, directory)


def read_bakery_data(directory: Path) -> BakeryData:
    """Read what :func:`write_bakery_data` wrote, dates as ``datetime64``."""
    tables = read_csv_tables(directory, _DATE_COLUMNS, str_columns=[], optional=("truth",))
    return BakeryData(sales=tables["sales"], truth=tables["truth"])
