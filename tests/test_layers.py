"""Does the library read top-down: no module imports a layer above its own?

Every import counts, at module level or inside a function (a lazy import is still an import), so
a cycle cannot be dodged by importing late. A new module must be given a layer here.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import dxquest

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # lowest first: a module may import its own layer and the layers listed before it
    (
        "foundation",
        (
            "dxquest",
            "dxquest.paths",
            "dxquest.i18n",
            "dxquest.secret",
            "dxquest.parent_death",
            "dxquest.threads",
        ),
    ),
    ("synthetic data generators", ("dxquest.synth",)),
    (
        "shared core",
        (
            "dxquest.caseinfo",
            "dxquest.answers",
            "dxquest.grader_channel",
            "dxquest.public_data",
            "dxquest.exercise",
            "dxquest.hints",
            "dxquest.skill",
            "dxquest.rubric",
            "dxquest.holdout_predictions",
            "dxquest.marks",
            "dxquest.excel_csv",
            "dxquest.settings",
        ),
    ),
    ("case packages", ("dxquest.cases",)),
    (
        "grading core",
        (
            "dxquest.course",
            "dxquest.course_config",
            "dxquest.deadlines",
            "dxquest.grade_export",
            "dxquest.course_plugins",
            "dxquest.question_kinds",
            "dxquest.figure_marks",
            "dxquest.notebook_build",
            "dxquest.figures",
            "dxquest.solution_run",
            "dxquest.leaks",
            "dxquest.number_forms",
            "dxquest.answer_leaks",
            "dxquest.public_answers",
            "dxquest.holdouts",
            "dxquest.holdout_scores",
            "dxquest.marking",
            "dxquest.public_checks",
        ),
    ),
    ("sandbox", ("dxquest.sandbox",)),
    (
        "release",
        (
            "dxquest.release",
            "dxquest.pipeline",
            "dxquest.scaffold",
            "dxquest.lab",
            "dxquest.progress",
        ),
    ),
    ("grade and feedback", ("dxquest.grade", "dxquest.feedback")),
    (
        "checks of the whole path",
        ("dxquest.wrong_answers", "dxquest.validate", "dxquest.bench", "dxquest.sandbox_audit"),
    ),
    ("cohort grading", ("dxquest.cohort",)),
    ("similarity review", ("dxquest.similarity",)),
    ("peer review", ("dxquest.peer",)),
    ("leaderboard", ("dxquest.leaderboard",)),
    ("badges", ("dxquest.badges",)),
    ("item statistics", ("dxquest.stats",)),
    ("cohort demo", ("dxquest.cohort_demo",)),
    ("a program year measured", ("dxquest.program_year",)),
    ("command line", ("dxquest.cli",)),
]

SRC = Path(dxquest.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# The case template is package data that ``dxquest new-case`` copies into a new case package: its
# files are read as text, never imported from there.
TEMPLATE = SRC / "case_template"
MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py")) if not p.is_relative_to(TEMPLATE)}


def _layer(module: str) -> int:
    """Index of the layer with the longest prefix matching ``module``."""
    matches = [
        (len(prefix), index)
        for index, (_, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    assert matches, f"{module} has no layer: add it to LAYERS in {Path(__file__).name}"
    return max(matches)[1]


def _imports(module: str) -> set[str]:
    """Every dxquest module ``module`` imports, wherever the import statement stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                # "from dxquest import paths" imports the module dxquest.paths.
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {name for name in found if name == "dxquest" or name.startswith("dxquest.")}


def _edges() -> set[tuple[str, str]]:
    return {(module, target) for module in MODULES for target in _imports(module)}


def test_every_module_has_a_layer():
    for module in MODULES:
        _layer(module)


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(
        f"{module} ({LAYERS[_layer(module)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for module, target in _edges()
        if _layer(target) > _layer(module)
    )
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_the_check_sees_lazy_and_relative_imports(tmp_path, monkeypatch):
    """Would an import inside a function, or a relative one, be caught?"""
    fake = {"dxquest.paths": tmp_path / "paths.py", "dxquest.fake": tmp_path / "fake.py"}
    fake["dxquest.fake"].write_text(
        "def late():\n    from dxquest.cli import main\n\nfrom . import paths\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "MODULES", fake)
    assert _imports("dxquest.fake") == {"dxquest.cli", "dxquest.paths"}
