"""Synthetic daily bread sales of a fictional bakery, with the hidden true demand.

:func:`make_bakery_sales` is a pure function in the style of scikit-learn's ``make_*``
generators; its tables and their files are in :mod:`.tables`. Every effect is documented in the
data card ``datasets/newcase.md``; keep the two in step. When the generator
grows (or another case could use it), move it to ``dxquest/synth/<industry>.py``: generators import
no case.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .tables import BakeryData

__all__ = ["make_bakery_sales"]

WEEKDAY_FACTOR = np.array([0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 1.5])
"""Demand by weekday (Monday first) relative to the base: families buy at weekends."""


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
