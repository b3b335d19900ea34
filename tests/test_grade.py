"""Does grading one submission survive a broken notebook and score the rest correctly?"""

import json
import shutil

import pytest

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.course import read_scores
from dxquest.grade import SubmissionError, grade_submission, stage_submission
from dxquest.release import release_case

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def case(build_dir):
    case = get_case("demand_forecast")
    release_case(case, "en")
    return case


def test_broken_notebook_scores_zero_and_the_rest_is_graded(case, tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    # The reference pitch notebook (solutions included) is a fully correct answer.
    shutil.copy(paths.notebooks_dir(case.id, "en") / "04_executive_pitch.ipynb", submission)
    (submission / "01_business_problem.ipynb").write_text("{ not json", encoding="utf-8")

    report = grade_submission(case, submission, student="broken-learner", lang="en")

    by_notebook = {}
    for cell in report.cells:
        if cell.kind == "auto":
            by_notebook.setdefault(cell.notebook, []).append(cell)
    pitch = by_notebook["04_executive_pitch"]
    assert pitch and all(c.score == c.max_score for c in pitch)
    assert all(c.score == 0 for c in by_notebook["01_business_problem"])
    assert any("01_business_problem" in p and "invalid JSON" in p for p in report.problems)
    assert any("02_forecast_trial" in p and "not submitted" in p for p in report.problems)
    assert report.auto_score == sum(c.max_score for c in pitch)

    written = json.loads(
        (paths.build_dir() / "grades" / "broken-learner" / case.id / "score.json").read_text()
    )
    assert written["auto_score"] == report.auto_score
    assert written["holdout"] == "public self-study"
    # The gradebook holds the same numbers.
    stored = read_scores(paths.gradebook_url("en"), case.id, "broken-learner")
    assert sum(c.score for c in stored if c.kind == "auto") == report.auto_score


def test_problems_are_reported_in_the_learners_language(case, tmp_path):
    submission = tmp_path / "ja"
    submission.mkdir()
    (submission / "04_executive_pitch.ipynb").write_bytes(b"\xff\xfe not utf-8")
    report = grade_submission(case, submission, student="ja-learner", lang="ja")
    assert any("読み込めませんでした" in p for p in report.problems)
    assert report.auto_score == 0


def test_unsafe_student_ids_are_refused(case, tmp_path):
    with pytest.raises(SubmissionError, match="student id"):
        grade_submission(case, tmp_path, student="../other-learner")


def test_staging_from_the_courses_own_submitted_folder_keeps_the_notebooks_and_the_time(case):
    """nbgrader's collect leaves a submission, with its timestamp.txt, in the very folder staging
    writes: it must survive, and nbgrader must still find when it was submitted."""
    collected = paths.submitted_dir(case.id, "collected-learner", "en")
    collected.mkdir(parents=True)
    shutil.copy(paths.notebooks_dir(case.id, "en") / "04_executive_pitch.ipynb", collected)
    (collected / "timestamp.txt").write_text("2025-08-01 15:00:00.000000 UTC\n")

    staged, problems = stage_submission(case, collected, "collected-learner", "en")

    assert staged == collected
    assert (staged / "04_executive_pitch.ipynb").is_file()
    assert (staged / "timestamp.txt").read_text() == "2025-08-01 15:00:00.000000 UTC\n"
    assert problems and not any("04_executive_pitch" in p for p in problems)
