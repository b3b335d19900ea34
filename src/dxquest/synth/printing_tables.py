"""The tables of the print shop's data and their files (what a learner's kernel may read).

Kept apart from the generator (:mod:`dxquest.synth.printing`): a grading kernel reads the tables but
must not be able to draw more of them, which would hand it every job's true time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dxquest.synth.tables import read_csv_tables

__all__ = [
    "DATE_COLUMNS",
    "RESULT_COLUMNS",
    "TICKET_COLUMNS",
    "PrintShopData",
    "read_print_data",
]

PUBLIC_TABLES = ("jobs", "machines", "processes", "operators", "attendance")
TICKET_COLUMNS = (
    "job_id", "customer_id", "order_date", "start_date", "due_date", "product", "size", "pages",
    "copies", "colors_front", "colors_back", "paper", "paper_gsm", "sheets", "machine_id",
    "operator_id", "binding", "folds", "lamination", "die_cut", "rush", "repeat_order",
    "new_customer", "foreman_estimate_hours",
)  # fmt: skip
"""What the job ticket holds before production: everything an estimate may use."""
RESULT_COLUMNS = ("status", "actual_hours", "issue")
"""What is known only after the job: never a feature."""


@dataclass(frozen=True)
class PrintShopData:
    """Tables of one synthetic draw; see ``datasets/effort_prediction.md`` for every column.

    Attributes
    ----------
    jobs, machines, operators, attendance : DataFrame
        The public tables a learner receives. ``jobs`` is a raw export: a few cancelled jobs
        without actual hours, and re-entered duplicate rows.
    truth : DataFrame or None
        Hidden ground truth, one row per job (cancelled jobs included): the distribution of its
        true time and the realised components. ``None`` unless ``return_truth=True``.
    params : dict
        Generator arguments, plus ``"quirks"`` describing the messy records of this draw.
    """

    jobs: pd.DataFrame
    machines: pd.DataFrame
    processes: pd.DataFrame
    operators: pd.DataFrame
    attendance: pd.DataFrame
    truth: pd.DataFrame | None = None
    params: dict = field(default_factory=dict)

    def public_tables(self) -> dict[str, pd.DataFrame]:
        """The public tables by name (what a learner may see)."""
        return {name: getattr(self, name) for name in PUBLIC_TABLES}


DATE_COLUMNS = {
    "jobs": ["order_date", "start_date", "due_date"],
    "machines": ["installed"],
    "processes": [],
    "operators": ["joined"],
    "attendance": [],
    "truth": [],
}
"""Date columns per table: read as ``datetime64[ns]``, the unit the generator gives them too."""
_STR_COLUMNS = [
    "job_id", "customer_id", "product", "size", "paper", "machine_id", "operator_id", "binding",
    "status", "issue", "machine_name", "kind", "sheet_size", "operator_name", "main_machine",
    "month", "process", "process_name", "unit",
]  # fmt: skip


def read_print_data(directory: Path) -> PrintShopData:
    """Read the tables :func:`~dxquest.synth.tables.write_public_tables` wrote, with their dtypes.

    Dates become ``datetime64``, ids and labels ``str``; ``truth`` is read if ``truth.csv``
    exists. ``params`` holds what the tables reveal (sizes and period), not the seed.
    """
    tables = read_csv_tables(directory, DATE_COLUMNS, _STR_COLUMNS, optional=("truth",))
    jobs = tables["jobs"]
    params = {
        "n_jobs": int(jobs["job_id"].nunique()),
        "n_operators": len(tables["operators"]),
        "start": jobs["start_date"].min().strftime("%Y-%m-%d"),
        "end": jobs["start_date"].max().strftime("%Y-%m-%d"),
    }
    return PrintShopData(**tables, params=params)
