"""What a graded cell asks of the learner: its kind, declared in the cell's own metadata.

Every graded cell of a notebook source carries ``dxquest={"kind": "…"}`` in its jupytext header,
next to its nbgrader metadata. nbgrader's checksums cover only its own keys, so the release and
autograding carry the extra key unchanged. The kinds let a case's points be read by what they
reward, so formula transcription can be kept a small share of them (the program's aim: the
learner decides, the grader checks the decision).

- ``decision``: the learner derives a choice (a quantile, a threshold, a policy) from the costs and
  trade-offs of the story; the notebook does not state the rule.
- ``model``: an AI task, scored on the hidden holdout.
- ``transcription``: a computation whose formula or rule the prompt spells out.
- ``free_text``: a written answer peers review with the rubric (a graded markdown cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import nbformat

DECISION, MODEL, TRANSCRIPTION, FREE_TEXT = "decision", "model", "transcription", "free_text"
KINDS = (DECISION, MODEL, TRANSCRIPTION, FREE_TEXT)

METADATA_KEY = "dxquest"
"""The cell metadata key holding ``{"kind": …}``: the kit's own, beside nbgrader's."""


def declared_kind(cell: nbformat.NotebookNode) -> object:
    """The kind ``cell`` declares, as written (``None`` when it declares none)."""
    declared = cell.metadata.get(METADATA_KEY)
    return declared.get("kind") if isinstance(declared, dict) else None


def points_by_kind(notebooks: Iterable[Path]) -> dict[str, float]:
    """The points of every graded cell of the built ``notebooks``, summed by kind; every kind is a
    key, so a kind a case does not use shows as 0."""
    totals = dict.fromkeys(KINDS, 0.0)
    for path in notebooks:
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            nbgrader = cell.metadata.get("nbgrader", {})
            if not nbgrader.get("grade"):
                continue
            kind = declared_kind(cell)
            if kind not in totals:
                raise ValueError(
                    f"{path.name} cell {index} ({nbgrader.get('grade_id')}): kind {kind!r} is "
                    f"none of {', '.join(KINDS)} (was the notebook built by this kit?)"
                )
            totals[kind] += float(nbgrader["points"])
    return totals


def format_points_by_kind(points: dict[str, float]) -> str:
    """``decision 5 (13%), model 4 (10%), … of 40 points``: each kind's points and share."""
    total = sum(points.values())
    shares = (
        f"{kind} {value:g} ({value / total:.0%})" if total else f"{kind} {value:g}"
        for kind, value in points.items()
    )
    return f"{', '.join(shares)} of {total:g} points"
