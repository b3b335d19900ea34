"""Per-row predictions on the hidden holdout, handed from a sandboxed test cell to the grader.

The hidden check of a case's AI task runs the learner's function on the hidden draw inside the
sandboxed kernel. Its per-row predictions are what the cohort leaderboard scores; the score itself
is computed in the grader, outside the sandbox, from the truth only the grader holds
(:mod:`dxquest.holdouts`). The check hands the predictions back as a display output with a
private MIME type, which the grader's executor removes from the notebook and keeps
(:class:`dxquest.sandbox.execute.SandboxedExecute`).
"""

from __future__ import annotations

import hashlib

import numpy as np

MIME_TYPE = "application/vnd.dxquest.predictions+json"


def keys_sha256(keys) -> str:
    """Digest of the holdout's row keys in order: predictions are accepted only for these rows."""
    return hashlib.sha256("\n".join(str(k) for k in keys).encode()).hexdigest()


def emit_predictions(case_id: str, keys, predictions) -> None:
    """Display the bundle for the grader, only while grading (the cohort secret is unlocked):
    a learner's self-check has no holdout worth scoring and no grader to receive it."""
    from dxquest.secret import is_unlocked

    if not is_unlocked():
        return
    from IPython.display import display

    values = np.asarray(predictions, dtype=float).reshape(-1)
    if values.shape != (len(keys),):
        raise ValueError(f"{len(keys)} holdout rows but {values.size} predictions")
    bundle = {"case": case_id, "keys_sha256": keys_sha256(keys), "predictions": values.tolist()}
    display({MIME_TYPE: bundle}, raw=True)
