"""``dxquest new-case NAME``: a new case from the template, ready to validate and then rewrite.

The template (``case_template/`` in this package) is a small complete case, Komugi Bakery: a
generator, a ``CaseSpec`` declaration, one notebook with a computed number, an AI task on a hidden
holdout and a free-text answer, its rubric, wrong answers and data card. It validates as it is, so
a new case starts from working code and ``dxquest validate NAME`` stays green while the author
replaces the story piece by piece (``docs/adding-a-case.md``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CASES_DIR_VARIABLE, CaseInfo, load_case

TEMPLATE_DIR = Path(__file__).parent / "case_template"
TEMPLATE_ID = "newcase"
"""The template case's id, replaced by the new case's name in every file."""
TEMPLATE_MODULE = f"dxquest.cases.{TEMPLATE_ID}"
CASE_NAME = re.compile(r"^[a-z][a-z0-9_]{2,39}$")


class ScaffoldError(ValueError):
    """The case cannot be created as asked (the message says why)."""


def new_case(
    name: str,
    root: Path = paths.PROJECT_ROOT,
    *,
    package_dir: Path | None = None,
    python_module: str | None = None,
) -> CaseInfo:
    """Create case ``name`` under ``root`` from the template and return its metadata.

    Writes ``root/cases/<name>/`` (story, ``case.toml``, notebook, rubric, wrong answers), the
    case's package (by default ``root/src/dxquest/cases/<name>/``, imported as
    ``dxquest.cases.<name>``) and its data card ``root/datasets/<name>.md``. A case outside this
    project passes its own ``package_dir`` and the ``python_module`` it is imported as.
    """
    if not CASE_NAME.fullmatch(name):
        raise ScaffoldError(
            f"case name {name!r}: use 3-40 lowercase letters, digits and underscores, "
            "starting with a letter (it becomes a folder and a Python package)"
        )
    case_dir = Path(root) / "cases" / name
    package_dir = package_dir or Path(root) / "src" / "dxquest" / "cases" / name
    card = Path(root) / "datasets" / f"{name}.md"
    for target in (case_dir, package_dir, card):
        if target.exists():
            raise ScaffoldError(f"{target} exists already: choose another name")
    names = {TEMPLATE_MODULE: python_module or f"dxquest.cases.{name}", TEMPLATE_ID: name}
    _copy(TEMPLATE_DIR / "case", case_dir, names)
    _copy(TEMPLATE_DIR / "package", package_dir, names)
    _copy(TEMPLATE_DIR / "dataset.md", card, names)
    return load_case(case_dir)


@contextmanager
def case_outside(root: Path, name: str) -> Iterator[CaseInfo]:
    """Case ``name`` in ``root`` (the template, scaffolded there on first use with its package in
    ``root/code/<name>``, imported as ``<name>``), while the block lasts: the only case discovery
    sees, importable here and in every kernel the kit starts. For what any case proves as well as
    a real one (the kit's own checks of its grading path), at a template's cost."""
    code = root / "code"
    case_dir = root / "cases" / name
    if case_dir.is_dir():
        case = load_case(case_dir)
    else:
        case = new_case(name, root, package_dir=code / name, python_module=name)
    saved = {key: os.environ.get(key) for key in (CASES_DIR_VARIABLE, "PYTHONPATH")}
    os.environ[CASES_DIR_VARIABLE] = str(root / "cases")
    # Kernels started outside the sandbox (papermill's, the wrong answers') import it through
    # PYTHONPATH; graded kernels get it from the sandbox policy.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), saved["PYTHONPATH"]]))
    sys.path.insert(0, str(code))
    try:
        yield case
    finally:
        sys.path.remove(str(code))
        # A later block may scaffold a case of the same name elsewhere: it must import its own.
        for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
            del sys.modules[module]
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _copy(source: Path, target: Path, names: dict[str, str]) -> None:
    """Copy ``source`` (a file or a folder) to ``target`` with the template's names replaced."""
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        out = target if source.is_file() else target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        for old, new in names.items():
            text = text.replace(old, new)
        out.write_text(text, encoding="utf-8")
