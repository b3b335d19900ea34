"""A small hidden holdout of effort_prediction with known truth, baseline and oracle."""

from __future__ import annotations

import numpy as np

from dxquest.holdouts import Holdout

CASE_ID = "effort_prediction"  # metric MAE: per-row errors make hand computation easy


def synthetic_holdout(n: int = 400) -> Holdout:
    rng = np.random.default_rng(7)
    actual = rng.gamma(4.0, 2.0, n)
    return Holdout(
        case=CASE_ID,
        metric="MAE",
        keys=np.array([f"J{i:05d}" for i in range(n)]),
        actual=actual,
        baseline=actual + rng.normal(0, 3.0, n),  # the foreman: far off
        oracle=actual + rng.normal(0, 0.5, n),  # the best achievable: close
    )
