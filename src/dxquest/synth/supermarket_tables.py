"""The tables of the supermarket chain's data and their files (what a learner's kernel may read).

Kept apart from the generator (:mod:`dxquest.synth.supermarket`): a grading kernel reads the
tables but must not be able to draw more of them, which would hand it the true demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dxquest.synth.tables import read_csv_tables

__all__ = ["SupermarketData", "read_supermarket_data"]

PUBLIC_TABLES = ("stores", "items", "sales", "weather", "weather_forecasts", "ordering_log")

FORECAST_DAYS = 7
"""The weather service forecasts the next seven days each evening (``weather_forecasts``)."""


@dataclass(frozen=True)
class SupermarketData:
    """Tables of one synthetic draw; see ``datasets/demand_forecast.md`` for every column.

    Attributes
    ----------
    stores, items, sales, weather, weather_forecasts, ordering_log : DataFrame
        The public tables a learner receives. ``sales`` is a messy export (duplicates, an
        outage, a renamed item code), as a real POS system would give. ``weather`` holds each
        day's evening-before forecast and actual weather, ``weather_forecasts`` every forecast
        the weather service issued (each evening, for the next seven days).
    truth : DataFrame or None
        Hidden ground truth, one row per (date, store_id, item_id) on sale, canonical item
        codes, including the rows the export lost. ``None`` unless ``return_truth=True``.
    params : dict
        Generator arguments, plus ``"quirks"`` describing the messy records of this draw.
    """

    stores: pd.DataFrame
    items: pd.DataFrame
    sales: pd.DataFrame
    weather: pd.DataFrame
    weather_forecasts: pd.DataFrame
    ordering_log: pd.DataFrame
    truth: pd.DataFrame | None = None
    params: dict = field(default_factory=dict)

    def public_tables(self) -> dict[str, pd.DataFrame]:
        """The public tables by name (what a learner may see)."""
        return {name: getattr(self, name) for name in PUBLIC_TABLES}


_DATE_COLUMNS = {
    "stores": [],
    "items": ["launch_date", "discontinue_date"],
    "sales": ["date"],
    "weather": ["date"],
    "weather_forecasts": ["issued_on", "date"],
    "ordering_log": ["date"],
    "truth": ["date"],
}
_STR_COLUMNS = ["store_id", "item_id", "area_id", "store_name", "item_name", "category"]


def read_supermarket_data(directory: Path) -> SupermarketData:
    """Read the tables :func:`~dxquest.synth.tables.write_public_tables` wrote, with their dtypes.

    Dates become ``datetime64``, ids and names ``str``; ``truth`` is read if ``truth.csv``
    exists. ``params`` holds what the tables reveal (sizes and period), not the seed.
    """
    tables = read_csv_tables(directory, _DATE_COLUMNS, _STR_COLUMNS, optional=("truth",))
    sales = tables["sales"]
    params = {
        "n_stores": len(tables["stores"]),
        "n_items": len(tables["items"]),
        "start": sales["date"].min().strftime("%Y-%m-%d"),
        "end": sales["date"].max().strftime("%Y-%m-%d"),
    }
    return SupermarketData(**tables, params=params)
