"""Honest answers written many ways: the look-alikes a similarity review must not flag.

Each case module holds, per question, a small grammar of equivalent choices: names drawn per
learner (``NAMES``), a writer per question (``WRITERS``) and, where the notebook asks learners to
paste their earlier functions into a later cell, which ones (``PASTED``). Two honest learners can
agree on a step, as real ones do, but rarely on a whole answer; nothing here is a transformation
of the reference solution.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from dxquest.similarity.honest import (
    advance_orders,
    defect_detection,
    demand_forecast,
    effort_prediction,
)
from dxquest.similarity.honest.grammar import Body, namer

CASES: dict[str, ModuleType] = {
    "advance_orders": advance_orders,
    "defect_detection": defect_detection,
    "demand_forecast": demand_forecast,
    "effort_prediction": effort_prediction,
}
"""Case id → its module of honest writers."""

__all__ = ["CASES", "Body", "honest_bodies", "pasted_cells"]


def _case(case_id: str) -> ModuleType:
    if case_id not in CASES:
        raise ValueError(f"no honest answers are written for {case_id!r}; known: {sorted(CASES)}")
    return CASES[case_id]


def honest_bodies(case_id: str, rng: np.random.Generator) -> dict[str, Body]:
    """One honest learner's bodies, by question, for ``case_id``."""
    case = _case(case_id)
    name = namer(case.NAMES, rng)
    return {q: write(rng, name) for q, write in case.WRITERS.items()}


def pasted_cells(case_id: str) -> dict[str, tuple[str, ...]]:
    """Cells where learners paste their own earlier functions: cell → the functions' names."""
    return dict(getattr(_case(case_id), "PASTED", {}))
