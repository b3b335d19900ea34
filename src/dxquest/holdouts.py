"""Each case's AI task as rows of its hidden holdout, for the cohort leaderboard.

The model-building question of every case is graded on the hidden draw (from the cohort secret)
by calling the learner's function on tasks cut from it. The rows come from the case's declaration
(:meth:`dxquest.cases.spec.CaseSpec.hidden_task`), the one builder the case's checkers use too:
one row per prediction, with a stable key, the truth, today's practice (baseline) and the oracle.
The leaderboard splits these rows into public and private parts and scores any learner's
predictions on each, with the case's own metric and normalised skill.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

import numpy as np

from dxquest import kit_build
from dxquest.caseinfo import get_case
from dxquest.cases.spec import CaseSpec, Holdout, case_spec

__all__ = ["Holdout", "cached_holdout", "case_holdout", "case_metric", "has_holdout"]


def _spec(case_id: str) -> CaseSpec:
    return case_spec(get_case(case_id))


def has_holdout(case_id: str) -> bool:
    try:
        return _spec(case_id).ai_task is not None
    except KeyError:  # not a case of this kit
        return False


def case_metric(case_id: str) -> Callable[[np.ndarray, np.ndarray], float]:
    """The metric of ``case_id``'s AI task, as its declaration names it."""
    return _spec(case_id).metric


def case_holdout(case_id: str) -> Holdout:
    """The hidden holdout of ``case_id``: the rows its AI task's predictions are scored on."""
    return _spec(case_id).hidden_task().holdout


def cached_holdout(case_id: str) -> Holdout:
    """:func:`case_holdout`'s holdout, computed once per cohort and kept under the build folder.

    Computing it takes up to a minute (defect_detection), once per graded submission otherwise.
    The file is named by a digest of the cohort secret and the kit's build, never the secret:
    another secret is another holdout. The cached truth is as secret as the cohort secret file;
    it stays with the grader's build folder."""
    from dxquest import paths
    from dxquest.secret import cohort_secret

    # Another build of the kit may compute it otherwise (:mod:`dxquest.kit_build`): keyed by both.
    key = f"dxquest-holdout-cache|{cohort_secret()}|{kit_build.fingerprint()}"
    secret_digest = hashlib.sha256(key.encode()).hexdigest()
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
    holdout = case_holdout(case_id)
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
