"""What every case's honest writers share: names drawn per learner, a choice among equivalents."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

import numpy as np

Body = dict[str, str]
"""Function name → its body (unindented), to be filled into the release cell."""

TOP_LEVEL = "<cell>"
"""A :data:`Body` key (no function's name) for code in place of the cell's own top-level
placeholder: the helpers a notebook lets learners write before the function it asks for."""

Namer = Callable[[str], str]
"""A learner's name for a concept (``"frame"`` → ``"df"``), the same in all their answers."""

Writer = Callable[[np.random.Generator, Namer], Body]
"""Writes one honest learner's answer to one question."""

Choice = TypeVar("Choice")


def namer(pools: Mapping[str, list[str]], rng: np.random.Generator) -> Namer:
    """One learner's names: a choice from each concept's pool, drawn once."""
    chosen = {concept: str(rng.choice(pool)) for concept, pool in pools.items()}
    return chosen.__getitem__


def pick(rng: np.random.Generator, *options: Choice) -> Choice:
    """One of several equivalent ways to write a step, equally likely."""
    return options[int(rng.integers(len(options)))]


def lines(*statements: str) -> str:
    """Statements one per line, empty ones (a step this learner skipped) left out."""
    return "\n".join(s for s in statements if s)


def shuffled(rng: np.random.Generator, *statements: str) -> list[str]:
    """Independent statements in this learner's order."""
    order = list(statements)
    rng.shuffle(order)
    return order
