"""Reading submitted code before it runs: refuse what reaches into the grader.

The operating-system sandbox keeps a kernel away from files, the network and other learners, but
the tests run in the same Python process as the learner's code. A notebook that patches the
checkers, hooks IPython's cell execution, inspects stack frames or builds code at run time could
make a public test pass that should fail, or forge what a hidden test hands to the grader. Those
constructs have no place in a case-study answer, so a notebook using any of them is not run: it
scores 0 and the learner is told which line to remove.

This is an allow-by-default scan of a few dangerous families, not a proof: the README's threat
model says what it does not cover.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from nbformat import NotebookNode

from dxquest.i18n import Msg
from dxquest.sandbox.execute import is_test_cell

FORBIDDEN_CALLS = {
    "get_ipython": "IPython の内部 / IPython internals",
    "exec": "実行時のコード生成 / code built at run time",
    "eval": "実行時のコード生成 / code built at run time",
    "compile": "実行時のコード生成 / code built at run time",
    "__import__": "隠れた import / a hidden import",
    "globals": "名前空間の書き換え / namespace rewriting",
    "locals": "名前空間の書き換え / namespace rewriting",
    "vars": "名前空間の書き換え / namespace rewriting",
    "setattr": "属性の書き換え / attribute rewriting",
    "delattr": "属性の書き換え / attribute rewriting",
    "breakpoint": "デバッガ / the debugger",
}
FORBIDDEN_NAMES = {"__builtins__", "In", "Out", "_ih", "_oh", "_i", "_ii", "_iii"}
FORBIDDEN_MODULES = {
    "builtins", "ctypes", "gc", "inspect", "importlib", "IPython", "ipykernel", "traitlets",
    "jupyter_client", "zmq", "code", "codeop", "pdb", "bdb", "trace", "types", "marshal",
    "pickle", "dill", "cloudpickle", "shelve", "copyreg", "sys",
    # Code that runs behind a test's back: threads, signal handlers, finalisers.
    "threading", "_thread", "concurrent", "multiprocessing", "asyncio", "signal", "atexit",
    "sched", "weakref",
}  # fmt: skip
# What the kit's modules keep for grading: learners use the rest of their public names freely.
SENSITIVE_KIT_NAMES = re.compile(r"hidden|secret|oracle|truth|seed", re.IGNORECASE)
FRAME_ATTRIBUTES = {
    "f_back", "f_code", "f_globals", "f_locals", "f_builtins", "tb_frame", "tb_next",
    "co_consts", "co_code", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame",
}  # fmt: skip
ALLOWED_DUNDERS = {"__init__", "__name__", "__doc__"}
ALLOWED_MAGICS = {"matplotlib", "time", "timeit"}
# Settings learners may change on an imported module: display options, not behaviour of checks.
ALLOWED_SETTINGS = {"options", "rcParams"}
# The kit's tools for learners, which the notebooks tell them to call from a cell of their own.
LEARNER_TOOLS = {"dxquest.progress", "dxquest.progress.show_progress"}

REFUSED = Msg(
    "{notebook}.ipynb は採点しませんでした（0点）。採点の仕組みに手を入れるコードが含まれています: "
    "セル {cell} の {line} 行目 `{code}` — {why}。この行を削除して再提出してください。",
    "{notebook}.ipynb was not graded (0 points): it contains code that reaches into the grading "
    "machinery: cell {cell}, line {line} `{code}` — {why}. Remove that line and resubmit.",
)


@dataclass(frozen=True)
class Finding:
    cell: int  # 1-based, as JupyterLab users count
    line: int
    code: str
    why: str

    def message(self, notebook: str) -> Msg:
        return REFUSED.format(
            notebook=notebook, cell=self.cell, line=self.line, code=self.code, why=self.why
        )


def _python(source: str) -> ast.Module | None:
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None  # it fails in the kernel too, costing only its own cell


@dataclass
class _Allowed:
    """What the release's own cells use from the kit, which learners may use too."""

    modules: set[str]  # dxquest modules imported
    bindings: dict[str, str]  # name bound by an import -> what it was bound to


def _allowed_from(release: NotebookNode) -> _Allowed:
    allowed = _Allowed(set(), {})
    for cell in release.cells:
        tree = _python(cell.source) if cell.cell_type == "code" else None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name, target in _imports(node):
                    allowed.bindings[name] = target
                    if target.startswith("dxquest"):
                        allowed.modules.add(target)
    return allowed


def _imports(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """(name bound, dotted target) of an import statement."""
    if isinstance(node, ast.Import):
        return [(a.asname or a.name.split(".")[0], a.name) for a in node.names]
    base = "." * node.level + (node.module or "")
    return [(a.asname or a.name, f"{base}.{a.name}") for a in node.names]


def _root(node: ast.AST) -> ast.Name | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node if isinstance(node, ast.Name) else None


def _passes_through_setting(node: ast.Attribute) -> bool:
    while isinstance(node, ast.Attribute):
        if node.attr in ALLOWED_SETTINGS:
            return True
        node = node.value
    return False


def _why(node: ast.AST, imported: dict[str, str], allowed: _Allowed) -> str | None:
    """Why ``node`` is refused, or None."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        for name, target in _imports(node):
            top = target.lstrip(".").split(".")[0]
            if top in FORBIDDEN_MODULES:
                return f"モジュール {top} は使えません / module {top} is not allowed"
            if target.startswith("dxquest") and target not in allowed.modules | LEARNER_TOOLS:
                return "キットの内部 / the kit's internals"
            if name in allowed.bindings and allowed.bindings[name] != target:
                return f"名前 {name} はチェックに使われます / {name} is used by the checks"
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name == "getattr" and not (
            len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and not node.args[1].value.startswith("_")
        ):
            return "属性の動的な参照 / dynamic attribute access"
    elif isinstance(node, ast.Name):
        if node.id in FORBIDDEN_CALLS and not _is_allowed_magic(node):
            return FORBIDDEN_CALLS[node.id]
        if node.id in FORBIDDEN_NAMES or node.id.startswith("_dxquest"):
            return "実行履歴・組み込み名前空間 / execution history or builtins"
        if isinstance(node.ctx, ast.Store | ast.Del) and node.id in allowed.bindings:
            return f"名前 {node.id} はチェックに使われます / {node.id} is used by the checks"
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        if node.name == "__del__":
            return "ファイナライザ / a finaliser (runs at unpredictable times)"
        if node.name in allowed.bindings:
            return f"名前 {node.name} はチェックに使われます / {node.name} is used by the checks"
    elif isinstance(node, ast.Attribute):
        attr = node.attr
        if attr.startswith("__") and attr.endswith("__") and attr not in ALLOWED_DUNDERS:
            return f"特殊属性 {attr} / special attribute {attr}"
        if attr.startswith("_") and not attr.startswith("__"):
            return f"非公開の属性 {attr} / private attribute {attr}"
        if attr in FRAME_ATTRIBUTES:
            return "実行中のフレームの参照 / inspecting running frames"
        root = _root(node)
        if root is not None and imported.get(root.id, "").startswith("dxquest"):
            if SENSITIVE_KIT_NAMES.search(attr):
                return "採点用のデータ / the grading data"
        if isinstance(node.ctx, ast.Store | ast.Del) and root is not None:
            if root.id in imported and not _passes_through_setting(node):
                return f"読み込んだモジュールの書き換え（{root.id}）/ patching an imported module"
    return None


def _is_allowed_magic(node: ast.Name) -> bool:
    parent = getattr(node, "parent", None)  # set by _annotate_parents
    call = getattr(parent, "parent", None)
    return (
        node.id == "get_ipython"
        and isinstance(parent, ast.Call)
        and isinstance(call, ast.Attribute)
        and call.attr in {"run_line_magic", "run_cell_magic"}
        and isinstance(getattr(call, "parent", None), ast.Call)
        and call.parent.args
        and isinstance(call.parent.args[0], ast.Constant)
        and call.parent.args[0].value in ALLOWED_MAGICS
    )


def _annotate_parents(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node  # type: ignore[attr-defined]


def vet_notebook(submitted: NotebookNode, release: NotebookNode) -> list[Finding]:
    """Refusable constructs in the learner's code cells of ``submitted``.

    Test cells are skipped (nbgrader replaces them with the originals), and so are cells left as
    the release gave them.
    """
    allowed = _allowed_from(release)
    untouched = {cell.source for cell in release.cells if cell.cell_type == "code"}
    learner_cells = [
        (number, cell)
        for number, cell in enumerate(submitted.cells, start=1)
        if cell.cell_type == "code" and not is_test_cell(cell) and cell.source not in untouched
    ]
    imported = dict(allowed.bindings)
    trees = []
    for number, cell in learner_cells:
        tree = _python(cell.source)
        if tree is None:
            continue
        _annotate_parents(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                imported.update(_imports(node))
        trees.append((number, tree))
    findings = []
    for number, tree in trees:
        for node in ast.walk(tree):
            why = _why(node, imported, allowed)
            if why:
                line = getattr(node, "lineno", 1)
                findings.append(Finding(number, line, ast.unparse(node)[:80], why))
    return findings
