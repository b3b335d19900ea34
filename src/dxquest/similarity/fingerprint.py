"""Normalise a code cell to tokens and winnow its k-gram hashes into a small fingerprint set.

Normalising makes the cheap disguises of a copy vanish: every bare name becomes ``N`` (so renamed
variables match), every string ``S`` and every number ``0`` (so changed constants match),
comments, docstrings, blank lines, indentation, parentheses and trailing commas are dropped (so
reformatting matches: formatters wrap lines in parentheses and drop redundant ones), and import
statements are dropped (everyone imports the same libraries). Attribute names
(``.groupby``, ``.merge``) are kept: a copier cannot rename them without changing what the code
does, and they tell honest solutions apart.

Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003): hash every k-gram of the token stream
and keep, in each window of ``w`` consecutive k-grams, the one with the smallest hash (the
rightmost on ties). Two cells that share a run of at least ``w + k - 1`` tokens share a whole
window of k-grams, and that window selects the same k-gram in both, so **any shared run of
``w + k - 1`` tokens or more is always found**; runs shorter than ``k`` never are. K-grams whose
hash is in ``ignored`` (the release's own code) are skipped before selecting, so the guarantee
holds for every shared run that contains no release-provided k-gram.
"""

from __future__ import annotations

import ast
import hashlib
import io
import keyword
import tokenize
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

K = 8
"""Tokens per k-gram: shorter shared runs are noise (every answer has ``N [ S ] . sum ( )``)."""
W = 6
"""K-grams per window: any shared run of ``W + K - 1`` = 13 tokens is guaranteed to be found."""

_MODULUS = (1 << 61) - 1  # a Mersenne prime: the rolling k-gram hash stays a fixed-size integer
_BASE = 1_000_003
_DROPPED = {
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


@dataclass(frozen=True)
class Token:
    """One normalised token and the source line (1-based, in its cell) it came from."""

    text: str
    line: int


@dataclass(frozen=True)
class Fingerprint:
    """A selected k-gram: its hash and the source lines its tokens span."""

    hash: int
    first_line: int
    last_line: int


def _skipped_spans(source: str) -> tuple[set[int], set[tuple[int, int]]]:
    """Lines of import statements, and start positions of docstrings, read from the syntax tree.

    A cell that does not parse (a learner's half-written answer) still gets tokenised; only
    these two refinements are lost.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set(), set()
    import_lines: set[int] = set()
    docstrings: set[tuple[int, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            import_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.add((first.value.lineno, first.value.col_offset))
    return import_lines, docstrings


def _without_magics(source: str) -> str:
    """IPython's ``%magic`` and ``!shell`` lines blanked (line numbers kept): not Python tokens."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def normalise(source: str) -> list[Token]:
    """The normalised token stream of a cell's code (see the module docstring for the rules)."""
    source = _without_magics(source)
    import_lines, docstrings = _skipped_spans(source)
    raw: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            raw.append(tok)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # keep what was read before the broken part
    tokens: list[Token] = []
    previous = ""
    for tok in raw:
        line = tok.start[0]
        if tok.type in _DROPPED or line in import_lines or tok.start in docstrings:
            continue
        if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
            text = tok.string if previous == "." else "N"
        elif tok.type == tokenize.STRING:
            text = "S"
        elif tok.type == tokenize.NUMBER:
            text = "0"
        else:
            text = tok.string
        if text in _CLOSING and tokens and tokens[-1].text == ",":
            tokens.pop()  # a trailing comma is formatting, not code
        if text in _PARENTHESES:
            previous = text
            continue  # formatters add and remove them freely (wrapping, redundant grouping)
        tokens.append(Token(text, line))
        previous = text
    return tokens


@cache
def _token_hash(text: str) -> int:
    """A stable hash of one token (Python's own ``hash`` of a string changes between runs)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def kgram_hashes(tokens: list[Token], k: int = K) -> list[int]:
    """The hash of every k-gram of ``tokens``, in order (none when there are fewer than k)."""
    values = [_token_hash(t.text) for t in tokens]
    if len(values) < k:
        return []
    top = pow(_BASE, k - 1, _MODULUS)
    current = 0
    for value in values[:k]:
        current = (current * _BASE + value) % _MODULUS
    hashes = [current]
    for index in range(k, len(values)):
        current = ((current - values[index - k] * top) * _BASE + values[index]) % _MODULUS
        hashes.append(current)
    return hashes


def winnow(
    tokens: list[Token], *, k: int = K, w: int = W, ignored: Collection[int] = frozenset()
) -> list[Fingerprint]:
    """The winnowed fingerprints of ``tokens``: in each window of ``w`` k-grams, the smallest
    hash not in ``ignored`` (rightmost on ties), each selected k-gram once."""
    hashes = kgram_hashes(tokens, k)
    selected: set[int] = set()
    for start in range(max(len(hashes) - w + 1, 1 if hashes else 0)):
        window = [
            (h, start + offset)
            for offset, h in enumerate(hashes[start : start + w])
            if h not in ignored
        ]
        if not window:
            continue
        smallest = min(h for h, _ in window)
        selected.add(max(i for h, i in window if h == smallest))
    return [
        Fingerprint(hashes[i], tokens[i].line, tokens[i + k - 1].line) for i in sorted(selected)
    ]
