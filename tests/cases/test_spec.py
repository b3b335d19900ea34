"""Does a declared case get its data, caches and hidden holdout from :class:`CaseSpec`, and does
the marking of the AI task hand the leaderboard exactly the rows it scores?"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dxquest.cases.spec import CaseSpec, Holdout
from dxquest.holdout_predictions import keys_sha256


@dataclass(frozen=True)
class Draw:
    table: pd.DataFrame
    truth: pd.DataFrame | None
    seed: int


def make_draw(*, n_rows: int = 5, seed: int = 0, return_truth: bool = False) -> Draw:
    values = np.random.default_rng(seed).normal(size=n_rows)
    return Draw(
        pd.DataFrame({"x": values}), pd.DataFrame({"x": values}) if return_truth else None, seed
    )


def write_draw(draw: Draw, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    draw.table.to_csv(directory / "table.csv", index=False)


def read_draw(directory: Path) -> Draw:
    return Draw(pd.read_csv(directory / "table.csv"), None, -1)


def tiny_task(draw: Draw) -> Holdout:
    actual = draw.truth["x"].to_numpy()
    holdout = Holdout(
        "tiny", "MAE", np.arange(len(actual)).astype(str), actual, actual * 0, actual + 0.1
    )
    return holdout


def tiny_spec(**overrides) -> CaseSpec:
    declared = dict(
        id="tiny",
        make=make_draw,
        write=write_draw,
        size={"n_rows": 5},
        hidden_size={"n_rows": 7},
        ten_x_size={"n_rows": 50},
        notebook_metrics={},
        summarise_metrics=dict,
        ai_task=tiny_task,
        metric=lambda actual, predicted: float(np.abs(actual - predicted).mean()),
    )
    return CaseSpec(**(declared | overrides))


def test_build_takes_another_size_and_folder(tmp_path):
    path = tiny_spec().build_public_data(tmp_path / "ten_x", n_rows=50)
    assert len(read_draw(path).table) == 50


def test_hidden_draw_has_truth_its_own_size_and_follows_the_secret(monkeypatch):
    spec = tiny_spec()
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "one cohort")
    first = spec.hidden_data()
    assert first.truth is not None and len(first.table) == 7
    assert spec.hidden_data() is first, "drawn once per secret"
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "another cohort")
    assert not spec.hidden_data().table.equals(first.table)


def test_ai_task_scores_against_baseline_and_oracle():
    task = tiny_spec().hidden_task()
    scores = task.scores(task.holdout.actual + 0.05)
    assert scores["oracle"] == pytest.approx(0.1)
    assert scores["learner"] == pytest.approx(0.05)
    assert scores["skill"] > 1, "better than the oracle here: the leakage review would flag it"


def test_a_case_without_ai_task_says_so():
    with pytest.raises(KeyError, match="no AI task"):
        tiny_spec(ai_task=None).hidden_task()


def test_the_forecast_mark_hands_the_leaderboard_its_rows(build_dir):
    """The demand case's forecast mark and the leaderboard use one row builder: the predictions
    the mark passes on are the holdout's rows, in the holdout's order."""
    from dxquest.caseinfo import get_case
    from dxquest.cases.demand_forecast import reference
    from dxquest.holdouts import case_holdout
    from dxquest.marking import judge_answer
    from dxquest.pipeline import ensure_public_data

    ensure_public_data(get_case("demand_forecast"))
    verdict = judge_answer("demand_forecast", "forecast_skill_pass", reference.baseline_forecast)
    holdout = case_holdout("demand_forecast")
    assert verdict.leaderboard["keys_sha256"] == keys_sha256(holdout.keys)
    np.testing.assert_array_equal(verdict.leaderboard["predictions"], holdout.baseline)
    summary = verdict.summary.render("en")
    assert not verdict.passed and "skill 0.00" in summary, "today's practice has skill 0"
