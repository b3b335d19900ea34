"""The cohort secret: where hidden holdout data comes from.

A cohort operator sets ``DXQUEST_COHORT_SECRET`` (or ``DXQUEST_COHORT_SECRET_FILE``, a file outside
the repository) on the grading machine only. Self-study uses a public default, so the "hidden"
holdout is then reproducible by anyone; the grading report says which one was used.

The secret never enters a learner's kernel: the grader cuts the hidden inputs from the cohort's
draw beforehand (:mod:`dxquest.marking`), and the kernel's environment holds nothing of the
grader's.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PUBLIC_SELF_STUDY_SECRET = "dxquest-public-self-study"


def cohort_secret() -> str:
    file = os.environ.get("DXQUEST_COHORT_SECRET_FILE")
    if file:
        text = Path(file).read_text(encoding="utf-8").strip()
        if not text:
            raise ValueError(f"DXQUEST_COHORT_SECRET_FILE {file} is empty")
        return text
    return os.environ.get("DXQUEST_COHORT_SECRET") or PUBLIC_SELF_STUDY_SECRET


def is_public_secret() -> bool:
    return cohort_secret() == PUBLIC_SELF_STUDY_SECRET


def derived_seed(case_id: str, purpose: str) -> int:
    """A 32-bit seed for ``purpose`` in ``case_id`` that only the secret's holder can predict."""
    digest = hashlib.sha256(f"{cohort_secret()}|{case_id}|{purpose}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def question_inputs_seed(case_id: str) -> int:
    """The seed of the random inputs the questions of ``case_id`` draw on the hidden data (a
    mark that must know them draws them again from it)."""
    return derived_seed(case_id, "question-inputs")
