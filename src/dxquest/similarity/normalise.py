"""Normalise a code cell to the token stream that fingerprints are taken from.

The cheap disguises of a copy must vanish, and what a copier cannot change must stay:

- **names the cell binds** (its variables, parameters, loop variables and functions) become
  ``N``, so renaming hides nothing; names it only uses (``np``, ``len``, the notebook's
  ``business`` or ``clean_sales``), attribute names (``.groupby``) and keyword-argument names
  (``on=``) are kept: they are the called code's, and they tell different steps apart;
- **strings** that look like a column name or key (``'unit_cost'``) are kept with one kind of
  quote; other strings become ``S`` and every number ``0``, so a tweaked constant hides nothing;
- **layout** goes: comments, docstrings, blank lines, indentation, parentheses (formatters add
  and remove them) and trailing commas;
- **statements that compute nothing the answer uses** go: imports (everyone imports the same
  libraries), ``print`` and ``display`` calls and ``assert`` checks (adding them costs a copier
  nothing);
- **order** is made canonical: statements a learner may write in either order, and the
  functions of a cell, are put in one order (:mod:`.order`).

A cell that does not parse (a half-written answer) keeps the plain token rules without the
statement rules.
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from dxquest.similarity.order import canonical_order
from dxquest.similarity.syntax import DEFINITIONS, Survey, survey

_LAYOUT = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}
_CLOSING = {")", "]", "}"}
_PARENTHESES = {"(", ")"}
_OUTPUT_CALLS = {"print", "display", "pprint"}
_KEY_LIKE = re.compile(r"[\w .%:/-]{0,40}")


@dataclass(frozen=True)
class Token:
    """One normalised token and the source line (1-based, in its cell) it came from."""

    text: str
    line: int


def _without_magics(source: str) -> str:
    """IPython's ``%magic`` and ``!shell`` lines blanked (line numbers kept): not Python tokens."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _raw_tokens(source: str) -> list[tokenize.TokenInfo]:
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # keep what was read before the broken part
    return tokens


def _string_text(literal: str) -> str:
    """A key-like string's value in one quoting; ``S`` for any other string."""
    body = literal.lstrip("rRuU")
    if body[:1] not in {"'", '"'}:
        return "S"  # an f-string holds the learner's names; bytes are no column names
    quote = body[:3] if body[:3] in {"'" * 3, '"' * 3} else body[:1]
    value = body[len(quote) : -len(quote)]
    # A key has no escapes, so its text is its value: read without compiling the literal.
    return repr(value) if "\\" not in value and _KEY_LIKE.fullmatch(value) else "S"


def _token_texts(raw: list[tokenize.TokenInfo], survey: Survey | None) -> list[str | None]:
    """The normalised text of each raw token; ``None`` for layout."""
    bound = survey.bound if survey is not None else None
    keyword_names = survey.keyword_names if survey is not None else set()
    texts: list[str | None] = []
    previous = ""
    for token in raw:
        if token.type in _LAYOUT:
            texts.append(None)
            continue
        if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
            kept = previous == "." or token.start in keyword_names
            unknown = bound is None  # a broken cell: no way to tell a learner's name apart
            text = "N" if not kept and (unknown or token.string in bound) else token.string
        elif token.type == tokenize.STRING:
            text = _string_text(token.string)
        elif token.type == tokenize.NUMBER:
            text = "0"
        else:
            text = token.string
        texts.append(text)
        previous = text
    _drop_formatting(texts)
    return texts


def _drop_formatting(texts: list[str | None]) -> None:
    """Parentheses and trailing commas set to ``None``, in place."""
    last = None
    for i, text in enumerate(texts):
        if text is None:
            continue
        if text in _CLOSING and last is not None and texts[last] == ",":
            texts[last] = None
        if text in _PARENTHESES:
            texts[i] = None
            continue
        last = i


def _computes_nothing(statement: ast.stmt) -> bool:
    """Imports, docstrings and other bare literals, output calls and assertions."""
    if isinstance(statement, ast.Import | ast.ImportFrom | ast.Assert):
        return True
    if not isinstance(statement, ast.Expr):
        return False
    value = statement.value
    if isinstance(value, ast.Constant):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in _OUTPUT_CALLS
    )


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists inside a statement (a body, an ``else``, each handler's body)."""
    for name in statement._fields:
        value = getattr(statement, name, None)
        if not isinstance(value, list) or not value:
            continue
        if isinstance(value[0], ast.stmt):
            yield value
        elif isinstance(value[0], ast.excepthandler | ast.match_case):
            for handler in value:
                yield handler.body


def _start(statement: ast.stmt) -> tuple[int, int]:
    decorators = getattr(statement, "decorator_list", None)
    if decorators:
        first = min(decorators, key=lambda d: (d.lineno, d.col_offset))
        return first.lineno, first.col_offset - 1  # the "@" before it
    return statement.lineno, statement.col_offset


def _owners(statements: list[ast.stmt], raw: list[tokenize.TokenInfo]) -> list[ast.stmt | None]:
    """The innermost statement each raw token belongs to (statements nest, tokens are in
    order: one sweep with a stack of open statements)."""
    spans = sorted(
        ((_start(n), (n.end_lineno or 0, n.end_col_offset or 0), n) for n in statements),
        key=lambda span: (span[0], (-span[1][0], -span[1][1])),
    )
    owners: list[ast.stmt | None] = []
    open_: list[tuple] = []  # (end, statement), innermost last
    next_ = 0
    for token in raw:
        position = token.start
        while next_ < len(spans) and spans[next_][0] <= position:
            start, end, statement = spans[next_]
            next_ += 1
            while open_ and open_[-1][0] <= start:
                open_.pop()
            open_.append((end, statement))
        while open_ and open_[-1][0] <= position:
            open_.pop()
        owners.append(open_[-1][1] if open_ else None)
    return owners


class _Canonical:
    """The tokens of a parsed cell, statement by statement, in canonical order."""

    def __init__(
        self,
        tree: ast.Module,
        survey: Survey,
        raw: list[tokenize.TokenInfo],
        texts: list[str | None],
    ):
        self.tree = tree
        self.texts = texts
        self.own: dict[int, list[int]] = {}  # statement id → indices of its own tokens
        for index, owner in enumerate(_owners(survey.statements, raw)):
            if texts[index] is not None:
                self.own.setdefault(id(owner), []).append(index)
        self.keys: dict[int, str] = {}
        self.orders: dict[int, list[ast.stmt]] = {}
        self.effects = survey.effects

    def ordered(self, block: list[ast.stmt]) -> list[ast.stmt]:
        if id(block) not in self.orders:
            kept = [s for s in block if not _computes_nothing(s)]
            self.orders[id(block)] = canonical_order(kept, self.key, self.effects)
        return self.orders[id(block)]

    def key(self, statement: ast.stmt) -> str:
        if isinstance(statement, DEFINITIONS):
            return f"def {statement.name}"  # an edit inside does not move the whole definition
        if id(statement) not in self.keys:
            parts = [str(self.texts[i]) for i in self.own.get(id(statement), [])]
            for block in _blocks(statement):
                parts += [self.key(s) for s in self.ordered(block)]
            self.keys[id(statement)] = " ".join(parts)
        return self.keys[id(statement)]

    def indices(self) -> list[int]:
        """Indices of the kept raw tokens, in canonical order."""
        out = list(self.own.get(id(None), []))  # tokens outside any statement

        def emit(block: list[ast.stmt]) -> None:
            for statement in self.ordered(block):
                out.extend(self.own.get(id(statement), []))
                for inner in _blocks(statement):
                    emit(inner)

        emit(self.tree.body)
        return out


def normalise(source: str) -> list[Token]:
    """The normalised token stream of a cell's code (see the module docstring for the rules)."""
    source = _without_magics(source)
    raw = _raw_tokens(source)
    try:
        tree = ast.parse(source)
        found = survey(tree)
    except (SyntaxError, ValueError, RecursionError):
        texts = _token_texts(raw, None)
        indices = [i for i, text in enumerate(texts) if text is not None]
    else:
        texts = _token_texts(raw, found)
        indices = _Canonical(tree, found, raw, texts).indices()
    return [Token(texts[i], raw[i].start[0]) for i in indices]
