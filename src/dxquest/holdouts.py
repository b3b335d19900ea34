"""Each case's AI task as rows of its hidden holdout, for the cohort leaderboard.

The model-building question of every case is graded on the hidden draw (from the cohort secret)
by calling the learner's function on tasks cut from it. Here the same tasks, by the same case
functions, become one row per prediction: a stable key, the truth, today's practice (baseline)
and the oracle. The leaderboard splits these rows into public and private parts and scores any
learner's predictions on each, with the case's own metric and normalised skill.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score

from dxquest.cases.demand_forecast.metrics import wape
from dxquest.cases.effort_prediction.metrics import mae

METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "WAPE": wape,
    "MAE": mae,
    "image AUROC": lambda actual, predicted: float(roc_auc_score(actual, predicted)),
}
"""Metric functions by the name ``case.toml`` gives (``grading.metric``)."""


@dataclass(frozen=True)
class Holdout:
    """The rows of a case's hidden holdout that the AI task predicts."""

    case: str
    metric: str
    keys: np.ndarray  # str, one per row, stable across runs (dates, store/item, job or part ids)
    actual: np.ndarray
    baseline: np.ndarray  # today's practice on each row
    oracle: np.ndarray  # the best achievable prediction on each row


def _demand_forecast() -> tuple[Holdout, Callable]:
    from dxquest.cases.demand_forecast import reference
    from dxquest.cases.demand_forecast.data import forecast_task, hidden_data, holdout_origins
    from dxquest.cases.demand_forecast.evaluation import (
        learner_predictions,
        row_keys,
        with_truth,
    )
    from dxquest.cases.demand_forecast.oracle import oracle_forecast

    data = hidden_data()
    tasks = [forecast_task(data, origin) for origin in holdout_origins(data)]
    rows = [with_truth(data, future) for _, future in tasks]
    holdout = Holdout(
        case="demand_forecast",
        metric="WAPE",
        keys=np.concatenate([row_keys(r) for r in rows]),
        actual=np.concatenate([r["demand"].to_numpy(dtype=float) for r in rows]),
        baseline=np.concatenate([reference.baseline_forecast(h, f) for h, f in tasks]),
        oracle=np.concatenate([oracle_forecast(r, data.weather, data.stores) for r in rows]),
    )

    def predict(forecaster) -> np.ndarray:
        return np.concatenate([learner_predictions(forecaster, h, f) for h, f in tasks])

    return holdout, predict


def _effort_prediction() -> tuple[Holdout, Callable]:
    from dxquest.cases.effort_prediction.data import (
        estimation_task,
        future_outcomes,
        hidden_data,
        holdout_windows,
    )
    from dxquest.cases.effort_prediction.evaluation import learner_hours
    from dxquest.cases.effort_prediction.oracle import oracle_estimate
    from dxquest.i18n import Msg

    data = hidden_data()
    tasks = [estimation_task(data, cutoff, until) for cutoff, until in holdout_windows(data)]
    outcomes = [future_outcomes(data, future) for _, future in tasks]
    holdout = Holdout(
        case="effort_prediction",
        metric="MAE",
        keys=np.concatenate([o["job_id"].astype(str).to_numpy(dtype=str) for o in outcomes]),
        actual=np.concatenate([o["actual_hours"].to_numpy(dtype=float) for o in outcomes]),
        baseline=np.concatenate([o["foreman_estimate_hours"].to_numpy(float) for o in outcomes]),
        oracle=np.concatenate([oracle_estimate(o) for o in outcomes]),
    )
    what = Msg("工数の予測", "estimates")

    def predict(estimator) -> np.ndarray:
        return np.concatenate([learner_hours(estimator, h, f, what) for h, f in tasks])

    return holdout, predict


def _defect_detection() -> tuple[Holdout, Callable]:
    from dxquest.cases.defect_detection.data import hidden_data
    from dxquest.cases.defect_detection.evaluation import learner_detection
    from dxquest.cases.defect_detection.oracle import oracle_detection

    data = hidden_data()
    decided = data.parts[["part_id", "label"]].merge(data.inspection_log, on="part_id", how="left")
    holdout = Holdout(
        case="defect_detection",
        metric="image AUROC",
        keys=data.parts["part_id"].astype(str).to_numpy(dtype=str),
        actual=data.parts["label"].to_numpy(dtype=float),
        # Today's inspectors: one OK/NG decision per part.
        baseline=(decided["decision"] == "NG").to_numpy(dtype=float),
        oracle=oracle_detection(data).scores,
    )

    def predict(detect) -> np.ndarray:
        scores, _ = learner_detection(detect, data.images, data.parts["product"])
        return scores

    return holdout, predict


_CASES = {
    "demand_forecast": _demand_forecast,
    "effort_prediction": _effort_prediction,
    "defect_detection": _defect_detection,
}


def has_holdout(case_id: str) -> bool:
    return case_id in _CASES


def case_holdout(case_id: str) -> tuple[Holdout, Callable]:
    """The hidden holdout of ``case_id`` and ``predict(answer)``, which runs the learner's function
    (the answer of the case's model-building question) on the holdout's tasks, row for row."""
    if case_id not in _CASES:
        raise KeyError(f"case {case_id!r} has no leaderboard task; known: {', '.join(_CASES)}")
    return _CASES[case_id]()


def cached_holdout(case_id: str) -> Holdout:
    """:func:`case_holdout`'s holdout, computed once per cohort and kept under the build folder.

    Computing it takes up to a minute (defect_detection), once per graded submission otherwise.
    The file is named by a digest of the cohort secret, never the secret: another secret is
    another holdout. The cached truth is as secret as the cohort secret file; it stays with the
    grader's build folder."""
    from dxquest import paths
    from dxquest.secret import cohort_secret

    secret_digest = hashlib.sha256(f"dxquest-holdout-cache|{cohort_secret()}".encode()).hexdigest()
    path = paths.build_dir() / "holdouts" / f"{case_id}-{secret_digest[:32]}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as saved:
            return Holdout(
                case=case_id,
                metric=str(saved["metric"]),
                keys=saved["keys"],
                actual=saved["actual"],
                baseline=saved["baseline"],
                oracle=saved["oracle"],
            )
    holdout, _ = case_holdout(case_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Parallel graders may compute it at once: each writes its own file, the rename is atomic.
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
    np.savez(
        partial,
        metric=np.array(holdout.metric),
        keys=holdout.keys,
        actual=holdout.actual,
        baseline=holdout.baseline,
        oracle=holdout.oracle,
    )
    partial.replace(path)
    return holdout
