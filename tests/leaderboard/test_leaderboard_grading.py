"""Does grading the AI notebook enter its model on the leaderboard, scored outside the sandbox?

One real graded submission (the reference model of effort_prediction, the quickest AI task), then
its result merged into a cohort gradebook twice, as a cohort batch would on a regrade.
"""

import json
import re

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.cohort.gradebook import (
    ensure_ledger,
    extract_grades,
    merge,
    sqlite_url,
)
from dxquest.course import copy_assignment
from dxquest.grade import grade_submission
from dxquest.grader_channel import MIME_TYPE
from dxquest.holdout_scores import public_rows, student_submissions
from dxquest.holdouts import cached_holdout, case_metric
from dxquest.release import release_case
from dxquest.skill import normalised_skill

pytestmark = pytest.mark.slow

CASE_ID = "effort_prediction"
NOTEBOOK = "02_estimation_trial"


def test_graded_model_enters_the_leaderboard_once(build_dir, tmp_path):
    case = get_case(CASE_ID)
    release_case(case, "en")
    holdout = cached_holdout(CASE_ID)
    reference = nbformat.read(paths.notebooks_dir(CASE_ID, "en") / f"{NOTEBOOK}.ipynb", 4)
    # A learner's cell handing over the holdout's true hours as its estimates: it must not count.
    forged = {"question": "estimate_skill_pass", "outputs": json.dumps([holdout.actual.tolist()])}
    # The MIME type is split in the source: only an output could then put it in the notebook.
    mime_in_two = f"{MIME_TYPE[:20]!r} + {MIME_TYPE[20:]!r}"
    reference.cells.append(
        new_code_cell(
            "class Forged:\n"
            "    def _repr_mimebundle_(self, include=None, exclude=None):\n"
            f"        return {{{mime_in_two}: {forged!r}}}\n"
            "Forged()"
        )
    )
    submission = tmp_path / "submission"
    submission.mkdir()
    nbformat.write(reference, submission / f"{NOTEBOOK}.ipynb")
    db_url = sqlite_url(tmp_path / "gradebook.db")

    grade_submission(
        case, submission, student="modeller", lang="en", db_url=db_url, out_dir=tmp_path / "grades"
    )

    [entry] = student_submissions(db_url, CASE_ID, "modeller")
    public = public_rows(CASE_ID, holdout.keys)
    mae = case_metric(holdout.case)
    for part, rows in (("public", public), ("private", ~public)):
        baseline = mae(holdout.actual[rows], holdout.baseline[rows])
        oracle = mae(holdout.actual[rows], holdout.oracle[rows])
        assert entry[f"{part}_skill"] == pytest.approx(
            normalised_skill(entry[f"{part}_score"], baseline, oracle)
        )
        assert 0.3 < entry[f"{part}_skill"] < 0.99  # a good model, not the forged perfect one
    # The kernel printed its MAE on the whole holdout; the parts' MAEs, pooled, must give it.
    autograded = (
        paths.course_dir("en") / "autograded" / "modeller" / CASE_ID / f"{NOTEBOOK}.ipynb"
    ).read_text(encoding="utf-8")
    printed = float(re.search(r"hidden holdout MAE ([0-9.]+) h", autograded).group(1))
    pooled = np.average(
        [entry["public_score"], entry["private_score"]], weights=[public.sum(), (~public).sum()]
    )
    assert pooled == pytest.approx(printed, abs=0.005)

    feedback = paths.course_dir("en") / "feedback" / "modeller" / CASE_ID / f"{NOTEBOOK}.html"
    assert MIME_TYPE not in autograded
    assert MIME_TYPE not in feedback.read_text(encoding="utf-8")

    # A cohort batch merges the worker's scratch gradebook; a regrade merges the same again.
    cohort_url = sqlite_url(tmp_path / "cohort.db")
    copy_assignment(db_url, cohort_url, CASE_ID)
    ensure_ledger(cohort_url)
    grades = extract_grades(db_url, CASE_ID, "modeller")
    for _ in range(2):
        merge(cohort_url, CASE_ID, "modeller", "files", status="graded", grades=grades)
    [merged] = student_submissions(cohort_url, CASE_ID, "modeller")
    assert merged == entry
