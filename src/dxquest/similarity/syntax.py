"""What one walk of a cell's syntax tree tells the normaliser.

The names the cell binds, where keyword arguments are written, its statements, and for each
statement what running it reads, assigns and may change in place, and whether it jumps
(``return``, ``raise``, ``break``, ``continue``). These effects are read by name and
conservatively: a call made for its effect (``model.fit(x, y)``) or an augmented assignment
counts as changing every object it touches, an item or attribute assignment (``x[c] = ...``)
as changing ``x``; defining a function runs only its decorators and defaults (its body runs when
it is called), and a comprehension's variables are its own.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
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


@dataclass
class Survey:
    bound: set[str] = field(default_factory=set)  # names the cell binds
    keyword_names: set[tuple[int, int]] = field(default_factory=set)  # where ``name=`` starts
    statements: list[ast.stmt] = field(default_factory=list)
    effects: dict[int, Effects] = field(default_factory=dict)  # by id() of the statement


def survey(tree: ast.AST) -> Survey:
    """Walk ``tree`` once (recursively: a hostile, deeply nested cell raises RecursionError)."""
    found = Survey()
    for child in ast.iter_child_nodes(tree):
        _visit(child, None, found)
    return found


def _base_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Subscript | ast.Attribute | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _visit_statement(node: ast.stmt, found: Survey) -> Effects:
    own = Effects()
    found.statements.append(node)
    found.effects[id(node)] = own
    if isinstance(node, DEFINITIONS):
        found.bound.add(node.name)
        own.assigns.add(node.name)
        runs_now: list[ast.AST] = list(node.decorator_list)
        if isinstance(node, ast.ClassDef):
            runs_now += [*node.bases, *node.keywords]
        else:
            runs_now += [d for d in (*node.args.defaults, *node.args.kw_defaults) if d is not None]
            arguments = node.args
            for argument in (
                *arguments.posonlyargs,
                *arguments.args,
                *arguments.kwonlyargs,
                arguments.vararg,
                arguments.kwarg,
            ):
                if argument is not None:
                    found.bound.add(argument.arg)
        for part in runs_now:
            _visit(part, own, found)
        for statement in node.body:  # its own effects, not the definition's
            _visit(statement, None, found)
        return own
    for child in ast.iter_child_nodes(node):
        _visit(child, own, found)
    if isinstance(node, ast.Expr | ast.AugAssign):
        own.changes |= own.reads  # a call for its effect may change whatever it is given
    if isinstance(node, _JUMPS):
        own.jumps = True
    return own


def _visit(node: ast.AST, current: Effects | None, found: Survey) -> None:
    """Record ``node`` and what it does into ``current`` (the innermost statement's effects)."""
    if isinstance(node, ast.stmt):
        own = _visit_statement(node, found)
        if current is not None:
            current.merge(own)
        return
    here = current if current is not None else Effects()
    if isinstance(node, _COMPREHENSIONS):
        inner = Effects()
        for child in ast.iter_child_nodes(node):
            _visit(child, inner, found)
        own_names = {
            n.id
            for generator in node.generators
            for n in ast.walk(generator.target)
            if isinstance(n, ast.Name)
        }
        here.reads |= inner.reads - own_names
        here.assigns |= inner.assigns - own_names
        here.changes |= inner.changes - own_names
        return
    if isinstance(node, ast.Name):
        if isinstance(node.ctx, ast.Store | ast.Del):
            found.bound.add(node.id)
            here.assigns.add(node.id)
        else:
            here.reads.add(node.id)
        return
    if isinstance(node, ast.Subscript | ast.Attribute) and isinstance(
        node.ctx, ast.Store | ast.Del
    ):
        base = _base_name(node)
        if base:
            here.changes.add(base)
    elif isinstance(node, ast.arg):
        found.bound.add(node.arg)
    elif isinstance(node, ast.keyword):
        found.keyword_names.add((node.lineno, node.col_offset))
    elif isinstance(node, ast.alias):
        bound = (node.asname or node.name).split(".")[0]
        found.bound.add(bound)
        here.assigns.add(bound)
    elif isinstance(node, ast.ExceptHandler) and node.name:
        found.bound.add(node.name)
        here.assigns.add(node.name)
    for child in ast.iter_child_nodes(node):
        _visit(child, here, found)
