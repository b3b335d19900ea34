"""A canonical order for the statements of a block, so that reordering them hides nothing.

Two statements of a block must keep their order when one assigns or changes something the other
uses; otherwise a learner may write them either way round and the code does the same. The
canonical order is a topological order of that "must stay before" relation that, among the
statements free to come next, takes the one with the smallest key (its normalised text, and then
the keys of the statements that depend on it, so that statements written alike but used
differently are still told apart). Any order a copier gives such statements yields the same
canonical order.

What a statement reads and assigns is read from the syntax tree by name, conservatively: a call
made for its effect (``model.fit(x, y)``) and an item or attribute assignment (``x[c] = ...``)
count as changing every object they touch, and ``return``, ``raise``, ``break`` and ``continue``
keep their place.
"""

from __future__ import annotations

import ast
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_JUMPS = (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Global, ast.Nonlocal)


@dataclass
class Effects:
    """The names a statement reads, assigns and may change in place, and whether it jumps."""

    reads: set[str] = field(default_factory=set)
    assigns: set[str] = field(default_factory=set)
    changes: set[str] = field(default_factory=set)
    jumps: bool = False

    def merge(self, other: Effects) -> None:
        self.reads |= other.reads
        self.assigns |= other.assigns
        self.changes |= other.changes
        self.jumps |= other.jumps

    def must_precede(self, later: Effects) -> bool:
        """Whether this statement must stay before ``later``, which follows it in the block."""
        if self.jumps or later.jumps:
            return True
        mine, theirs = self.assigns | self.changes, later.assigns | later.changes
        return bool(mine & (later.reads | theirs) or theirs & (self.reads | self.assigns))


def _base_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Subscript | ast.Attribute | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _collect(node: ast.AST, effects: Effects, known: dict[int, Effects]) -> None:
    """Add what evaluating ``node`` reads, assigns and changes to ``effects`` (a statement
    inside it is worked out once, in ``known``, and reused when its own block is ordered)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        effects.assigns.add(node.name)
        # Defining a function runs only its decorators and defaults; the body runs when called.
        parts: list[ast.AST] = list(node.decorator_list)
        if not isinstance(node, ast.ClassDef):
            parts += [d for d in (*node.args.defaults, *node.args.kw_defaults) if d is not None]
        for part in parts:
            _collect(part, effects, known)
        return
    if isinstance(node, _COMPREHENSIONS):
        inner = Effects()
        for child in ast.iter_child_nodes(node):
            _collect(child, inner, known)
        own = {
            n.id
            for generator in node.generators
            for n in ast.walk(generator.target)
            if isinstance(n, ast.Name)
        }  # a comprehension's variables are its own
        effects.reads |= inner.reads - own
        effects.assigns |= inner.assigns - own
        effects.changes |= inner.changes - own
        return
    if isinstance(node, _JUMPS):
        effects.jumps = True  # (a nested function's own returns were not visited above)
    if isinstance(node, ast.Name):
        target = effects.assigns if isinstance(node.ctx, ast.Store | ast.Del) else effects.reads
        target.add(node.id)
    elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(
        node.ctx, ast.Store | ast.Del
    ):
        base = _base_name(node)
        if base:
            effects.changes.add(base)
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
            effects.merge(statement_effects(child, known))
        else:
            _collect(child, effects, known)


def statement_effects(statement: ast.stmt, known: dict[int, Effects] | None = None) -> Effects:
    """What running ``statement`` reads, assigns and changes (see the module docstring);
    ``known`` keeps what was worked out for statements of the same tree."""
    known = {} if known is None else known
    if id(statement) not in known:
        found = Effects()
        _collect(statement, found, known)
        if isinstance(statement, ast.Expr | ast.AugAssign):
            found.changes |= found.reads  # a call for its effect may change whatever it is given
        known[id(statement)] = found
    return known[id(statement)]


def canonical_order(
    block: Sequence[ast.stmt],
    key: Callable[[ast.stmt], str],
    known: dict[int, Effects] | None = None,
) -> list[ast.stmt]:
    """The statements of ``block`` in canonical order (see the module docstring); ``known``
    as for :func:`statement_effects`."""
    n = len(block)
    if n < 2:
        return list(block)
    known = {} if known is None else known
    found = [statement_effects(s, known) for s in block]
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
