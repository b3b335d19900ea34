"""The oracle: the true predictive distribution of demand when HQ forecasts the week.

HQ forecasts a week on the evening before it. It then knows everything in the truth's
weather-free log-mean (calendar, prices, promotions planned in advance) and, for each day of the
week, the weather forecast issued that evening, but not the weather itself. The generator makes
the forecasts calibrated at every lead: given a forecast issued ``k`` days before the day, the
actual maximum temperature is normal around it with sd ``temp_forecast_sd(k)`` and rain comes
with the forecast probability. So the predictive distribution of demand is a zero-inflated
mixture of negative binomials over temperature (Gauss-Hermite nodes) and rain (yes/no). Its
quantiles are the best possible forecasts; no model of the public data can beat them in
expectation. The oracle reads each row's generator parameters and the forecasts the task gave,
never what was realised (demand, its mean given the actual weather, the weather itself).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.cases.demand_forecast.data import WEATHER_FORECAST_COLUMNS
from dxquest.synth._demand import nb_mean
from dxquest.synth.weather import temp_forecast_sd

__all__ = ["oracle_forecast", "predictive_quantile"]

_N_NODES = 9
_MAX_UNITS = 100_000
PARAMETERS = ("log_mu_base", "temp_coef", "temp_normal", "rain_coef", "nb_size", "zero_prob")
"""The truth's columns that describe a row's demand distribution (none of them realised)."""


def predictive_quantile(rows: pd.DataFrame, q) -> np.ndarray:
    """Integer ``q``-quantile of each row's true predictive demand distribution.

    Parameters
    ----------
    rows : DataFrame
        Rows to forecast with their ``date``, the weather forecast the forecast task gave
        (:data:`~.data.WEATHER_FORECAST_COLUMNS`) and the truth's :data:`PARAMETERS` (from
        ``make_supermarket_sales(return_truth=True)``).
    q : float or array-like of shape (n_rows,)
        Probability level(s) in (0, 1), e.g. per-row newsvendor critical ratios.

    Returns
    -------
    ndarray of int64, shape (n_rows,)
        Smallest integer ``y`` with ``P(demand <= y) >= q``.
    """
    n = len(rows)
    q = np.broadcast_to(np.asarray(q, dtype=float), (n,)).copy()
    if np.any((q <= 0) | (q >= 1)):
        raise ValueError("q must lie strictly between 0 and 1")
    if rows[list(WEATHER_FORECAST_COLUMNS)].isna().any().any():
        raise ValueError("some rows lack the weather forecast of their day")
    lead = (rows["date"] - rows["weather_issued_on"]).dt.days.to_numpy()
    x, w = np.polynomial.hermite.hermgauss(_N_NODES)
    sd = temp_forecast_sd(lead)[:, None]
    temp = rows["temp_max_forecast"].to_numpy()[:, None] + np.sqrt(2) * sd * x
    p_rain = rows["rain_prob_forecast"].to_numpy()[:, None]
    col = {c: rows[c].to_numpy(dtype=float)[:, None] for c in PARAMETERS}
    base = (col["log_mu_base"], col["temp_coef"], temp, col["temp_normal"], col["rain_coef"])
    # Components: every temperature node, once dry and once wet.
    mean = np.concatenate([nb_mean(*base, 0.0), nb_mean(*base, 1.0)], axis=1)
    weight = np.concatenate([(1 - p_rain) * w, p_rain * w], axis=1) / np.sqrt(np.pi)
    return _mixture_quantile(mean, weight, col["nb_size"], col["zero_prob"][:, 0], q)


def _mixture_quantile(mean, weight, size, zero, q) -> np.ndarray:
    """Quantiles of ``zero_prob * delta_0 + (1 - zero_prob) * sum_j weight_j NB(mean_j, size)``.

    Walks the pmf upwards with the recursion ``P(y + 1) = P(y) (y + r)/(y + 1) (1 - p)`` in log
    space (so a tiny P(0) cannot underflow to a stuck zero), dropping rows once their quantile is
    reached.
    """
    n = mean.shape[0]
    result = np.zeros(n, dtype=np.int64)
    size = np.broadcast_to(size, mean.shape)
    log_p = np.log(size / (size + mean))
    log_1mp = np.log(mean / (size + mean))
    log_pmf = size * log_p
    cdf = zero + (1 - zero) * (weight * np.exp(log_pmf)).sum(axis=1)
    todo = np.flatnonzero(cdf < q)
    log_pmf, log_1mp, size, weight = (a[todo] for a in (log_pmf, log_1mp, size, weight))
    y = 0
    while todo.size:
        if y > _MAX_UNITS:
            raise RuntimeError("predictive quantile did not converge")
        keep = cdf[todo] < q[todo]
        result[todo[~keep]] = y
        if not keep.all():
            todo = todo[keep]
            log_pmf, log_1mp, size, weight = (a[keep] for a in (log_pmf, log_1mp, size, weight))
            if not todo.size:
                break
        log_pmf = log_pmf + np.log((y + size) / (y + 1)) + log_1mp
        y += 1
        cdf[todo] += (1 - zero[todo]) * (weight * np.exp(log_pmf)).sum(axis=1)
    return result


def oracle_forecast(rows: pd.DataFrame) -> np.ndarray:
    """The WAPE-optimal point forecast: the predictive median of each row (see
    :func:`predictive_quantile` for ``rows``)."""
    return predictive_quantile(rows, 0.5)
