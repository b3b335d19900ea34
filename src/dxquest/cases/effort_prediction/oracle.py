"""The oracle: each job's true distribution of work hours at estimation time.

When a job is estimated, everything on its ticket is known, and so (to the oracle) are the true
effects of its machine, paper, operator, customer and season: together they fix the job's
undisrupted time ``base_hours``. What nobody knows in advance is the job's noise and whether the
press breaks down or the job must be reprinted. The recorded time is therefore

``round_quarter(base_hours * exp(N(0, sigma^2)) + breakdown + reprint)``

with a breakdown (probability ``p_breakdown``) costing ``crew * (0.5 + Exp(mean 1.5))`` hours and
a reprint (probability ``p_reprint``, independent) a uniform share of 0.2-1.0 of the press hours.
Its quantiles are the best possible plans; its median is the MAE-optimal estimate, so the
oracle's MAE on the realised draw is the noise floor no model can beat in expectation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr

from dxquest.synth.printing import (
    BREAKDOWN_MEAN_EXTRA_HOURS,
    BREAKDOWN_MIN_HOURS,
    REPRINT_SHARE,
)

__all__ = ["oracle_estimate", "predictive_cdf", "predictive_quantile", "round_quarter"]

_NODES = 48  # quadrature nodes per disruption variable (midpoints of its quantiles)
_MAX_BISECTIONS = 80
_TOLERANCE_HOURS = 1e-5  # far below the quarter hour the result is rounded to


def round_quarter(hours) -> np.ndarray:
    """Hours as the daily reports record them: to the quarter hour, at least 0.25."""
    return np.maximum(np.round(np.asarray(hours, dtype=float) * 4) / 4, 0.25)


def _disruption_nodes(truth: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Equal-weight nodes of the breakdown and the reprint hours, shape (n_rows, _NODES) each."""
    u = (np.arange(_NODES) + 0.5) / _NODES
    crew = truth["crew"].to_numpy(dtype=float)[:, None]
    breakdown = crew * (BREAKDOWN_MIN_HOURS - BREAKDOWN_MEAN_EXTRA_HOURS * np.log1p(-u))
    low, high = REPRINT_SHARE
    reprint = truth["press_hours"].to_numpy(dtype=float)[:, None] * (low + (high - low) * u)
    return breakdown, reprint


def predictive_cdf(truth: pd.DataFrame, hours) -> np.ndarray:
    """``P(true hours <= hours)`` per row of ``truth`` (before rounding to the quarter hour)."""
    hours = np.broadcast_to(np.asarray(hours, dtype=float), (len(truth),))[:, None]
    base = truth["base_hours"].to_numpy(dtype=float)[:, None]
    sigma = truth["sigma"].to_numpy(dtype=float)[:, None]
    p_b = truth["p_breakdown"].to_numpy(dtype=float)
    p_r = truth["p_reprint"].to_numpy(dtype=float)
    breakdown, reprint = _disruption_nodes(truth)

    def lognormal_cdf(room):  # P(base * exp(eps) <= room), 0 where room <= 0
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.log(np.where(room > 0, room, 1.0) / base) / sigma
        return np.where(room > 0, ndtr(z), 0.0)

    none = lognormal_cdf(hours)[:, 0]
    only_b = lognormal_cdf(hours - breakdown).mean(axis=1)
    only_r = lognormal_cdf(hours - reprint).mean(axis=1)
    # Both (rare, p_b * p_r < 0.002): a coarser grid of both variables.
    both_room = hours[:, :, None] - breakdown[:, ::6, None] - reprint[:, None, ::6]
    both = lognormal_cdf(both_room.reshape(len(truth), -1)).mean(axis=1)
    return (
        (1 - p_b) * (1 - p_r) * none
        + p_b * (1 - p_r) * only_b
        + (1 - p_b) * p_r * only_r
        + p_b * p_r * both
    )


def predictive_quantile(truth: pd.DataFrame, q) -> np.ndarray:
    """The ``q``-quantile of each job's recorded hours (quarter hours).

    Rounding is monotone, so the quantile of the recorded hours is the rounded quantile of the
    true hours; the latter is found by bisection on :func:`predictive_cdf`.

    Parameters
    ----------
    truth : DataFrame
        Rows of ``make_print_jobs(return_truth=True).truth``.
    q : float or array-like of shape (n_rows,)
        Probability level(s) in (0, 1).
    """
    q = np.broadcast_to(np.asarray(q, dtype=float), (len(truth),))
    if np.any((q <= 0) | (q >= 1)):
        raise ValueError("q must lie strictly between 0 and 1")
    base = truth["base_hours"].to_numpy(dtype=float)
    extra = truth["crew"].to_numpy(dtype=float) * 20 + truth["press_hours"].to_numpy(dtype=float)
    low = np.zeros(len(truth))
    high = base * np.exp(6 * truth["sigma"].to_numpy(dtype=float)) + extra
    for _ in range(_MAX_BISECTIONS):
        if np.all(high - low < _TOLERANCE_HOURS):
            break
        mid = (low + high) / 2
        below = predictive_cdf(truth, mid) < q
        low = np.where(below, mid, low)
        high = np.where(below, high, mid)
    return round_quarter(high)


def oracle_estimate(truth: pd.DataFrame) -> np.ndarray:
    """The MAE-optimal estimate of each job: the median of its recorded hours."""
    return predictive_quantile(truth, 0.5)
