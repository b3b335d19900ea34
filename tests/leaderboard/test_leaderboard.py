"""Leaderboard: a secret, deterministic public/private split; scores kept in the gradebook DB;
ranks by public skill during the cohort and by private skill at the end."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from support.gradebooks import copy_gradebook

from dxquest.caseinfo import get_case
from dxquest.holdout_scores import (
    LeaderboardError,
    predictions_from_csv,
    public_rows,
    record_submission,
    score_predictions,
)
from dxquest.holdouts import Holdout
from dxquest.leaderboard import build_leaderboard
from dxquest.skill import normalised_skill

CASE_ID = "effort_prediction"  # metric MAE: per-row errors make hand computation easy
CASE = get_case(CASE_ID)


def _holdout(n: int = 400) -> Holdout:
    rng = np.random.default_rng(7)
    actual = rng.gamma(4.0, 2.0, n)
    return Holdout(
        case=CASE_ID,
        metric="MAE",
        keys=np.array([f"J{i:05d}" for i in range(n)]),
        actual=actual,
        baseline=actual + rng.normal(0, 3.0, n),  # the foreman: far off
        oracle=actual + rng.normal(0, 0.5, n),  # the best achievable: close
    )


def test_split_is_deterministic_disjoint_and_secret(monkeypatch):
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "cohort-2026-spring")
    keys = np.array([f"J{i:05d}" for i in range(5000)])
    public = public_rows(CASE_ID, keys)
    assert np.array_equal(public, public_rows(CASE_ID, keys))
    # A row's side depends on its key only: shuffled or cut, the same rows are public.
    order = np.random.default_rng(0).permutation(keys.size)
    assert np.array_equal(public_rows(CASE_ID, keys[order]), public[order])
    assert np.array_equal(public_rows(CASE_ID, keys[:100]), public[:100])
    assert abs(public.mean() - 0.3) < 0.03  # 5,000 rows: three standard deviations is 0.02
    # Another cohort secret, another split (so last cohort's board says nothing about this one).
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "cohort-2026-autumn")
    other = public_rows(CASE_ID, keys)
    assert 0.3 < (other == public).mean() < 0.8  # independent halves agree about 58 % of the time


def test_scores_per_part_by_hand():
    holdout = _holdout()
    public = public_rows(CASE_ID, holdout.keys)
    predictions = holdout.actual + 1.0  # off by exactly one hour on every row
    scored = score_predictions(holdout, predictions, public)
    for part, rows in (("public", public), ("private", ~public)):
        baseline = np.abs(holdout.baseline[rows] - holdout.actual[rows]).mean()
        oracle = np.abs(holdout.oracle[rows] - holdout.actual[rows]).mean()
        assert getattr(scored, f"{part}_score") == pytest.approx(1.0)
        skill = getattr(scored, f"{part}_skill")
        assert skill == pytest.approx((baseline - 1.0) / (baseline - oracle))
    with pytest.raises(LeaderboardError, match="one per holdout row"):
        score_predictions(holdout, predictions[:-1], public)


@pytest.fixture
def board_db(tmp_path, forecast_template):
    return copy_gradebook(forecast_template, tmp_path / "gradebook.db")


def test_ranks_public_during_the_cohort_private_at_the_end(board_db, tmp_path):
    holdout = _holdout()
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
    holdout = _holdout()
    for student in ("b_same", "a_same"):
        record_submission(board_db, holdout, student, holdout.actual + 0.5)
    record_submission(board_db, holdout, "worse", holdout.actual + 1.0)
    board = build_leaderboard(CASE, db_url=board_db, out_dir=tmp_path)
    assert [(e.rank, e.student) for e in board.entries] == [
        (1, "a_same"),
        (1, "b_same"),
        (3, "worse"),
    ]


def test_predictions_from_csv(tmp_path):
    holdout = _holdout(20)
    shuffled = pd.DataFrame({"key": holdout.keys[::-1], "prediction": holdout.actual[::-1]})
    shuffled.to_csv(tmp_path / "p.csv", index=False)
    assert np.allclose(predictions_from_csv(holdout, tmp_path / "p.csv"), holdout.actual)
    shuffled.iloc[1:].to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(LeaderboardError, match="1 holdout rows have no prediction"):
        predictions_from_csv(holdout, tmp_path / "short.csv")


def test_real_holdout_scores_as_the_hidden_check_does():
    """Does the leaderboard score demand_forecast's hidden rows exactly as its hidden test does?"""
    from dxquest.cases.demand_forecast import reference
    from dxquest.cases.demand_forecast.data import hidden_data, holdout_origins
    from dxquest.cases.demand_forecast.evaluation import hidden_forecast_scores
    from dxquest.holdout_predictions import keys_sha256
    from dxquest.holdouts import METRICS, case_holdout

    holdout, predict = case_holdout("demand_forecast")
    assert len(np.unique(holdout.keys)) == holdout.keys.size
    data = hidden_data()
    graded, keys, returned = hidden_forecast_scores(
        reference.baseline_forecast, data, holdout_origins(data)
    )
    predictions = predict(reference.baseline_forecast)
    # What the hidden check returns to the grader is the holdout's rows, in the holdout's order.
    assert keys_sha256(keys) == keys_sha256(holdout.keys)
    np.testing.assert_array_equal(returned, predictions)
    wape = METRICS["WAPE"]
    assert wape(holdout.actual, predictions) == pytest.approx(graded["learner"])
    assert wape(holdout.actual, holdout.oracle) == pytest.approx(graded["oracle"])
    everything = np.ones(holdout.keys.size, dtype=bool)
    skill = normalised_skill(
        wape(holdout.actual, predictions),
        wape(holdout.actual, holdout.baseline[everything]),
        wape(holdout.actual, holdout.oracle),
    )
    assert skill == pytest.approx(graded["skill"], abs=1e-12)


def test_cli_submit_and_boards(board_db, tmp_path):
    """`leaderboard-submit` on effort_prediction's real hidden holdout, then both boards."""
    from click.testing import CliRunner

    from dxquest.cli import main
    from dxquest.holdouts import case_holdout

    holdout, _ = case_holdout(CASE_ID)
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
