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

import nbformat

DECISION, MODEL, TRANSCRIPTION, FREE_TEXT = "decision", "model", "transcription", "free_text"
KINDS = (DECISION, MODEL, TRANSCRIPTION, FREE_TEXT)

METADATA_KEY = "dxquest"
"""The cell metadata key holding ``{"kind": …}``: the kit's own, beside nbgrader's."""


def declared_kind(cell: nbformat.NotebookNode) -> object:
    """The kind ``cell`` declares, as written (``None`` when it declares none)."""
    declared = cell.metadata.get(METADATA_KEY)
    return declared.get("kind") if isinstance(declared, dict) else None
