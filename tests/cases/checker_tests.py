"""The checker tests every case runs on its cheap questions, learntools-style: the release stub
is "not attempted", a plausible wrong answer fails (public and hidden), and the grader's reference
passes (public and hidden).

The public part runs as a self-check and a visible test cell do (``question.grade``), the hidden
part as a hidden test cell and the grader do together (:func:`dxquest.marking.judge_answer`), all
in this process."""

import pytest

from dxquest.answers import Incorrect
from dxquest.caseinfo import get_case
from dxquest.exercise import NotAttempted
from dxquest.marking import judge_answer
from dxquest.pipeline import ensure_public_data


def stub(*args):
    raise NotImplementedError()


def ensure_built(case_id: str) -> None:
    """The case's data and its self-checks' material, built once in the session's build folder."""
    ensure_public_data(get_case(case_id))


def passes_hidden(case_id: str, name: str, answer) -> bool:
    """The grader's verdict on ``answer``'s outputs for the hidden inputs. Outputs the kernel
    cannot read (:class:`Incorrect`, e.g. duplicates left) fail the hidden test cell too."""
    try:
        return judge_answer(case_id, name, answer).passed
    except Incorrect:
        return False


def checker_tests(ex, case_id: str, cases: dict):
    """The module fixture (the case's data built, messages in English) and the three tests for
    the questions of ``ex`` (a case's exercises module) named in ``cases``:
    ``name -> (wrong answer, reference)``.

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
        with pytest.raises(NotAttempted):
            judge_answer(case_id, name, stub)

    @pytest.mark.parametrize("name", sorted(cases))
    def test_wrong_answer_fails_public_and_hidden(name):
        wrong, _ = cases[name]
        with pytest.raises(Incorrect):
            getattr(ex, name).grade(wrong)
        assert not passes_hidden(case_id, name, wrong)

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
