"""The tables of the parts maker's notices and orders and their files (what a learner's kernel may
read).

Kept apart from the generator (:mod:`dxquest.synth.parts_orders`): a grading kernel reads the
tables but must not be able to draw more of them, which would hand it every part's true demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dxquest.synth.tables import read_csv_tables

__all__ = ["DATE_COLUMNS", "AdvanceOrdersData", "read_advance_orders"]

PUBLIC_TABLES = ("customers", "parts", "notices", "orders")


@dataclass(frozen=True)
class AdvanceOrdersData:
    """Tables of one synthetic draw; see ``datasets/advance_orders.md`` for every column.

    Attributes
    ----------
    customers, parts : DataFrame
        The sales department's masters (a merged customer and a renamed part number included).
    notices : DataFrame
        The customers' advance notices (内示) as received: one row per customer, part, issue and
        target month (one, two and three months ahead); one customer's file of one month is
        missing.
    orders : DataFrame
        The firm orders (確定注文) as received, one row per part and delivery week.
    truth : DataFrame or None
        Hidden ground truth, one row per notice row: the true distribution of the month's firm
        orders and of the notice. ``None`` unless ``return_truth=True``.
    params : dict
        Generator arguments, plus ``"quirks"`` describing the messy records of this draw.
    """

    customers: pd.DataFrame
    parts: pd.DataFrame
    notices: pd.DataFrame
    orders: pd.DataFrame
    truth: pd.DataFrame | None = None
    params: dict = field(default_factory=dict)

    def public_tables(self) -> dict[str, pd.DataFrame]:
        """The public tables by name (what a learner may see)."""
        return {name: getattr(self, name) for name in PUBLIC_TABLES}


DATE_COLUMNS = {
    "customers": ["merged_on"],
    "parts": [],
    "notices": ["issued_on"],
    "orders": ["order_date", "delivery_date"],
    "truth": ["issued_on"],
}
"""Date columns per table: read as ``datetime64[ns]``, the unit the generator gives them too."""
_STR_COLUMNS = [
    "customer_id", "customer_name", "industry", "merged_into", "part_id", "part_name",
    "former_part_id", "target_month", "order_id", "stage",
]  # fmt: skip


def read_advance_orders(directory: Path) -> AdvanceOrdersData:
    """Read the tables :func:`~dxquest.synth.tables.write_public_tables` wrote, with their dtypes.

    Dates become ``datetime64``, ids and labels ``str``; ``truth`` is read if ``truth.csv``
    exists. ``params`` holds what the tables reveal (sizes and period), not the seed.
    """
    tables = read_csv_tables(directory, DATE_COLUMNS, _STR_COLUMNS, optional=("truth",))
    orders = tables["orders"]
    params = {
        "n_customers": len(tables["customers"]),
        "n_parts": int(tables["parts"]["former_part_id"].isna().sum()),
        "start": orders["delivery_date"].min().strftime("%Y-%m-01"),
        "end": orders["delivery_date"].max().strftime("%Y-%m-%d"),
    }
    return AdvanceOrdersData(**tables, params=params)
