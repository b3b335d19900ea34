"""The oracle: each notice row's true distribution of the month's firm orders, given the notice.

It knows the generator's parameters: the month's true level, and the customer's view and bias
behind the notice (``notice_log_core``). The notice then tells it the shocks the customer knew
when it was issued, blurred by the notice's own noise: with ``y = log(notice) - notice_log_core``,
the known shocks are normal with mean ``y * s_r^2 / (s_r^2 + s_n^2)`` (``s_r`` their sd, ``s_n``
the notice's). The log of the firm quantity is normal around the true level's log plus that
mean; its median is the oracle's forecast (the WAPE-optimal point, since the one-off orders,
rarer than one month in two, leave the median alone). It never sees the realised shocks of the
rows it scores.

An upper quantile (the stretch task's reservation) is of the firm quantity as it is delivered:
in whole boxes, and above it whenever a one-off order comes, which the oracle knows happens with
the generator's monthly chance but not when.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from dxquest.synth.parts_orders import SPIKE_P

__all__ = ["oracle_delivered_quantile", "oracle_forecast", "oracle_quantile"]


def _log_mean_and_sd(truth: pd.DataFrame, notice) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sd of the log firm quantity of each row of ``truth`` given its ``notice``."""
    s_r2 = truth["sd_revealed"].to_numpy(dtype=float) ** 2
    s_n2 = truth["sd_notice"].to_numpy(dtype=float) ** 2
    y = np.log(np.maximum(np.asarray(notice, dtype=float), 1.0)) - truth["notice_log_core"]
    weight = s_r2 / (s_r2 + s_n2)
    mean = truth["actual_log_median"].to_numpy(dtype=float) + weight * np.asarray(y, dtype=float)
    sd = np.sqrt(s_r2 * (1 - weight) + truth["sd_unrevealed"].to_numpy(dtype=float) ** 2)
    return mean, sd


def oracle_quantile(truth: pd.DataFrame, notice, q) -> np.ndarray:
    """The ``q``-quantile of each row's firm quantity (pieces) given its notice."""
    mean, sd = _log_mean_and_sd(truth, notice)
    return np.exp(mean + sd * ndtri(np.asarray(q, dtype=float)))


def oracle_forecast(truth: pd.DataFrame, notice) -> np.ndarray:
    """The WAPE-optimal forecast of each row: the median of its firm quantity."""
    return oracle_quantile(truth, notice, 0.5)


def oracle_delivered_quantile(truth: pd.DataFrame, notice, box, q: float) -> np.ndarray:
    """The ``q``-quantile of each row's firm quantity as delivered, in whole boxes of ``box``
    pieces: the fewest boxes whose chance of covering the month is at least ``q``.

    The month's pieces round to the nearest box, so ``k`` boxes cover it when the pieces are
    under ``k + 1/2`` boxes; a one-off order (chance :data:`SPIKE_P`, half a month's volume or
    more) lands above any such quantile, so the rest must cover ``q / (1 - SPIKE_P)``."""
    mean, sd = _log_mean_and_sd(truth, notice)
    pieces = np.exp(mean + sd * ndtri(q / (1 - SPIKE_P)))
    box = np.asarray(box, dtype=float)
    return np.ceil(pieces / box - 0.5) * box
