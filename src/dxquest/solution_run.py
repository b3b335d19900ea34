"""A notebook's reference solution run in this process, for the figures only the solution computes.

A case's headline figures include what its reference model achieves on the learners' data (the
hours a schedule saves, say), and that model lives in the notebook's solution cells alone. They run
here in English, their printing kept out of the caller's, without what only shows or checks:
graded test cells and self-check calls (``ex.<question>.check(...)``); plots go to a backend that
draws nothing.
"""

from __future__ import annotations

import ast
import contextlib
import io

import matplotlib

from dxquest.caseinfo import CaseInfo
from dxquest.i18n import get_language, set_language
from dxquest.notebook_build import build_notebook


def _only_checks(code: str) -> bool:
    """Is every statement of ``code`` a self-check call?"""
    statements = ast.parse(code).body
    return bool(statements) and all(
        isinstance(s, ast.Expr)
        and isinstance(s.value, ast.Call)
        and isinstance(s.value.func, ast.Attribute)
        and s.value.func.attr == "check"
        for s in statements
    )


def solution_variables(case: CaseInfo, notebook_id: str, *names: str) -> dict:
    """The values of ``names`` once ``notebook_id``'s solution cells, run in order, define them."""
    matplotlib.use("Agg")
    info = next(nb for nb in case.notebooks if nb.id == notebook_id)
    notebook = build_notebook(info.source_path(case.directory), "en", case.id)
    # The notebook's first cell sets the kit's language for its messages: the caller's stays.
    language = get_language()
    try:
        return _run_until_defined(notebook, names, f"{case.id} {notebook_id}")
    finally:
        set_language(language)


def _run_until_defined(notebook, names: tuple[str, ...], where: str) -> dict:
    from IPython.display import display

    namespace: dict = {"display": display}
    for index, cell in enumerate(notebook.cells):
        nbgrader = cell.metadata.get("nbgrader", {})
        graded_test = nbgrader.get("grade") and not nbgrader.get("solution")
        if cell.cell_type != "code" or graded_test or _only_checks(cell.source):
            continue
        with contextlib.redirect_stdout(io.StringIO()):  # what the notebook prints for its reader
            exec(compile(cell.source, f"{where} cell {index}", "exec"), namespace)
        if all(name in namespace for name in names):
            return {name: namespace[name] for name in names}
    missing = sorted(set(names) - set(namespace))
    raise KeyError(f"{where}: the solution never defines {missing}")
