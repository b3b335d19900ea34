"""The cohort secret: where hidden holdout data comes from.

A cohort operator sets ``DXQUEST_COHORT_SECRET`` (or ``DXQUEST_COHORT_SECRET_FILE``, a file outside
the repository) on the grading machine only. Self-study uses a public default, so the "hidden"
holdout is then reproducible by anyone; the grading report says which one was used.

Inside a grading sandbox the environment holds no secret: the grader hands it to the hidden tests
with :func:`unlock` only while a test cell runs, and learner functions called by a checker run
with it locked again (:func:`locked`), so learner code never sees it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

PUBLIC_SELF_STUDY_SECRET = "dxquest-public-self-study"
_key: list[str] = []  # the secret handed in by the grader for the running test cell, if any


def unlock(secret: str) -> None:
    """Make ``secret`` the cohort secret of this process until :func:`lock` (grader only)."""
    _key[:] = [secret]


def lock() -> None:
    _key.clear()


def is_unlocked() -> bool:
    """Whether the grader has handed this process the secret (a hidden test cell is running)."""
    return bool(_key)


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Run learner code with no secret available, then restore the grader's."""
    held = list(_key)
    _key.clear()
    try:
        yield
    finally:
        _key[:] = held


def cohort_secret() -> str:
    if _key:
        return _key[0]
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
