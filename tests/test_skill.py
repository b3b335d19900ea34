import pytest

from dxquest.exercise import Incorrect
from dxquest.i18n import Msg
from dxquest.skill import normalised_skill, report_scores, skill_at_least, skill_band


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


def test_skill_bands():
    assert [skill_band(s) for s in (0.95, 0.8, 0.5, 0.49)] == [
        "distinction",
        "merit",
        "pass",
        "below pass",
    ]


def test_report_scores_flags_leakage(tmp_path, monkeypatch, capsys):
    target = tmp_path / "metrics.jsonl"
    monkeypatch.setenv("DXQUEST_METRICS_FILE", str(target))
    report_scores("auroc", {"learner": 1.0, "baseline": 0.8, "oracle": 0.9, "skill": 2.0})
    lines = target.read_text(encoding="utf-8")
    assert '"auroc_band"' in lines and '"auroc_leakage_flag"' in lines
    assert "1.02" in capsys.readouterr().out


def test_skill_at_least_zero_means_strictly_better():
    def scores_of(skill):
        return lambda _answer: {"skill": skill}

    check = skill_at_least(0.0, scores_of(0.0), lambda s: "", Msg("x", "x"))
    with pytest.raises(Incorrect):
        check(None)
    skill_at_least(0.0, scores_of(0.01), lambda s: "", Msg("x", "x"))(None)
    with pytest.raises(Incorrect):
        skill_at_least(0.5, scores_of(0.49), lambda s: "", Msg("x", "x"))(None)
