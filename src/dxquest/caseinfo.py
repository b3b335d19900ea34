"""Case metadata: one small ``case.toml`` per case folder.

A folder under ``cases/`` is a case when it holds a ``case.toml``; folders without one (a case
still being written) are ignored by every command. ``DXQUEST_CASES_DIR`` points every command at
another folder of cases (a course's own cases, or a case scaffolded in a test's temporary folder).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dxquest import paths
from dxquest.i18n import Msg


@dataclass(frozen=True)
class NotebookInfo:
    id: str
    title: Msg
    minutes: int

    def source_path(self, case_dir: Path) -> Path:
        return case_dir / "notebooks" / f"{self.id}.py"


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: Msg
    company: Msg
    directory: Path
    notebooks: tuple[NotebookInfo, ...]
    pass_mark: float
    metric: str
    lower_is_better: bool
    dss_roles: tuple[str, ...]
    dss_skills: tuple[str, ...]
    # Modules of the case package a learner's kernel may import (case.toml [kernel] modules);
    # everything else of the package (references, oracle, marking) stays with the grader.
    kernel_modules: tuple[str, ...]
    python_module: str

    @property
    def notebook_ids(self) -> list[str]:
        return [nb.id for nb in self.notebooks]


def _msg(table: dict, key: str) -> Msg:
    return Msg(ja=table[key]["ja"], en=table[key]["en"])


def load_case(case_dir: Path) -> CaseInfo:
    with open(case_dir / "case.toml", "rb") as f:
        raw = tomllib.load(f)
    if raw["id"] != case_dir.name:
        raise ValueError(f"{case_dir / 'case.toml'}: id {raw['id']!r} must equal the folder name")
    notebooks = tuple(
        NotebookInfo(id=nb["id"], title=_msg(nb, "title"), minutes=int(nb["minutes"]))
        for nb in raw["notebooks"]
    )
    for nb in notebooks:
        if not nb.source_path(case_dir).is_file():
            raise FileNotFoundError(f"case {raw['id']}: notebook source {nb.source_path(case_dir)}")
    return CaseInfo(
        id=raw["id"],
        title=_msg(raw, "title"),
        company=_msg(raw, "company"),
        directory=case_dir,
        notebooks=notebooks,
        pass_mark=float(raw["grading"]["pass_mark"]),
        metric=raw["grading"]["metric"],
        lower_is_better=bool(raw["grading"]["lower_is_better"]),
        dss_roles=tuple(raw["skills"]["dss_roles"]),
        dss_skills=tuple(raw["skills"]["dss_skills"]),
        kernel_modules=tuple(raw["kernel"]["modules"]),
        python_module=raw["python_module"],
    )


CASES_DIR_VARIABLE = "DXQUEST_CASES_DIR"


def default_cases_dir() -> Path:
    """``DXQUEST_CASES_DIR`` if set, else the project's ``cases/``."""
    folder = os.environ.get(CASES_DIR_VARIABLE)
    return Path(folder) if folder else paths.CASES_DIR


def discover_cases(cases_dir: Path | None = None) -> list[CaseInfo]:
    """All cases under ``cases_dir`` (default: :func:`default_cases_dir`), in ``order``."""
    root = cases_dir or default_cases_dir()
    found = []
    for toml in sorted(root.glob("*/case.toml")):
        with open(toml, "rb") as f:
            order = tomllib.load(f).get("order", 999)
        found.append((order, load_case(toml.parent)))
    return [case for _, case in sorted(found, key=lambda pair: pair[0])]


def get_case(case_id: str) -> CaseInfo:
    for case in discover_cases():
        if case.id == case_id:
            return case
    known = ", ".join(c.id for c in discover_cases()) or "none"
    raise KeyError(f"unknown case {case_id!r}; known cases: {known}")


def select_cases(case_ids: tuple[str, ...] | list[str]) -> list[CaseInfo]:
    """The named cases, or every case when none is named (the CLI convention)."""
    return [get_case(c) for c in case_ids] if case_ids else discover_cases()
