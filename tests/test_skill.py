import json

import numpy as np
import pytest

from dxquest.answers import Predictions
from dxquest.exercise import Exercises
from dxquest.hints import Hints
from dxquest.i18n import Msg
from dxquest.marks import Skill, SkillSummary
from dxquest.skill import normalised_skill, pinball_loss, report_scores, skill_band


def test_normalised_skill_lower_is_better():
    assert normalised_skill(learner=0.3, baseline=0.4, oracle=0.2) == pytest.approx(0.5)
    assert normalised_skill(learner=0.2, baseline=0.4, oracle=0.2) == pytest.approx(1.0)
    assert normalised_skill(learner=0.5, baseline=0.4, oracle=0.2) < 0
    with pytest.raises(ValueError):
        normalised_skill(0.3, 0.2, 0.2)


def test_normalised_skill_higher_is_better():
    """AUROC: same formula, 0 at the inspectors, 1 at the oracle."""
    assert normalised_skill(learner=0.9, baseline=0.8, oracle=1.0) == pytest.approx(0.5)
    assert normalised_skill(learner=0.7, baseline=0.8, oracle=1.0) < 0


def test_the_pinball_loss_weighs_a_shortfall_by_the_level():
    """At 0.9, a unit too few costs nine times a unit too many; the true quantile of a sample
    scores least."""
    assert pinball_loss([10.0, 10.0], [9.0, 11.0], 0.9).tolist() == pytest.approx([0.9, 0.1])
    sample = np.random.default_rng(0).lognormal(0, 0.5, 20_000)
    losses = {q: pinball_loss(sample, np.quantile(sample, q), 0.9).mean() for q in (0.8, 0.9, 0.95)}
    assert min(losses, key=losses.get) == 0.9


def test_skill_bands():
    assert [skill_band(s) for s in (0.95, 0.8, 0.5, 0.49)] == [
        "distinction",
        "merit",
        "pass",
        "below pass",
    ]


def test_report_scores_flags_leakage(tmp_path, monkeypatch):
    target = tmp_path / "metrics.jsonl"
    monkeypatch.setenv("DXQUEST_METRICS_FILE", str(target))
    report_scores("auroc", {"learner": 1.0, "baseline": 0.8, "oracle": 0.9, "skill": 2.0})
    lines = target.read_text(encoding="utf-8")
    assert '"auroc_band"' in lines and '"auroc_leakage_flag"' in lines


def _skill_mark(floor: float) -> Skill:
    return Skill(
        lambda truth, rows: {"learner": 0, "baseline": 0, "oracle": 0, "skill": rows[0][0]},
        floor,
        SkillSummary(Msg("x", "x"), Msg("today", "today")),
        Msg("x", "x"),
        "toy",
        lambda data: {},
    )


QUESTION = Exercises("toy", lambda: None).question(
    "model",
    Msg("m", "m"),
    Hints(Msg("h", "h"), Msg("i", "i")),
    lambda draw: [()],
    Predictions(Msg("p", "p"), lambda a: 1, lambda p, m: None),
)


@pytest.mark.parametrize(
    ("floor", "skill", "passed"),
    [(0.0, 0.0, False), (0.0, 0.01, True), (0.5, 0.49, False), (0.5, 0.5, True), (0.5, 1.5, True)],
)
def test_a_skill_floor_of_zero_means_strictly_better(floor, skill, passed):
    verdict = _skill_mark(floor).judge(QUESTION, [()], [[skill]], truth=None)
    assert verdict.passed is passed
    english, japanese = verdict.summary.render("en"), verdict.summary.render("ja")
    assert f"skill {skill:.2f}" in english and f"改善到達度 {skill:.2f}" in japanese
    assert "skill" not in japanese, "the Japanese line names the skill in Japanese"
    assert ("1.02" in english) is ("1.02" in japanese) is (skill > 1.02)  # the leakage note


def test_unreadable_predictions_score_zero():
    assert not _skill_mark(0.5).judge(QUESTION, [()], [["x"]], truth=None).passed
    assert not _skill_mark(0.5).judge(QUESTION, [()], [], truth=None).passed


def test_reporting_each_role_reports_the_figure_of_every_role(tmp_path, monkeypatch):
    from dxquest.skill import reporting_each_role

    figures = tmp_path / "figures.jsonl"
    monkeypatch.setenv("DXQUEST_METRICS_FILE", str(figures))
    found = {"learner_kept": 0.9, "baseline_kept": 0.8, "oracle_kept": 0.95, "skill": 0.5}
    scores = reporting_each_role(lambda truth, answers: found, "kept", "promise_kept")
    assert scores("truth", ["answer"]) is found
    reported = [json.loads(line) for line in figures.read_text(encoding="utf-8").splitlines()]
    assert reported == [
        {"name": "promise_kept_learner", "value": 0.9},
        {"name": "promise_kept_baseline", "value": 0.8},
        {"name": "promise_kept_oracle", "value": 0.95},
    ]
