"""Holdout scores: a secret, deterministic public/private split, each part scored with the case's
metric and skill, exactly as the hidden check scores the same rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from support.holdouts import CASE_ID, synthetic_holdout

from dxquest.holdout_scores import (
    LeaderboardError,
    predictions_from_csv,
    public_rows,
    score_predictions,
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
    holdout = synthetic_holdout()
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


def test_predictions_from_csv(tmp_path):
    holdout = synthetic_holdout(20)
    shuffled = pd.DataFrame({"key": holdout.keys[::-1], "prediction": holdout.actual[::-1]})
    shuffled.to_csv(tmp_path / "p.csv", index=False)
    assert np.allclose(predictions_from_csv(holdout, tmp_path / "p.csv"), holdout.actual)
    shuffled.iloc[1:].to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(LeaderboardError, match="1 holdout rows have no prediction"):
        predictions_from_csv(holdout, tmp_path / "short.csv")
