"""Which rows a set of hidden holdout predictions is for.

The grader's mark of a case's AI task (:func:`dxquest.marks.ai_task_scores`) hands the learner's
per-row predictions to the cohort leaderboard with a digest of the holdout's row keys, so the
leaderboard scores them only against the same rows (:mod:`dxquest.holdout_scores`).
"""

from __future__ import annotations

import hashlib


def keys_sha256(keys) -> str:
    """Digest of the holdout's row keys in order: predictions are accepted only for these rows."""
    return hashlib.sha256("\n".join(str(k) for k in keys).encode()).hexdigest()
