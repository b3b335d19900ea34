"""Synthetic daily bread sales of a fictional bakery, with the hidden true demand.

:func:`make_bakery_sales` is a pure function in the style of scikit-learn's ``make_*``
generators; :func:`write_bakery_data` and :func:`read_bakery_data` do the file I/O. Every effect is
documented in the data card ``datasets/newcase.md``; keep the two in step. When the generator
grows (or another case could use it), move it to ``dxquest/synth/<industry>.py``: generators import
no case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dxquest.synth.tables import read_csv_tables, write_csv_tables

__all__ = ["BakeryData", "make_bakery_sales", "read_bakery_data", "write_bakery_data"]

WEEKDAY_FACTOR = np.array([0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 1.5])
"""Demand by weekday (Monday first) relative to the base: families buy at weekends."""


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


def make_bakery_sales(
    *,
    n_days: int = 364,
    base: float = 60.0,
    start: str = "2025-01-06",
    seed: int = 0,
    return_truth: bool = False,
) -> BakeryData:
    """Generate daily loaves sold by a fictional bakery.

    Demand of each day is Poisson around ``base`` times its weekday factor.

    Parameters
    ----------
    n_days : int
        Number of days (at least 56).
    base : float
        Mean loaves on a day of weekday factor 1.
    start : str
        First date, ISO format.
    seed : int
        Seed of all randomness; the same arguments give identical tables.
    return_truth : bool
        Also return the hidden expected demand of each day.

    Returns
    -------
    BakeryData
    """
    if n_days < 56:
        raise ValueError("n_days must be at least 56")
    # One independent stream per concern (SeedSequence.spawn), so adding a table later never
    # changes the numbers of the others.
    (demand_rng,) = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(1))
    dates = pd.date_range(start, periods=n_days, freq="D")
    mean = base * WEEKDAY_FACTOR[dates.day_of_week.to_numpy()]
    sales = pd.DataFrame({"date": dates, "sold": demand_rng.poisson(mean)})
    truth = pd.DataFrame({"date": dates, "mean": np.round(mean, 6)}) if return_truth else None
    params = {"n_days": n_days, "base": base, "start": start, "seed": seed}
    return BakeryData(sales=sales, truth=truth, params=params)


_DATE_COLUMNS = {"sales": ["date"], "truth": ["date"]}


def write_bakery_data(data: BakeryData, directory: Path) -> dict[str, Path]:
    """Write ``sales.csv`` (and ``truth.csv`` if present); same data, same bytes."""
    tables = {"sales": data.sales, "truth": data.truth}
    return write_csv_tables({k: v for k, v in tables.items() if v is not None}, directory)


def read_bakery_data(directory: Path) -> BakeryData:
    """Read what :func:`write_bakery_data` wrote, dates as ``datetime64``."""
    tables = read_csv_tables(directory, _DATE_COLUMNS, str_columns=[], optional=("truth",))
    return BakeryData(sales=tables["sales"], truth=tables["truth"])
