"""The free-text answers of a graded submission, read from the notebooks nbgrader autograded."""

from __future__ import annotations

from dxquest import paths
from dxquest.cohort.gradebook import read_ledger
from dxquest.rubric import Rubric


def reviewable_students(case_id: str, lang: str, db_url: str) -> list[str]:
    """Learners whose submission was graded into this gradebook and has notebooks to review.

    A learner who submitted nothing already scores 0 on every free-text cell: peers get nothing
    to read, so they are left out of the review round.
    """
    ledger = read_ledger(db_url, case_id)
    return sorted(
        student
        for student, row in ledger.items()
        if row.status == "graded"
        and any(paths.autograded_dir(case_id, student, lang).glob("*.ipynb"))
    )


def read_answers(rubric: Rubric, student: str, lang: str) -> dict[str, str | None]:
    """``{grade_id: answer}`` for every rubric question; ``None`` when its notebook is missing."""
    import nbformat

    folder = paths.autograded_dir(rubric.case_id, student, lang)
    answers: dict[str, str | None] = {}
    notebooks: dict[str, nbformat.NotebookNode | None] = {}
    for question in rubric.questions:
        if question.notebook not in notebooks:
            path = folder / f"{question.notebook}.ipynb"
            notebooks[question.notebook] = (
                nbformat.read(path, as_version=4) if path.is_file() else None
            )
        nb = notebooks[question.notebook]
        answers[question.grade_id] = (
            None
            if nb is None
            else next(
                (
                    cell.source
                    for cell in nb.cells
                    if cell.metadata.get("nbgrader", {}).get("grade_id") == question.grade_id
                ),
                None,
            )
        )
    return answers
