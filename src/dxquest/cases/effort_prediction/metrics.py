"""Accuracy measures of work-hour estimates (all take arrays of hours, one value per job).

MAE in hours is the primary measure: it is what overtime and idle time are made of, and the
median of each job's time distribution minimises it. The median absolute error and PRED(25) show
the typical job; standardised accuracy compares with random guessing. MMRE (mean magnitude of
relative error) is here to show why it misleads: an underestimate can be wrong by at most 100 %,
an overestimate without limit, so MMRE rewards estimating low.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "coverage",
    "mae",
    "mdae",
    "mmre",
    "pred",
    "random_guess_mae",
    "standardised_accuracy",
]


def _pair(actual, estimate) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(actual, dtype=float).ravel()
    e = np.asarray(estimate, dtype=float).ravel()
    if a.shape != e.shape:
        raise ValueError(
            f"actual has {a.size} values but estimate has {e.size}; align them job by job first"
        )
    if a.size == 0:
        raise ValueError("no jobs to score")
    return a, e


def mae(actual, estimate) -> float:
    """Mean absolute error in hours."""
    a, e = _pair(actual, estimate)
    return float(np.abs(a - e).mean())


def mdae(actual, estimate) -> float:
    """Median absolute error in hours: the typical job's miss."""
    a, e = _pair(actual, estimate)
    return float(np.median(np.abs(a - e)))


def pred(actual, estimate, level: float = 0.25) -> float:
    """PRED(25): share of jobs whose estimate is within ``level`` (25 %) of the actual hours."""
    a, e = _pair(actual, estimate)
    return float(np.mean(np.abs(a - e) <= level * a))


def mmre(actual, estimate) -> float:
    """Mean magnitude of relative error ``mean(|actual - estimate| / actual)`` (misleading)."""
    a, e = _pair(actual, estimate)
    return float(np.mean(np.abs(a - e) / a))


def random_guess_mae(actual) -> float:
    """Expected MAE of random guessing: estimate each job by another job's actual hours, drawn
    at random (the mean of ``|a_i - a_j|`` over all ordered pairs ``i != j``)."""
    a = np.sort(np.asarray(actual, dtype=float).ravel())
    n = a.size
    if n < 2:
        raise ValueError("random guessing needs at least two jobs")
    # sum over i < j of (a_j - a_i) for sorted a: each a_k counts (k - 1) times + and (n - k) -.
    k = np.arange(1, n + 1)
    pair_sum = float(np.sum(a * (2 * k - n - 1)))
    return 2 * pair_sum / (n * (n - 1))


def standardised_accuracy(actual, estimate) -> float:
    """SA = 1 - MAE / MAE of random guessing (Shepperd and MacDonell): 0 is no better than
    guessing, 1 is perfect."""
    return 1 - mae(actual, estimate) / random_guess_mae(actual)


def coverage(actual, lower, upper) -> float:
    """Share of jobs whose actual hours fall inside ``[lower, upper]``."""
    a, lo = _pair(actual, lower)
    _, hi = _pair(actual, upper)
    return float(np.mean((lo <= a) & (a <= hi)))
