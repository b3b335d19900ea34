"""Case metadata: one small ``case.toml`` per case folder.

A folder under ``cases/`` is a case when it holds a ``case.toml``; folders without one (a case
still being written) are ignored by every command. ``DXQUEST_CASES_DIR`` points every command at
another folder of cases (a course's own cases, or a case scaffolded in a test's temporary folder).
"""

from __future__ import annotations

import json
import os
import re
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


# The gates of completion, in the order they are reported: every notebook submitted, the skill
# cells at full marks, the pitch at its pass level, the total at the pass mark, and no copy
# confirmed by the similarity review.
ALL_NOTEBOOKS, HIDDEN_SKILL, PITCH, PASS_MARK, SIMILARITY = (
    "all_notebooks",
    "hidden_skill",
    "pitch",
    "pass_mark",
    "similarity",
)
GATES = (ALL_NOTEBOOKS, HIDDEN_SKILL, PITCH, PASS_MARK, SIMILARITY)

DEFAULT_PITCH_PASS = 0.6
"""Share of the pitch's points it needs when ``case.toml`` does not say: 3 of the 5 one-point
rubric criteria of the cases' pitches. Fewer would pass a pitch missing most of what a decision
maker needs (cost, evidence, ROI, the ask); all 5 would let one strict reviewer's median decide the
badge."""


@dataclass(frozen=True)
class CompletionGates:
    """What completing the case requires (``[completion]`` of ``case.toml``), besides every notebook
    submitted and no copy confirmed by the similarity review: points alone are not enough."""

    pass_mark: float  # share of all points, autograded + peer-reviewed
    # Test cells (grade ids) that pass only when the AI's skill on the hidden holdout reaches the
    # pass band; each needs full marks.
    skill_cells: tuple[str, ...]
    pitch_cell: str  # the peer-reviewed pitch (grade id)
    pitch_pass: float  # share of the pitch's points it needs
    # The optional stretch task's test cells (発展課題), by the band full marks on them record:
    # left out of the pass mark's points, so a learner who skips the task completes as before.
    merit_cells: tuple[str, ...] = ()
    distinction_cells: tuple[str, ...] = ()

    @property
    def stretch_cells(self) -> tuple[str, ...]:
        return (*self.merit_cells, *self.distinction_cells)


LEVELS = ("entry", "intermediate", "advanced")
"""The progression across cases, in order: how much a case's notebooks do for the learner."""


@dataclass(frozen=True)
class CaseLevel:
    """Where a case sits in the progression (``[level]`` of ``case.toml``)."""

    name: str  # one of LEVELS
    reason: Msg  # one line: how much scaffolding the case gives, and what it leaves to the learner


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: Msg
    company: Msg
    level: CaseLevel
    directory: Path
    notebooks: tuple[NotebookInfo, ...]
    completion: CompletionGates
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


# The nbgrader metadata a notebook source carries in its cell headers (jupytext percent format):
# ``# %% nbgrader={...}`` for a code cell, ``# %% [markdown] nbgrader={...}`` for a free-text one.
_GRADED_HEADER = re.compile(r"^# %%(?P<markdown> \[markdown\])?.*?\bnbgrader=(?P<meta>\{[^}]*\})")


def graded_cells(case_dir: Path, notebooks: tuple[NotebookInfo, ...]) -> dict[str, str]:
    """Every graded cell of the notebook sources: grade id → ``"auto"`` (test) or ``"manual"``
    (free text). Read from the cell headers only: every command loads every case, and a full
    notebook parse would cost it a fifth of a second."""
    cells = {}
    for notebook in notebooks:
        for line in notebook.source_path(case_dir).read_text(encoding="utf-8").splitlines():
            header = _GRADED_HEADER.match(line)
            meta = json.loads(header["meta"]) if header else {}
            if meta.get("grade"):
                cells[meta["grade_id"]] = "manual" if header["markdown"] else "auto"
    return cells


_REQUIRED_GATES = ("pass_mark", "skill_cells", "pitch_cell")


def _share(toml: Path, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{toml}: [completion] {key} must be a share in (0, 1], got {value!r}")
    return float(value)


def _check_cell(toml: Path, key: str, cell: str, kind: str, graded: dict[str, str]) -> None:
    """``cell`` must be a graded cell of ``kind`` in the case's notebooks."""
    if graded.get(cell) == kind:
        return
    what = "test cell" if kind == "auto" else "free-text (peer-reviewed) cell"
    problem = "is no graded cell" if cell not in graded else f"is not a {what}"
    candidates = ", ".join(sorted(c for c, k in graded.items() if k == kind)) or "none"
    raise ValueError(
        f"{toml}: [completion] {key} names {cell!r}, which {problem} of the case's notebooks "
        f"(their graded {what}s: {candidates})"
    )


def _completion_gates(toml: Path, raw: dict, graded: dict[str, str]) -> CompletionGates:
    """``[completion]`` of ``case.toml``, each cell it names checked against the notebooks."""
    table = raw.get("completion", {})
    missing = [key for key in _REQUIRED_GATES if key not in table]
    if missing:
        raise ValueError(
            f"{toml}: [completion] lacks {', '.join(missing)}: a case declares what completing it "
            "requires (see docs/adding-a-case.md)"
        )
    gates = CompletionGates(
        pass_mark=_share(toml, "pass_mark", table["pass_mark"]),
        skill_cells=tuple(table["skill_cells"]),
        pitch_cell=table["pitch_cell"],
        pitch_pass=_share(toml, "pitch_pass", table.get("pitch_pass", DEFAULT_PITCH_PASS)),
        merit_cells=tuple(table.get("merit_cells", ())),
        distinction_cells=tuple(table.get("distinction_cells", ())),
    )
    if not gates.skill_cells:
        raise ValueError(
            f"{toml}: [completion] skill_cells is empty: completion needs a working model"
        )
    for cell in gates.skill_cells:
        _check_cell(toml, "skill_cells", cell, "auto", graded)
    _check_cell(toml, "pitch_cell", gates.pitch_cell, "manual", graded)
    for key in ("merit_cells", "distinction_cells"):
        for cell in getattr(gates, key):
            _check_cell(toml, key, cell, "auto", graded)
    if gates.distinction_cells and not gates.merit_cells:
        raise ValueError(
            f"{toml}: [completion] distinction_cells without merit_cells: distinction is merit "
            "and more, so a stretch task records merit first"
        )
    return gates


def _level(toml: Path, raw: dict) -> CaseLevel:
    table = raw.get("level", {})
    if table.get("name") not in LEVELS or "reason" not in table:
        raise ValueError(
            f"{toml}: [level] needs a name, one of {', '.join(LEVELS)} (got "
            f"{table.get('name')!r}), and a one-line reason in ja and en: a case says where it "
            "sits in the progression (see docs/adding-a-case.md)"
        )
    return CaseLevel(name=table["name"], reason=_msg(table, "reason"))


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
        level=_level(case_dir / "case.toml", raw),
        directory=case_dir,
        notebooks=notebooks,
        completion=_completion_gates(
            case_dir / "case.toml", raw, graded_cells(case_dir, notebooks)
        ),
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
    known = ", ".join(f"{c.id} ({c.level.name})" for c in discover_cases()) or "none"
    raise KeyError(f"unknown case {case_id!r}; known cases: {known}")


def select_cases(case_ids: tuple[str, ...] | list[str]) -> list[CaseInfo]:
    """The named cases, or every case when none is named (the CLI convention)."""
    return [get_case(c) for c in case_ids] if case_ids else discover_cases()
