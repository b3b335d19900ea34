"""An honest learner's solution cells: the release's cells with their own code in place of the
placeholders, and the cells where the notebook asks them to paste their earlier functions."""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterable, Mapping

import numpy as np

from dxquest.course_config import CODE_STUB
from dxquest.similarity.honest import Body, honest_bodies, pasted_cells
from dxquest.similarity.honest.grammar import TOP_LEVEL

# The stub's comment line, in either language's release.
_STUB_COMMENT = "|".join(re.escape(stub.split("\n", 1)[0]) for stub in (CODE_STUB.ja, CODE_STUB.en))
_PLACEHOLDER = re.compile(rf"\n[ \t]*(?:{_STUB_COMMENT})\n([ \t]*)raise NotImplementedError\(\)")
_TOP_LEVEL_PLACEHOLDER = re.compile(
    rf"^(?:{_STUB_COMMENT})\nraise NotImplementedError\(\)", flags=re.M
)


def fill_release_cell(release_source: str, bodies: Body) -> str:
    """The release cell with each ``def name(…)``'s placeholder replaced by ``bodies[name]``,
    and its top-level placeholder by ``bodies[TOP_LEVEL]``, if given."""
    filled = release_source
    for name, body in bodies.items():
        header = re.search(rf"^def {re.escape(name)}\(.*?:\n", filled, flags=re.M | re.S)
        placeholder = header and _PLACEHOLDER.search(filled, header.end() - 1)
        if not placeholder:
            continue
        filled = (
            filled[: placeholder.start()]
            + "\n"
            + textwrap.indent(body, placeholder.group(1))
            + filled[placeholder.end() :]
        )
    # Last, so a helper the learner writes above cannot be taken for the function asked for.
    if TOP_LEVEL in bodies:
        filled = paste_into_release_cell(filled, bodies[TOP_LEVEL])
    return filled


def own_functions(cells: Iterable[str], names: Iterable[str]) -> str:
    """The learner's own definitions of ``names`` (the last written one of each, in the order
    asked), as a learner pastes them into a later notebook."""
    written: dict[str, str] = {}
    for cell in cells:
        lines = cell.splitlines()
        for node in ast.parse(cell).body:
            if isinstance(node, ast.FunctionDef) and not _is_placeholder(node):
                written[node.name] = "\n".join(lines[node.lineno - 1 : node.end_lineno])
    return "\n\n\n".join(written[name] for name in names if name in written)


def _is_placeholder(function: ast.FunctionDef) -> bool:
    last = function.body[-1]
    return isinstance(last, ast.Raise) and "NotImplementedError" in ast.unparse(last)


def paste_into_release_cell(release_source: str, code: str) -> str:
    """The release cell with its top-level placeholder replaced by ``code``."""
    return _TOP_LEVEL_PLACEHOLDER.sub(lambda _: code, release_source, count=1)


def honest_cells(
    case_id: str, release: Mapping[str, str], rng: np.random.Generator
) -> dict[str, str]:
    """One honest learner's solution cells: the release's, filled with their own bodies."""
    bodies = honest_bodies(case_id, rng)
    cells = {q: fill_release_cell(release[q], bodies[q]) for q in release if q in bodies}
    for cell, names in pasted_cells(case_id).items():
        if cell in release:
            cells[cell] = paste_into_release_cell(
                release[cell], own_functions(cells.values(), names)
            )
    return cells
