"""The checker tests every case runs on its cheap questions, learntools-style: the release stub
is "not attempted", a plausible wrong answer fails (public and hidden), and the grader's reference
passes (public and hidden)."""

import pytest

from dxquest.exercise import Incorrect, NotAttempted


def stub(*args):
    raise NotImplementedError()


def checker_tests(ex, cases: dict):
    """The module fixture (messages in English) and the three tests for the questions of ``ex``
    (a case's exercises module) named in ``cases``: ``name -> (wrong answer, reference)``.

    A test module assigns the returned functions to names of its own, so pytest collects them:
    ``english, test_placeholder_is_not_attempted, ... = checker_tests(ex, CASES)``.
    """

    @pytest.fixture(scope="module", autouse=True)
    def english(build_dir):
        ex.setup("en")
        yield
        ex.setup("ja")

    @pytest.mark.parametrize("name", sorted(cases))
    def test_placeholder_is_not_attempted(name):
        question = getattr(ex, name)
        with pytest.raises(NotAttempted):
            question.public(stub)
        with pytest.raises(Incorrect, match="Not attempted"):
            question.grade(stub)

    @pytest.mark.parametrize("name", sorted(cases))
    def test_wrong_answer_fails_public_and_hidden(name):
        wrong, _ = cases[name]
        question = getattr(ex, name)
        with pytest.raises(Incorrect):
            question.grade(wrong)
        with pytest.raises(Incorrect):
            question.grade_hidden(wrong)

    @pytest.mark.parametrize("name", sorted(cases))
    def test_reference_passes_public_and_hidden(name):
        _, right = cases[name]
        question = getattr(ex, name)
        question.grade(right)
        question.grade_hidden(right)

    return (
        english,
        test_placeholder_is_not_attempted,
        test_wrong_answer_fails_public_and_hidden,
        test_reference_passes_public_and_hidden,
    )
