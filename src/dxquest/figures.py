"""A case's headline figures, written into its texts by code, never by hand.

A text marks each figure it states (:mod:`dxquest.figure_marks`); the mark's ``NAME`` is a key of
the case's ``reference.headline_figures(data)`` on the learners' (public) data. The marked texts
are the case README (each language has its own marks), the data card and the notebook sources
(the pitch's model answer), so one computation feeds every figure a reader sees.

:func:`refresh` rewrites each TEXT from the computations (``dxquest build-data`` calls it, as the
figures change with the data); :func:`stale_figures` lists the marks whose TEXT differs from what
the code computes now; :func:`~dxquest.figure_marks.unmarked` drops the marks from what a learner
is given.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.figure_marks import MARK, render


def case_figures(case: CaseInfo) -> dict[str, float]:
    """The case's headline figures on its public data (the data must be built). A case whose
    figures need what its reference solution computes names the notebook and the variables in
    ``reference.HEADLINE_FROM_SOLUTION``; they are passed by name. A case whose figures need the
    draw's truth (its oracle's scores) sets ``reference.HEADLINE_NEEDS_TRUTH``: the data come
    with the truth of the same draw, made again."""
    from dxquest.cases.spec import case_spec
    from dxquest.marking import case_exercises
    from dxquest.solution_run import solution_variables

    reference = importlib.import_module(f"{case.python_module}.reference")
    needs = getattr(reference, "HEADLINE_FROM_SOLUTION", None)
    solution = solution_variables(case, needs[0], *needs[1]) if needs else {}
    data = case_exercises(case).public_draw.data
    if getattr(reference, "HEADLINE_NEEDS_TRUTH", False):
        data = case_spec(case).with_public_truth(data)
    return reference.headline_figures(data, **solution)


def marked_texts(case: CaseInfo) -> dict[Path, str]:
    """The texts of ``case`` that mark a figure (README, data card, notebook sources), by path."""
    paths_ = [case.directory / "README.md", paths.DATASETS_DIR / f"{case.id}.md"]
    paths_ += [nb.source_path(case.directory) for nb in case.notebooks]
    texts = {path: path.read_text(encoding="utf-8") for path in paths_ if path.is_file()}
    return {path: text for path, text in texts.items() if MARK.search(text)}


def stale_figures(case: CaseInfo, figures: dict[str, float] | None = None) -> list[str]:
    """Every mark of the case's texts whose figure differs from what the code computes now."""
    texts = marked_texts(case)
    if texts and figures is None:
        figures = case_figures(case)
    stale = []
    for path, text in texts.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for match in MARK.finditer(line):
                expected = MARK.match(render(match.group(0), figures, f"{path.name} line {number}"))
                if expected["text"] != match["text"]:
                    stale.append(
                        f"{path.name} line {number}: {match['name']} is written "
                        f"{match['text']!r}, computes {expected['text']!r}"
                    )
    return stale


def refresh(case: CaseInfo) -> list[Path]:
    """Rewrite every figure the case's texts mark; returns the files that changed."""
    texts = marked_texts(case)
    figures = case_figures(case) if texts else {}
    changed = []
    for path, text in texts.items():
        new = render(text, figures, path.name)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
