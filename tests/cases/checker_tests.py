"""The checker tests every case runs on its cheap questions, learntools-style: the release stub
is "not attempted", a plausible wrong answer fails (the public checks in the kernel, the hidden
check as the grader marks it), and the grader's reference passes both."""

import pytest

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.exercise import CHECKS_FILE, Incorrect, NotAttempted
from dxquest.marking import judge_answer
from dxquest.pipeline import build_data


def stub(*args):
    raise NotImplementedError()


def ensure_built(case_id: str) -> None:
    """The case's data and its self-checks' material, built once in the session's build folder."""
    if not (paths.data_dir(case_id) / CHECKS_FILE).is_file():
        build_data(get_case(case_id))


def checker_tests(ex, case_id: str, cases: dict):
    """The module fixture (data built, messages in English) and the three tests for the questions
    of ``ex`` (a case's exercises module) named in ``cases``: ``name -> (wrong answer, reference)``.

    A test module assigns the returned functions to names of its own, so pytest collects them:
    ``english, test_placeholder_is_not_attempted, ... = checker_tests(ex, CASE, CASES)``.
    """

    @pytest.fixture(scope="module", autouse=True)
    def english(build_dir):
        ensure_built(case_id)
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
        assert not judge_answer(case_id, name, wrong).passed

    @pytest.mark.parametrize("name", sorted(cases))
    def test_reference_passes_public_and_hidden(name):
        _, right = cases[name]
        question = getattr(ex, name)
        question.grade(right)
        verdict = judge_answer(case_id, name, right)
        assert verdict.passed, verdict.message

    return (
        english,
        test_placeholder_is_not_attempted,
        test_wrong_answer_fails_public_and_hidden,
        test_reference_passes_public_and_hidden,
    )
