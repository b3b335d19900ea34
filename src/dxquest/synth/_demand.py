"""The supermarket demand model shared by the generator and the oracle.

Written once so the oracle's predictive distribution is, by construction, the distribution the
generator drew from.
"""

from __future__ import annotations

import numpy as np


def nb_mean(log_mu_base, temp_coef, temp, temp_normal, rain_coef, rain) -> np.ndarray:
    """Mean of the negative binomial part of demand given the day's weather.

    ``exp(log_mu_base + temp_coef * (temp - temp_normal) + rain_coef * rain)``, where ``rain``
    is 1 on a rain day and 0 otherwise. Demand is 0 with probability ``zero_prob`` and otherwise
    NB with this mean and size ``nb_size``, so its mean is ``(1 - zero_prob) * nb_mean``.
    """
    return np.exp(log_mu_base + temp_coef * (temp - temp_normal) + rain_coef * rain)
