"""Learning demand from sales that the stock cut off (censored sales).

On a sold-out day the sales say only that demand was *at least* the sales. Dropping those days
biases a forecast low (busy days are the ones that sell out); training on them as if they were
demand biases it low as well. ``fit_demand_model`` trains LightGBM with a Poisson loss in which a
sold-out day counts as "demand >= sales": every few trees it replaces that day's target by the
demand the current model expects given that it sold out (the EM algorithm, run inside boosting).
Demand scatters more than a Poisson count does (a store's day has its own crowd), so that
expectation is taken under a negative binomial whose size is estimated from the data at each
re-estimate, by maximum likelihood with the sold-out days censored: a Poisson tail is too thin and
leaves the forecast biased low on exactly the busy days. Learners get this as a tool in notebooks
02 and 03; their work is the features and spotting the sold-out days.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import lightgbm as lgb
import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import gammainc
from scipy.stats import nbinom

__all__ = [
    "DemandModel",
    "SoldOutPoisson",
    "censored_size",
    "expected_demand_when_sold_out",
    "fit_demand_model",
]


def expected_demand_when_sold_out(sales, mu, size: float = np.inf) -> np.ndarray:
    """``E[D | D >= sales]``: what a sold-out day's demand probably was, for ``D`` negative binomial
    with mean ``mu`` and size ``size`` (variance ``mu + mu**2 / size``; Poisson when infinite).

    Uses ``E[D; D >= k] = mu * P(D' >= k - 1)``, where ``D'`` is the same law with size + 1 (for
    the Poisson, ``D' = D``, and ``P(D >= k) = gammainc(k, mu)``, 1 for k = 0).
    """
    sales = np.asarray(sales, dtype=float)
    mu = np.asarray(mu, dtype=float)
    if np.isinf(size):
        at_least = gammainc(sales, mu)
        one_less = gammainc(np.maximum(sales - 1, 0), mu)
    else:
        p = size / (size + mu)
        at_least = nbinom.sf(sales - 1, size, p)
        one_less = nbinom.sf(sales - 2, size + 1, p)
    return np.maximum(sales, mu * one_less / np.maximum(at_least, 1e-300))


SIZE_ROWS = 20_000
"""Rows (evenly spaced) the size is estimated on: enough for two significant digits."""


def censored_size(sales, mu, sold_out) -> float:
    """Maximum-likelihood size of a negative binomial with means ``mu`` for ``sales``, where a
    sold-out row says only "demand >= sales" (its likelihood is the tail, not the point)."""
    sales, mu = np.asarray(sales, dtype=float), np.asarray(mu, dtype=float)
    sold_out = np.asarray(sold_out, dtype=bool)
    rows = np.arange(0, len(sales), max(1, len(sales) // SIZE_ROWS))
    y, m, censored = sales[rows], mu[rows], sold_out[rows]

    def negative_log_likelihood(log_size: float) -> float:
        size = np.exp(log_size)
        p = size / (size + m)
        return -(
            nbinom.logpmf(y[~censored], size, p[~censored]).sum()
            + nbinom.logsf(y[censored] - 1, size, p[censored]).sum()
        )

    best = minimize_scalar(
        negative_log_likelihood,
        bounds=(np.log(0.5), np.log(1_000)),
        method="bounded",
        options={"xatol": 0.02},
    )
    return float(np.exp(best.x))


class SoldOutPoisson:
    """LightGBM objective: Poisson loss in log space where sold-out rows mean "demand >= sales".

    Parameters
    ----------
    sold_out : ndarray of bool, shape (n_rows,)
        Which training rows sold out.
    refresh : int
        Trees between re-estimates of the sold-out rows' demand; re-estimating at every tree
        gives the same model more slowly.
    size_from_tree : int
        The first tree whose re-estimate uses a negative binomial of estimated size; before it,
        a Poisson. The first trees barely move the scores from the overall mean, so a size
        estimated from them would count the stores', items' and days' differences as scatter.
    """

    def __init__(self, sold_out, refresh: int = 10, size_from_tree: int = 20):
        self.sold_out = np.asarray(sold_out, dtype=bool)
        self.refresh = refresh
        self.size_from_tree = size_from_tree
        self.size = np.inf
        self._calls = 0
        self._demand = None

    def __call__(self, sales: np.ndarray, raw_score: np.ndarray):
        mu = np.exp(raw_score)
        if self._calls % self.refresh == 0:
            if self._calls >= self.size_from_tree:
                self.size = censored_size(sales, mu, self.sold_out)
            self._demand = np.array(sales, dtype=float)
            self._demand[self.sold_out] = expected_demand_when_sold_out(
                sales[self.sold_out], mu[self.sold_out], self.size
            )
        self._calls += 1
        return mu - self._demand, mu  # gradient and hessian of mu - demand * log(mu)


class DemandModel:
    """A fitted demand model; ``predict(x)`` returns expected demand per row of ``x``."""

    def __init__(self, regressor: lgb.LGBMRegressor, log_start: float, columns: list[str]):
        self._regressor = regressor
        self._log_start = log_start
        self.columns = columns

    def predict(self, x: pd.DataFrame) -> np.ndarray:
        return np.exp(self._log_start + self._regressor.predict(x[self.columns]))


# Models already fitted, by what they were fitted on: notebook 03's self-check asks a changed order
# policy for the same weeks' forecasts again, and validating a case tries many order policies on
# one forecast (each policy needs two public and two hidden weeks). A model takes a megabyte or two.
_fitted: OrderedDict[str, DemandModel] = OrderedDict()
_KEEP_FITTED = 8


def _fit_key(x: pd.DataFrame, sales: np.ndarray, sold_out: np.ndarray, settings: tuple) -> str:
    digest = hashlib.blake2b(digest_size=16)
    # Category order sets LightGBM's codes, and the hash below reads categories by value.
    layout = [
        (
            column,
            str(dtype),
            list(dtype.categories) if isinstance(dtype, pd.CategoricalDtype) else None,
        )
        for column, dtype in x.dtypes.items()
    ]
    digest.update(repr((layout, settings)).encode())
    digest.update(pd.util.hash_pandas_object(x, index=False).to_numpy().tobytes())
    digest.update(sales.tobytes())
    digest.update(sold_out.tobytes())
    return digest.hexdigest()


def fit_demand_model(
    x: pd.DataFrame,
    sales,
    sold_out,
    trees: int = 150,
    learning_rate: float = 0.16,
    n_jobs: int = 0,
    random_state: int = 0,
) -> DemandModel:
    """Fit a LightGBM demand model on features ``x`` from censored ``sales``.

    Parameters
    ----------
    x : DataFrame of shape (n_rows, n_features)
        Features; pandas ``category`` columns are used as categorical features.
    sales : array-like of shape (n_rows,)
        Units sold (non-negative).
    sold_out : array-like of bool, shape (n_rows,)
        True where the stock ran out, so demand may have exceeded the sales.
    trees, learning_rate, n_jobs, random_state
        Passed to ``lightgbm.LGBMRegressor``. ``n_jobs`` 0 is OpenMP's default: every core on a
        learner's laptop, one thread in a graded kernel (the grader sets ``OMP_NUM_THREADS=1``,
        as it runs one kernel per core). Two threads that wait passively for each other there
        made a fit twice as slow as one thread.

    Returns
    -------
    DemandModel
        Its ``predict(x_future)`` gives the expected demand (the mean). The same
        features, sales and settings fitted again give back the model already fitted (the last
        eight are kept), so re-running a cell that changed only what is done with the forecast
        does not wait for the same model again.
    """
    sales = np.asarray(sales, dtype=float)
    sold_out = np.asarray(sold_out, dtype=bool)
    if sales.shape != (len(x),) or sold_out.shape != (len(x),):
        raise ValueError("sales and sold_out need one value per row of x")
    if (sales < 0).any() or not np.isfinite(sales).all():
        raise ValueError("sales must be finite and non-negative")
    settings = (trees, learning_rate, n_jobs, random_state)
    key = _fit_key(x, sales, sold_out, settings)
    if key in _fitted:
        _fitted.move_to_end(key)
        return _fitted[key]
    # A custom objective starts boosting from raw score 0, so start from the mean explicitly.
    log_start = float(np.log(max(sales.mean(), 1e-3)))
    regressor = lgb.LGBMRegressor(
        objective=SoldOutPoisson(sold_out),
        n_estimators=trees,
        learning_rate=learning_rate,
        num_leaves=63,
        min_child_samples=40,
        max_bin=63,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.8,
        n_jobs=n_jobs,
        random_state=random_state,
        verbose=-1,
    )
    regressor.fit(x, sales, init_score=np.full(len(sales), log_start))
    _fitted[key] = DemandModel(regressor, log_start, list(x.columns))
    if len(_fitted) > _KEEP_FITTED:
        _fitted.popitem(last=False)
    return _fitted[key]
