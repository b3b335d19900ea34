"""The cohort round trip on a small synthetic cohort: submissions → autograde → peer assignment →
imported reviews → aggregated grades in the gradebook → feedback → badges, checked at each step."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.learners import LANG

from dxquest import paths
from dxquest.cli import main
from dxquest.cohort.gradebook import read_ledger
from dxquest.cohort_demo import LEARNERS, run_demo
from dxquest.course import read_scores
from dxquest.excel_csv import read_rows
from dxquest.grade_export import COLUMNS as EXPORT_COLUMNS
from dxquest.peer.store import load_assignment, load_reviews
from dxquest.rubric import load_rubric

# One demo run serves every test here: they share a worker (tests/conftest.py, SHARED_RUN_MODULES),
# and the run lives for the session, so tests of other modules run between them on that worker do
# not make pytest tear it down and grade the cohort a second time.
pytestmark = pytest.mark.slow

BY_KIND = {learner.student: learner for learner in LEARNERS}


@pytest.fixture(scope="session")
def demo(case, in_view, tmp_path_factory):
    """One demo run for every check below (grading real submissions is what costs)."""
    with in_view():
        return run_demo(lang=LANG, case_id=case.id, work_dir=tmp_path_factory.mktemp("demo"))


def test_every_learner_is_graded_by_the_real_batch(demo, case):
    outcome = {o.student: o for o in demo.outcomes}
    assert demo.learners == demo.graded == len(LEARNERS) == len(outcome)
    full = outcome["demo-aiko"].auto_max
    for student, learner in BY_KIND.items():
        score = outcome[student].auto_score
        if learner.code == "reference":
            assert score == full
        elif learner.code == "half":
            assert 0 < score < full
        else:
            assert score == 0
    assert "not submitted" in read_ledger(demo.db_url, case.id)["demo-noa"].message


def test_each_submission_gets_three_anonymous_peers_and_the_packets_hide_who_wrote_it(demo, case):
    assignment = load_assignment(demo.db_url, case.id)
    submitted = {s for s, learner in BY_KIND.items() if learner.code != "none"}
    assert set(assignment.reviewers) == submitted
    for author, reviewers in assignment.reviewers.items():
        assert len(set(reviewers)) == 3 and author not in reviewers
    assert demo.reviews_assigned == 3 * len(submitted)
    packets = sorted((Path(demo.work_dir) / "peer" / "packets").glob("*.html"))
    assert [p.stem for p in packets] == sorted(assignment.aliases.values())
    for packet in packets:
        text = packet.read_text(encoding="utf-8")
        assert not any(student in text for student in BY_KIND)


def test_imported_reviews_exclude_the_idle_reviewer_and_the_bad_form_is_explained(demo, case):
    assignment = load_assignment(demo.db_url, case.id)
    idle = [
        s
        for s, learner in BY_KIND.items()
        if learner.reviews == "never" and s in assignment.all_reviewers
    ]
    expected = demo.reviews_assigned - sum(len(assignment.reviews_of(s)) for s in idle)
    assert demo.reviews_imported == expected
    assert {r.reviewer for r in load_reviews(demo.db_url, case.id)}.isdisjoint(idle)
    (rejected,) = demo.forms_rejected.values()
    assert "points '7' is not a level of the rubric" in rejected[0]
    assert demo.flagged_reviewers == {"demo-haru": "missing", "demo-daichi": "outlier"}


def test_peer_medians_are_the_manual_grades_in_nbgraders_gradebook_and_totals(demo, case):
    from nbgrader.api import Gradebook

    rubric = load_rubric(case)
    reviews = load_reviews(demo.db_url, case.id)
    outliers = {r for r, reason in demo.flagged_reviewers.items() if reason == "outlier"}
    reviewed_by_others = {r.author for r in reviews if r.reviewer not in outliers}
    given = defaultdict(list)
    for r in reviews:
        if r.reviewer not in outliers or r.author not in reviewed_by_others:
            given[(r.author, r.grade_id, r.criterion)].append(r.points)
    peer = {o.student: o.peer_score for o in demo.outcomes}
    for student in load_assignment(demo.db_url, case.id).aliases:
        manual = {
            c.grade_id: c.score
            for c in read_scores(demo.db_url, case.id, student)
            if c.kind == "manual"
        }
        for question in rubric.questions:
            medians = [
                statistics.median(given[(student, question.grade_id, c.id)])
                for c in question.criteria
            ]
            assert manual[question.grade_id] == pytest.approx(sum(medians))
        assert peer[student] == pytest.approx(sum(manual.values()))
    with Gradebook(demo.db_url) as gb:
        for o in demo.outcomes:
            total = gb.find_submission(case.id, o.student).score
            assert total == pytest.approx(o.auto_score + (o.peer_score or 0))
    # Answers that meet more of the rubric score higher with the peers.
    assert min(peer["demo-aiko"], peer["demo-daichi"]) > max(peer["demo-emi"], peer["demo-haru"])
    assert min(peer["demo-emi"], peer["demo-haru"]) > peer["demo-kenta"]


def test_feedback_and_score_files_include_the_peer_grades(demo, case):
    feedback = Path(demo.course_dir) / "feedback" / "demo-aiko" / case.id
    pages = [p.read_text(encoding="utf-8") for p in feedback.glob("*.html")]
    assert pages and all("Peer review (median of" in page for page in pages)
    score = json.loads(
        (Path(demo.work_dir) / "grades" / "demo-aiko" / case.id / "score.json").read_text(
            encoding="utf-8"
        )
    )
    manual = [c for c in score["cells"] if c["kind"] == "manual"]
    assert manual and all(c["score"] is not None for c in manual)
    peer = next(o.peer_score for o in demo.outcomes if o.student == "demo-aiko")
    assert sum(c["score"] for c in manual) == pytest.approx(peer)


def test_badges_go_to_learners_who_meet_every_gate_and_verify(demo, case):
    """The strong learners complete once the operator clears their similarity flags (their code is
    the reference, which the review catches); the middling ones' AI, in the second half of the
    questions, never ran, so the hidden-skill gate is named, whatever their points."""
    expected = {s for s, learner in BY_KIND.items() if learner.code == "reference"}
    assert expected <= set(demo.similarity_flagged)
    assert {b["student"] for b in demo.badges if b["assertion"]} == expected
    missing = {b["student"]: b["missing_gates"] for b in demo.badges}
    for student in (s for s, learner in BY_KIND.items() if learner.code == "half"):
        assert "hidden_skill" in missing[student]
    assert demo.badges_issued == demo.badges_verified == len(expected)
    operators = Path(demo.work_dir) / "operators" / case.id
    completion = (operators / "completion.csv").read_text(encoding="utf-8")
    assert all(student in completion for student in BY_KIND)


def test_the_import_command_rejects_a_bad_form_with_exit_code_1(demo, case, tmp_path):
    bad = tmp_path / "typo.csv"
    form = Path(demo.work_dir) / "peer" / "forms" / "demo-emi.csv"
    bad.write_text(form.read_text(encoding="utf-8-sig").replace(",1,", ",x,", 1), "utf-8")
    run = CliRunner().invoke(
        main,
        ["cohort", "peer", "import", case.id, str(bad), "--lang", "ja", "--db-url", demo.db_url],
    )
    assert run.exit_code == 1
    assert "typo.csv: rejected" in run.output and "ルーブリックの段階にありません" in run.output


def test_the_operators_course_holds_none_of_the_demos_learners(demo, case):
    """The demo grades in a course of its own: nothing of its learners in the operator's folders
    or gradebook (there they would count in the cohort's statistics and leaderboard)."""
    from nbgrader.api import Gradebook

    operators = paths.course_dir(LANG)
    assert Path(demo.course_dir) != operators
    assert not [p for p in operators.glob("*/demo-*")]  # submitted/, autograded/, feedback/
    with Gradebook(paths.gradebook_url(LANG)) as gb:
        assert not {s.id for s in gb.students} & set(BY_KIND)
    assert (Path(demo.course_dir) / "autograded" / "demo-aiko" / case.id).is_dir()


def test_plain_nbgrader_in_the_demos_course_acts_as_the_kit(demo, case, tmp_path):
    """nbgrader's own command line in a kit-built course: no config warning, no hidden test in any
    feedback page, every learner's names and e-mail from the roster, and the late learner's
    penalty by the cohort's policy (a day and two hours late: two days at 10 %)."""
    course = Path(demo.course_dir)
    nbgrader = Path(sys.executable).with_name("nbgrader")

    def plain(*args: str) -> str:
        run = subprocess.run([str(nbgrader), *args], cwd=course, capture_output=True, text=True)
        log = run.stdout + run.stderr
        assert run.returncode == 0, log
        assert "No nbgrader_config.py" not in log
        return log

    listed = plain("db", "student", "list").splitlines()
    for learner in LEARNERS:
        line = next(line for line in listed if line.strip().startswith(learner.student))
        assert learner.last_name in line and learner.first_name in line and learner.email in line

    # The late learner's notebooks, the first half of the answers filled in: regenerated by
    # plain nbgrader alone (the others' pages stay as the kit wrote them for the tests above).
    late = next(learner.student for learner in LEARNERS if learner.late)
    shutil.rmtree(course / "feedback" / late)
    plain("generate_feedback", case.id, "--student", late)
    pages = sorted((course / "feedback" / late / case.id).glob("*.html"))
    assert len(pages) == len(case.notebook_ids)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and "grade_hidden" not in text

    plain("export", "--to", str(tmp_path / "grades.csv"))
    _, rows = read_rows(tmp_path / "grades.csv", EXPORT_COLUMNS)
    exported = {row["student_id"]: row for row in rows}
    assert exported.keys() == BY_KIND.keys()
    for o in demo.outcomes:
        row = exported[o.student]
        learner = BY_KIND[o.student]
        assert (row["last_name"], row["email"]) == (learner.last_name, learner.email)
        expected = 0.2 * o.auto_score if learner.late else 0
        assert float(row["late_submission_penalty"]) == pytest.approx(expected)
        assert o.late_penalty == pytest.approx(expected)
        raw = float(row["raw_score"])
        assert float(row["score"]) == pytest.approx(raw - expected)
    assert any(BY_KIND[o.student].late and o.late_penalty > 0 for o in demo.outcomes)
