"""What a copier does to a copied cell so that it looks like their own.

Each disguise takes a cell's source and a random generator and returns the disguised source; a
cell that does not parse is returned as it is. They change only what a copier can change without
breaking the answer: local names, the order of definitions and of statements that do not depend
on each other, layout, and a few lines (a debugging line added, a step rewritten).
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize

import numpy as np


def _locals(tree: ast.AST) -> set[str]:
    """Names a learner chose: arguments and assigned names inside functions."""
    names = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.arg):
                    names.add(node.arg)
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def rename(source: str, rng: np.random.Generator) -> str:
    """Every local name replaced by another, everywhere it is used (the names of keyword
    arguments in calls and attributes are the called code's, so they stay)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    taken = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)
    }
    mapping: dict[str, str] = {}
    for name in sorted(_locals(tree)):
        new = name
        while new in taken:  # two names made one would change what the code does
            new = f"{name[:1]}{int(rng.integers(10, 99))}_{rng.choice(list('xyzkq'))}"
        taken.add(new)
        mapping[name] = new
    keyword_names = {
        (node.lineno, node.col_offset) for node in ast.walk(tree) if isinstance(node, ast.keyword)
    }
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index in reversed(range(len(tokens))):
        tok = tokens[index]
        after_dot = index > 0 and tokens[index - 1].string == "."
        if (
            tok.type == tokenize.NAME
            and tok.string in mapping
            and not after_dot
            and tok.start not in keyword_names
            and not keyword.iskeyword(tok.string)
        ):
            row, col = tok.start
            line = lines[row - 1]
            lines[row - 1] = line[:col] + mapping[tok.string] + line[col + len(tok.string) :]
    return "".join(lines)


def _names(node: ast.AST, context: type) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, context)}


def _changed_in_place(statement: ast.stmt) -> set[str]:
    """Names whose objects ``statement`` may change without assigning them: everything a bare
    call (``model.fit(x, y)``) or an item or attribute assignment (``x[c] = ...``) reads."""
    stores_into = any(
        isinstance(n, ast.Subscript | ast.Attribute) and isinstance(n.ctx, ast.Store)
        for n in ast.walk(statement)
    )
    if isinstance(statement, ast.Expr | ast.AugAssign) or stores_into:
        return _names(statement, ast.Load)
    return set()


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def independent(first: ast.stmt, second: ast.stmt) -> bool:
    """Whether two adjacent statements can swap places without changing what the code does:
    neither assigns or changes what the other reads or assigns."""
    if isinstance(first, ast.Return | ast.If | ast.For | ast.While) or isinstance(
        second, ast.Return
    ):
        return False
    if _is_docstring(first) or _is_docstring(second):
        return False  # moved, it would be a docstring no more
    written_1, written_2 = _names(first, ast.Store), _names(second, ast.Store)
    read_1, read_2 = _names(first, ast.Load), _names(second, ast.Load)
    changed_1, changed_2 = _changed_in_place(first), _changed_in_place(second)
    return not (
        (written_1 | changed_1) & (read_2 | written_2 | changed_2)
        or (written_2 | changed_2) & (read_1 | written_1)
    )


def _span(node: ast.stmt) -> tuple[int, int]:
    """0-based first line (decorators included) and the line after the last."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return first - 1, node.end_lineno or node.lineno


def _permute_blocks(lines: list[str], spans: list[tuple[int, int]], order: list[int]) -> list[str]:
    """``lines`` with the blocks at ``spans`` (in source order, not overlapping) rearranged so
    that the i-th block's place holds block ``order[i]``; everything between stays put."""
    out: list[str] = []
    cursor = 0
    for (start, end), source in zip(spans, order, strict=True):
        out.extend(lines[cursor:start])
        out.extend(lines[spans[source][0] : spans[source][1]])
        cursor = end
    return out + lines[cursor:]


def _reorder_functions(source: str, rng: np.random.Generator) -> str:
    """The cell's function definitions in another order (defining a function runs nothing, so
    the order of definitions does not matter; other top-level statements stay where they are)."""
    tree = ast.parse(source)
    spans = [_span(node) for node in tree.body if isinstance(node, ast.FunctionDef)]
    if len(spans) < 2:
        return source
    order = [int(i) for i in rng.permutation(len(spans))]
    lines = source.splitlines(keepends=True)
    return "".join(_permute_blocks(lines, spans, order))


def _swap_statements_once(source: str, rng: np.random.Generator, done: set[int]) -> str | None:
    """Swap independent adjacent statements in the first function (by position) not in
    ``done``; ``None`` when every function has been visited."""
    functions = sorted(
        (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)),
        key=lambda n: n.lineno,
    )
    for index, function in enumerate(functions):
        if index in done:
            continue
        done.add(index)
        body = function.body
        order = list(range(len(body)))
        for i in range(len(body) - 1):
            if independent(body[order[i]], body[order[i + 1]]) and rng.random() < 0.8:
                order[i], order[i + 1] = order[i + 1], order[i]
        lines = source.splitlines(keepends=True)
        return "".join(_permute_blocks(lines, [_span(s) for s in body], order))
    return None


def reorder(source: str, rng: np.random.Generator) -> str:
    """Function definitions in another order, and independent adjacent statements swapped in
    every function; the text of each statement is kept as it was."""
    try:
        source = _reorder_functions(source, rng)
        done: set[int] = set()
        while (swapped := _swap_statements_once(source, rng, done)) is not None:
            source = swapped  # parsed again: swapping moves the lines of later functions
    except SyntaxError:
        pass
    return source


def reformat(source: str, rng: np.random.Generator) -> str:
    """Printed again from the syntax tree (quotes, parentheses, spacing, comments all change),
    with blank lines and a comment of the copier's own."""
    try:
        lines = ast.unparse(ast.parse(source)).splitlines()
    except SyntaxError:
        return source
    out = []
    for line in lines:
        out.append(line)
        if line.strip() and rng.random() < 0.2:
            out.append("")
    return "# my solution\n" + "\n".join(out)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _assigned(line: str) -> str | None:
    """The name a line assigns (``x = ...``), if it assigns one."""
    target = re.match(r"\s*([A-Za-z_]\w*)\s*=[^=]", line)
    return target.group(1) if target else None


def _added_line(line: str, rng: np.random.Generator) -> str:
    """A line a copier adds after an assignment: a debugging print of what it assigned, or a
    check on it."""
    name = _assigned(line)
    options = [f"print({name})", f"print(len({name}))", f"assert {name} is not None"]
    return _indent(line) + options[int(rng.integers(len(options)))]


def _extract_argument(line: str) -> str | None:
    """``y = f(g(x), z)`` as ``tmp = g(x)`` then ``y = f(tmp, z)``: the first argument of the
    line's outermost call that is itself a computation, moved to a variable of its own."""
    try:
        statement = ast.parse(line.strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    if not isinstance(statement, ast.Assign | ast.Return | ast.Expr) or statement.value is None:
        return None
    call = statement.value
    if not isinstance(call, ast.Call):
        return None
    for position, argument in enumerate(call.args):
        if isinstance(argument, ast.Call | ast.BinOp | ast.Subscript):
            call.args[position] = ast.Name("tmp", ast.Load())
            indent = _indent(line)
            return f"{indent}tmp = {ast.unparse(argument)}\n{indent}{ast.unparse(statement)}"
    return None


def _changed_line(line: str, rng: np.random.Generator) -> str:
    """``line`` rewritten as a copier would: a computation moved to a variable, a returned
    expression named first, or a constant tweaked."""
    extracted = _extract_argument(line)
    stripped = line.strip()
    options = [extracted] if extracted else []
    if stripped.startswith("return ") and "," not in stripped:
        expression = stripped[len("return ") :]
        options.append(f"{_indent(line)}answer = {expression}\n{_indent(line)}return answer")
    if re.search(r"\b\d+\b", line):
        options.append(re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 1), line, count=1))
    if not options:
        return line + "  # checked"
    return options[int(rng.integers(len(options)))]


def edit(source: str, rng: np.random.Generator) -> str:
    """A few lines edited: one line rewritten and one added in the cell's functions."""
    lines = source.splitlines()
    body = [i for i, line in enumerate(lines) if line.startswith("    ") and _complete(line)]
    if not body:
        return source
    assignments = [i for i in body if _assigned(lines[i])]
    changed = int(rng.choice(body))
    lines[changed] = _changed_line(lines[changed], rng)
    if assignments:
        after = int(rng.choice(assignments))
        lines[after] += "\n" + _added_line(lines[after], rng)
    else:
        first = lines[body[0]]
        lines[body[0]] = f"{_indent(first)}print('start')\n{first}"
    edited = "\n".join(lines)
    try:
        ast.parse(edited)
    except SyntaxError:
        return source  # the copier would have noticed and undone it
    return edited


def _complete(line: str) -> bool:
    """Whether a line is a whole simple statement (not a block header nor part of one)."""
    try:
        statement = ast.parse(line.strip()).body
    except SyntaxError:
        return False
    return len(statement) == 1 and not isinstance(
        statement[0], ast.If | ast.For | ast.While | ast.With | ast.FunctionDef | ast.Try
    )
