"""Scores of the demand forecasting case."""

from __future__ import annotations

import numpy as np

__all__ = ["wape"]


def wape(actual, forecast) -> float:
    """Weighted absolute percentage error ``sum|actual - forecast| / sum(actual)``.

    Lower is better; the median of the predictive distribution minimises it.

    Parameters
    ----------
    actual, forecast : array-like of shape (n,)

    Returns
    -------
    float
    """
    a = np.asarray(actual, dtype=float).ravel()
    f = np.asarray(forecast, dtype=float).ravel()
    if a.shape != f.shape:
        raise ValueError(
            f"actual has {a.size} values but forecast has {f.size}; "
            "align the forecast to the actual rows first"
        )
    total = a.sum()
    if total == 0:
        raise ValueError("sum(actual) is 0, so WAPE is undefined; evaluate on more rows")
    return float(np.abs(a - f).sum() / total)
