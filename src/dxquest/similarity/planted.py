"""A synthetic cohort with planted copies, to measure the similarity review (like ``make_*``).

Honest learners fill the release's answer cells with their own bodies (:mod:`.honest`); copiers
take every answer of one honest learner (each source copied once) or paste the reference
solution, then disguise it: renamed variables, reordered independent statements, reformatted,
a line added and one changed, or all of these at once.
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dxquest.similarity.honest.cells import honest_cells
from dxquest.similarity.index import REFERENCE

COPY_KINDS = ("rename", "reorder", "reformat", "edit", "all", "reference")


@dataclass(frozen=True)
class PlantedCohort:
    """Answers by learner and question; ``copies`` maps each copier to the learner (or
    :data:`REFERENCE`) copied, ``kinds`` to the disguise used."""

    answers: dict[str, dict[str, str]]
    copies: dict[str, str]
    kinds: dict[str, str]

    def planted_pairs(self) -> set[frozenset[str]]:
        return {frozenset((copier, source)) for copier, source in self.copies.items()}


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
    """Every local name replaced by another (keyword arguments and attributes left alone)."""
    try:
        chosen = _locals(ast.parse(source))
    except SyntaxError:
        return source
    mapping = {
        name: f"{name[:1]}{int(rng.integers(10, 99))}_{rng.choice(list('xyzkq'))}"
        for name in sorted(chosen)
    }
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    for index in reversed(range(len(tokens))):
        tok = tokens[index]
        before = tokens[index - 1].string if index else ""
        after = tokens[index + 1].string if index + 1 < len(tokens) else ""
        keyword_argument = after == "=" and before in {"(", ","}
        if (
            tok.type == tokenize.NAME
            and tok.string in mapping
            and before != "."
            and not (keyword_argument or keyword.iskeyword(tok.string))
        ):
            row, col = tok.start
            line = lines[row - 1]
            lines[row - 1] = line[:col] + mapping[tok.string] + line[col + len(tok.string) :]
    return "".join(lines)


def _independent(first: ast.stmt, second: ast.stmt) -> bool:
    def names(node, ctx):
        return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}

    if isinstance(first, ast.Return | ast.If | ast.For) or isinstance(second, ast.Return):
        return False
    written_1, written_2 = names(first, ast.Store), names(second, ast.Store)
    read_1, read_2 = names(first, ast.Load), names(second, ast.Load)
    subscript_writes = any(isinstance(n, ast.Subscript) for n in ast.walk(first)) and bool(
        read_2 & (read_1 | written_1)
    )
    return not (written_1 & (read_2 | written_2) or written_2 & read_1 or subscript_writes)


def reorder(source: str, rng: np.random.Generator) -> str:
    """Swap independent adjacent statements in every function (and reformat: printed from the
    syntax tree)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            body = function.body
            for i in range(len(body) - 1):
                if _independent(body[i], body[i + 1]) and rng.random() < 0.8:
                    body[i], body[i + 1] = body[i + 1], body[i]
    return ast.unparse(tree)


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


def edit(source: str, rng: np.random.Generator) -> str:
    """One line added (a debugging print) and one changed (a number, or a return split in two)."""
    lines = source.splitlines()
    body = [i for i, line in enumerate(lines) if line.startswith("    ") and line.strip()]
    if not body:
        return source
    changed = int(rng.choice(body))
    line = lines[changed]
    if re.search(r"\b\d+\b", line):
        lines[changed] = re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 1), line, count=1)
    elif line.strip().startswith("return "):
        indent = line[: len(line) - len(line.lstrip())]
        lines[changed] = f"{indent}answer = {line.strip()[len('return ') :]}\n{indent}return answer"
    else:
        lines[changed] = line + "  # checked"
    at = int(rng.choice(body))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at, f"{indent}print('step', {at})")
    return "\n".join(lines)


_DISGUISES = {
    "rename": (rename,),
    "reorder": (reorder,),
    "reformat": (reformat,),
    "edit": (edit,),
    "all": (rename, reorder, edit),
    "reference": (),
}


def make_planted_cohort(
    case_id: str,
    release: Mapping[str, str],
    reference: Mapping[str, str],
    *,
    n_learners: int = 200,
    copy_share: float = 0.1,
    seed: int = 0,
) -> PlantedCohort:
    """Generate a cohort of ``n_learners`` with ``copy_share`` of them planted copies.

    Parameters
    ----------
    case_id : the case whose honest answers are written (see :mod:`.honest`).
    release : the learner release's solution cells by grade id (the scaffolding everyone keeps).
    reference : the reference solution's cells by grade id (what a ``reference`` copier pastes).
    n_learners, copy_share : cohort size and the share of copiers among them; each honest
        learner is copied at most once, and the kinds of :data:`COPY_KINDS` take turns.
    seed : the generator is pure: the same arguments give the same cohort.

    Returns
    -------
    PlantedCohort with learners ``learner-0000``…; ids are shuffled, so an id tells nothing of
    who copied.
    """
    root = np.random.SeedSequence(seed)
    honest_seed, copy_seed, order_seed = root.spawn(3)
    n_copies = round(n_learners * copy_share)
    n_honest = n_learners - n_copies
    honest_rng = np.random.default_rng(honest_seed)
    honest = [honest_cells(case_id, release, honest_rng) for _ in range(n_honest)]
    copy_rng = np.random.default_rng(copy_seed)
    sources = copy_rng.choice(n_honest, size=n_copies, replace=False)
    copied: list[tuple[dict[str, str], str, str]] = []
    for i, source in enumerate(sources):
        kind = COPY_KINDS[i % len(COPY_KINDS)]
        original = dict(reference) if kind == "reference" else honest[int(source)]
        answers = {}
        for q, code in original.items():
            for disguise in _DISGUISES[kind]:
                code = disguise(code, copy_rng)
            answers[q] = code
        copied.append((answers, kind, REFERENCE if kind == "reference" else str(source)))
    ids = [f"learner-{i:04d}" for i in np.random.default_rng(order_seed).permutation(n_learners)]
    honest_ids = ids[:n_honest]
    cohort = dict(zip(honest_ids, honest, strict=True))
    copies, kinds = {}, {}
    for student, (answers, kind, source) in zip(ids[n_honest:], copied, strict=True):
        cohort[student] = answers
        copies[student] = source if source == REFERENCE else honest_ids[int(source)]
        kinds[student] = kind
    return PlantedCohort(answers=dict(sorted(cohort.items())), copies=copies, kinds=kinds)
