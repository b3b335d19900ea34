"""A canonical order for the statements of a block, so that reordering them hides nothing.

Two statements of a block must keep their order when one assigns or changes something the other
uses, or either jumps (:class:`.syntax.Effects`); otherwise a learner may write them either way
round and the code does the same. The canonical order is a topological order of that "must stay
before" relation that, among the statements free to come next, takes the one with the smallest
key (its normalised text, and then the keys of the statements that depend on it, so that
statements written alike but used differently are still told apart). Any order a copier gives
such statements yields the same canonical order.
"""

from __future__ import annotations

import ast
import heapq
from collections.abc import Callable, Mapping, Sequence

from dxquest.similarity.syntax import Effects


def canonical_order(
    block: Sequence[ast.stmt], key: Callable[[ast.stmt], str], effects: Mapping[int, Effects]
) -> list[ast.stmt]:
    """The statements of ``block`` in canonical order; ``effects`` by ``id()`` of a statement."""
    n = len(block)
    if n < 2:
        return list(block)
    found = [effects[id(s)] for s in block]
    waiting = [0] * n  # statements that must come first and are not placed yet
    followers: list[list[int]] = [[] for _ in range(n)]
    for later in range(n):
        for earlier in range(later):
            if found[earlier].must_precede(found[later]):
                waiting[later] += 1
                followers[earlier].append(later)
    texts = [key(s) for s in block]
    keys = [(texts[i], sorted(texts[j] for j in followers[i]), i) for i in range(n)]
    ready = [keys[i] for i in range(n) if not waiting[i]]
    heapq.heapify(ready)
    ordered = []
    while ready:
        *_, i = heapq.heappop(ready)
        ordered.append(block[i])
        for j in followers[i]:
            waiting[j] -= 1
            if not waiting[j]:
                heapq.heappush(ready, keys[j])
    return ordered
