"""Leaderboard: entries kept in the gradebook DB ranked by public skill during the cohort and by
private skill at the end; a CSV submission scored and recorded."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from support.gradebooks import copy_gradebook
from support.holdouts import CASE_ID, synthetic_holdout

from dxquest.caseinfo import get_case
from dxquest.holdout_scores import public_rows, record_submission
from dxquest.holdouts import case_holdout
from dxquest.leaderboard import build_leaderboard

CASE = get_case(CASE_ID)


@pytest.fixture
def board_db(tmp_path, forecast_template):
    return copy_gradebook(forecast_template, tmp_path / "gradebook.db")


def test_ranks_public_during_the_cohort_private_at_the_end(board_db, tmp_path):
    holdout = synthetic_holdout()
    public = public_rows(CASE_ID, holdout.keys)
    when = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    # "good_public" is better than "steady" on the public rows only, worse on the private ones.
    noise = np.random.default_rng(1).normal(0, 1.0, holdout.keys.size)
    submissions = {
        "steady": [holdout.actual + 0.8],
        "good_public": [np.where(public, holdout.actual + 0.2, holdout.actual + 2.0)],
        # Two submissions: the entry is the better public one, even though the other is better
        # on the private rows (learners never see those).
        "two_tries": [holdout.actual + 1.5 * noise, np.where(public, 3.0, 0.0) + holdout.actual],
        "baseline_copy": [holdout.baseline],
    }
    expected = {}
    for student, attempts in submissions.items():
        for k, predictions in enumerate(attempts):
            scored = record_submission(
                board_db, holdout, student, predictions, submitted_at=when + dt.timedelta(hours=k)
            )
            expected.setdefault(student, []).append(scored)
    entry = {s: max(tries, key=lambda t: t.public_skill) for s, tries in expected.items()}
    assert entry["two_tries"] == expected["two_tries"][0]

    during = build_leaderboard(CASE, db_url=board_db, out_dir=tmp_path / "boards")
    by_public = sorted(entry, key=lambda s: -entry[s].public_skill)
    assert [e.student for e in during.entries] == by_public
    assert [e.rank for e in during.entries] == [1, 2, 3, 4]
    assert during.entries[0].student == "good_public"
    for e in during.entries:
        assert e.skill == pytest.approx(entry[e.student].public_skill)
    assert {e.student: e.submissions for e in during.entries}["two_tries"] == 2
    baseline_entry = next(e for e in during.entries if e.student == "baseline_copy")
    assert baseline_entry.skill == pytest.approx(0.0)

    final = build_leaderboard(CASE, db_url=board_db, out_dir=tmp_path / "boards", final=True)
    by_private = sorted(entry, key=lambda s: -entry[s].private_skill)
    assert [e.student for e in final.entries] == by_private
    assert final.entries[0].student == "steady"  # the public leader falls back on private rows

    # Nothing of the private part reaches the public board's files.
    public_csv = pd.read_csv(during.csv_path)
    public_files = during.csv_path.read_text() + during.html_path.read_text()
    private_only = [
        t
        for tries in expected.values()
        for t in tries
        if abs(t.private_skill - t.public_skill) > 1e-3
    ]  # the baseline copy scores 0 on both parts
    assert len(private_only) == 4
    for t in private_only:
        assert f"{t.private_skill:.3f}" not in public_files
    assert "private" not in " ".join(public_csv.columns)
    assert final.csv_path != during.csv_path and final.html_path.is_file()


def test_equal_skills_share_a_rank(board_db, tmp_path):
    holdout = synthetic_holdout()
    for student in ("b_same", "a_same"):
        record_submission(board_db, holdout, student, holdout.actual + 0.5)
    record_submission(board_db, holdout, "worse", holdout.actual + 1.0)
    board = build_leaderboard(CASE, db_url=board_db, out_dir=tmp_path)
    assert [(e.rank, e.student) for e in board.entries] == [
        (1, "a_same"),
        (1, "b_same"),
        (3, "worse"),
    ]


def test_cli_submit_and_boards(board_db, tmp_path):
    """`leaderboard-submit` on effort_prediction's real hidden holdout, then both boards."""
    from click.testing import CliRunner

    from dxquest.cli import main

    holdout = case_holdout(CASE_ID)
    foreman = tmp_path / "foreman.csv"
    pd.DataFrame({"key": holdout.keys, "prediction": holdout.baseline}).to_csv(foreman, index=False)
    oracle = tmp_path / "oracle.csv"
    pd.DataFrame({"key": holdout.keys, "prediction": holdout.oracle}).to_csv(oracle, index=False)
    submit = ["cohort", "leaderboard-submit", CASE_ID, "--db-url", board_db]
    copied = CliRunner().invoke(main, [*submit[:3], "foreman_copy", str(foreman), *submit[3:]])
    assert copied.exit_code == 0, copied.output
    assert "public skill 0.000" in copied.output and "private skill" not in copied.output
    best = CliRunner().invoke(main, [*submit[:3], "oracle_copy", str(oracle), *submit[3:]])
    assert "public skill 1.000" in best.output
    short_csv = pd.DataFrame({"key": holdout.keys[1:], "prediction": 1.0})
    short_csv.to_csv(tmp_path / "short.csv", index=False)
    short = CliRunner().invoke(main, [*submit[:3], "x", str(tmp_path / "short.csv"), *submit[3:]])
    assert short.exit_code == 1 and "1 holdout rows have no prediction" in short.output

    args = ["cohort", "leaderboard", CASE_ID, "--db-url", board_db, "--out", str(tmp_path)]
    board = CliRunner().invoke(main, [*args, "--json"])
    assert [e["student"] for e in json.loads(board.output)] == ["oracle_copy", "foreman_copy"]
    final = CliRunner().invoke(main, [*args, "--final", "--json"])
    assert [e["skill"] for e in json.loads(final.output)] == pytest.approx([1.0, 0.0])
