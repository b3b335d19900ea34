"""Does one checker serve both sides: a friendly self-check and a grader that raises?"""

import sys

import pytest

from dxquest.exercise import Incorrect, Question, call_learner, expect_close, progress
from dxquest.i18n import Msg, set_language


def _public(answer):
    expect_close(call_learner(answer), 42, 0.01, Msg("答え", "the answer"))


QUESTION = Question("ex.toy", Msg("おもちゃ", "toy"), Msg("42 です", "It is 42"), _public, _public)


def placeholder():
    raise NotImplementedError()


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("ja")


def test_placeholder_is_reported_as_not_attempted(capsys):
    assert QUESTION.check(placeholder) is None  # nothing echoed under the verdict
    assert "Not attempted" in capsys.readouterr().out


def test_wrong_answer_fails_the_check_with_a_hint_prompt(capsys):
    QUESTION.check(lambda: 41)
    out = capsys.readouterr().out
    assert "Public check failed" in out and "ex.toy.hint()" in out


def test_correct_answer_passes_public_checks_only(capsys):
    QUESTION.check(lambda: 42)
    out = capsys.readouterr().out
    assert "Public checks passed" in out and "hidden tests" in out
    assert "all tests passed" not in out.lower()


def test_self_check_never_raises_on_learner_errors(capsys):
    QUESTION.check(lambda: 1 / 0)
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_grade_raises_on_wrong_and_placeholder():
    with pytest.raises(Incorrect):
        QUESTION.grade(lambda: 41)
    with pytest.raises(Incorrect, match="Not attempted"):
        QUESTION.grade_hidden(placeholder)
    QUESTION.grade(lambda: 42)


def test_messages_follow_the_language(capsys):
    set_language("ja")
    QUESTION.check(lambda: 42)
    assert "公開チェックに合格" in capsys.readouterr().out


def test_learner_stderr_is_silenced():
    """nbgrader scores a test cell 0 on any stderr output, so learner warnings must not leak."""

    def noisy():
        print("warning!", file=sys.stderr)
        import warnings

        warnings.warn("deprecated", FutureWarning, stacklevel=1)
        return 42

    captured = []
    real_stderr = sys.stderr

    class Spy:
        def write(self, text):
            captured.append(text)

        def flush(self):
            pass

    sys.stderr = Spy()
    try:
        assert call_learner(noisy) == 42
    finally:
        sys.stderr = real_stderr
    assert captured == []


def _slow_public(answer):
    for _ in progress(range(3), Msg("週", "weeks"), total=3):
        expect_close(call_learner(answer), 42, 0.01, Msg("答え", "the answer"))


SLOW_QUESTION = Question(
    "ex.slow", Msg("遅い", "slow"), Msg("42", "42"), _slow_public, _slow_public
)


def test_long_self_check_shows_progress_but_grading_stays_silent(capsys):
    """nbgrader fails a test cell with anything on stderr: only the self-check may draw a bar."""
    SLOW_QUESTION.check(lambda: 42)
    captured = capsys.readouterr()
    assert "Public checks passed" in captured.out
    assert "weeks: 100%" in captured.err
    SLOW_QUESTION.grade(lambda: 42)
    with pytest.raises(Incorrect):
        SLOW_QUESTION.grade(lambda: 41)
    assert capsys.readouterr().err == ""
