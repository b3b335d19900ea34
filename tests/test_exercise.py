"""Does one question serve both sides: a friendly self-check and a grader that raises, from digests
of the answers (never the answers) stored with the learner's data?"""

import json
import sys

import pytest

from dxquest import paths
from dxquest.answers import Figures, Number
from dxquest.exercise import CHECKS_FILE, Exercises, Incorrect, call_learner
from dxquest.grader_channel import NotGrading
from dxquest.hints import Hints
from dxquest.i18n import Msg, set_language

EXERCISES = Exercises("toy", lambda: {"numbers": [40, 44]})
KIND = Number(Msg("答え", "the answer"), 0.01)
HINTS = Hints(
    nudge=Msg("数は2つです", "There are two numbers"),
    idea=Msg("平均をとります", "Take their mean"),
    worked_step=Msg("例（架空）：10 と 20 なら 15", "Example (made up): 10 and 20 give 15"),
)


def toy_question(name: str = "total", expensive: bool = False):
    copies = 3 if expensive else 1
    return EXERCISES.question(
        name,
        Msg(name, name),
        HINTS,
        lambda draw: [(list(draw.data["numbers"]),)] * copies,
        KIND,
        expensive=expensive,
    )


QUESTION = toy_question()
SLOW_QUESTION = toy_question("slow", expensive=True)


def placeholder(numbers):
    raise NotImplementedError()


def mean(numbers):
    return sum(numbers) / len(numbers)


@pytest.fixture(autouse=True)
def stored_checks(build_dir):
    """The grader's digests of the answer, 42, as the data build writes them."""
    folder = paths.data_dir("toy")
    folder.mkdir(parents=True, exist_ok=True)
    digest = KIND.digest(42.0, "salt")
    checks = {"salt": "salt", "questions": {"total": [digest], "slow": [digest] * 3}}
    (folder / CHECKS_FILE).write_text(json.dumps(checks), encoding="utf-8")
    set_language("en")
    yield
    set_language("ja")


def test_placeholder_is_reported_as_not_attempted(capsys):
    assert QUESTION.check(placeholder) is None  # nothing echoed under the verdict
    assert "Not attempted" in capsys.readouterr().out


def test_wrong_answer_fails_the_check_with_a_hint_prompt(capsys):
    QUESTION.check(sum)
    out = capsys.readouterr().out
    assert "Public check failed" in out and "ex.total.hint()" in out


def test_a_failure_on_one_of_several_inputs_says_which_one(capsys):
    """The learner's figure on the first input (their own data) may be right: a failure on
    another says which, and the value it shows is that input's."""
    pair = EXERCISES.question(
        "pair",
        Msg("pair", "pair"),
        HINTS,
        lambda draw: [(list(draw.data["numbers"]),), ([10, 20],)],
        KIND,
    )
    file = paths.data_dir("toy") / CHECKS_FILE
    checks = json.loads(file.read_text(encoding="utf-8"))
    checks["questions"]["pair"] = [KIND.digest(42.0, "salt"), KIND.digest(15.0, "salt")]
    file.write_text(json.dumps(checks), encoding="utf-8")
    pair.check(lambda numbers: max(numbers) - 2)  # 42 on the first input, 18 on the second
    assert "Public check failed: (input 2 of the 2 the check uses) " in capsys.readouterr().out
    QUESTION.check(sum)  # one input: nothing to say which
    assert "input" not in capsys.readouterr().out
    pair.check(mean)
    assert "Public checks passed" in capsys.readouterr().out


def test_the_self_checks_prompt_leads_to_the_first_hint_then_to_the_next(capsys):
    question = toy_question()
    question.check(placeholder)
    assert "For a hint, run `ex.total.hint()` (3 levels" in capsys.readouterr().out
    question.hint()
    question.check(sum)
    assert "For the next hint (2/3), run `ex.total.hint()`." in capsys.readouterr().out


def test_hint_shows_the_next_level_at_each_call_and_a_given_level_on_request(capsys):
    question = toy_question()
    for _ in range(4):
        question.hint()
    question.hint(1)
    printed = capsys.readouterr().out
    assert [line for line in printed.splitlines() if line.startswith("Hint")] == [
        "Hint 1/3: There are two numbers",
        "Hint 2/3: Take their mean",
        "Hint 3/3: Example (made up): 10 and 20 give 15",
        "Hint 3/3: Example (made up): 10 and 20 give 15",
        "Hint 1/3: There are two numbers",
    ]
    assert printed.count("This is the last hint") == 2


def test_grading_never_shows_a_hint_or_the_way_to_one(capsys):
    for answer in (sum, placeholder, mean):
        try:
            QUESTION.grade(answer)
        except Incorrect:
            pass
    assert capsys.readouterr().out == ""


def test_correct_answer_passes_public_checks_only(capsys):
    QUESTION.check(mean)
    out = capsys.readouterr().out
    assert "Public checks passed" in out and "hidden tests" in out
    assert "all tests passed" not in out.lower()


def test_self_check_never_raises_on_learner_errors(capsys):
    QUESTION.check(lambda numbers: 1 / 0)
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_grade_raises_on_wrong_and_placeholder():
    with pytest.raises(Incorrect):
        QUESTION.grade(sum)
    with pytest.raises(Incorrect, match="Not attempted"):
        QUESTION.grade(placeholder)
    QUESTION.grade(mean)


def test_hidden_checks_need_the_grader(monkeypatch):
    monkeypatch.delenv("DXQUEST_HIDDEN_INPUTS", raising=False)
    with pytest.raises(NotGrading):
        QUESTION.grade_hidden(mean)


def test_messages_follow_the_language(capsys):
    set_language("ja")
    QUESTION.check(mean)
    assert "公開チェックに合格" in capsys.readouterr().out


def test_missing_checks_say_how_to_build_the_data(capsys):
    (paths.data_dir("toy") / CHECKS_FILE).unlink()
    QUESTION.check(mean)
    assert "dxquest build-data toy" in capsys.readouterr().out


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


def test_long_self_check_shows_progress_but_grading_stays_silent(capsys):
    """nbgrader fails a test cell with anything on stderr: only the self-check may draw a bar."""
    SLOW_QUESTION.check(mean)
    captured = capsys.readouterr()
    assert "Public checks passed" in captured.out
    assert "slow: 100%" in captured.err
    SLOW_QUESTION.grade(mean)
    with pytest.raises(Incorrect):
        SLOW_QUESTION.grade(sum)
    assert capsys.readouterr().err == ""


def test_in_a_notebook_an_open_question_and_a_failed_check_are_one_line_and_still_errors():
    """A stub called from any cell, and a failed check, end their cell in an error (Validate and
    the grader count it) shown as one line; an error raised by code keeps its traceback."""
    import nbformat
    from nbclient import NotebookClient

    from dxquest.exercise import NOT_ATTEMPTED

    cells = [
        "from dxquest.exercise import Exercises, Incorrect\nfrom dxquest.i18n import Msg\n"
        "Exercises('toy', dict).setup('en')",
        "def answer():\n    raise NotImplementedError()",
        "print(answer())",
        "raise Incorrect(Msg('違います', 'Not right'))",
        "raise NotImplementedError('a library says no')",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True).execute()
    errors = [[o for o in c.outputs if o.output_type == "error"] for c in nb.cells[2:]]
    assert [len(e) for e in errors] == [1, 1, 1]
    (stub,), (failed,), (library,) = errors
    assert (stub.ename, stub.traceback) == ("NotImplementedError", [NOT_ATTEMPTED.en])
    assert (failed.ename, failed.traceback) == ("Incorrect", ["Not right"])
    assert library.evalue == "a library says no" and len(library.traceback) > 1


class _Unreadable(Number):
    """A kind that refuses every output: the heatmaps of a detector that returned only scores."""

    def read(self, output, args):
        raise Incorrect(Msg("ヒートマップがありません", "no heatmaps"))


def test_model_questions_cut_from_the_same_inputs_share_one_run_of_the_model(tmp_path):
    """A defect detector answers two questions (its scores, where its heatmaps point): one run of
    a model costs seconds, so both read the same run; a kind that cannot read the outputs fails
    its own question only."""
    exercises = Exercises("toy", EXERCISES.load_data)
    inputs = lambda draw: [(list(draw.data["numbers"]),)] * 2  # noqa: E731
    scores = exercises.question("scores", Msg("s", "s"), HINTS, inputs, KIND, expensive=True)
    maps = exercises.question(
        "maps", Msg("m", "m"), HINTS, inputs, _Unreadable(Msg("m", "m"), 0.01), expensive=True
    )
    calls = []

    def detector(numbers):
        calls.append(numbers)
        return mean(numbers)

    checks = paths.data_dir("toy") / CHECKS_FILE
    stored = json.loads(checks.read_text(encoding="utf-8"))
    stored["questions"] |= {"scores": [KIND.digest(42.0, "salt")] * 2, "maps": [None] * 2}
    checks.write_text(json.dumps(stored), encoding="utf-8")

    scores.grade(detector)
    with pytest.raises(Incorrect, match="no heatmaps"):
        maps.grade(detector)
    assert len(calls) == 2  # one call per input, for both questions


def test_a_stretch_task_is_two_questions_one_per_band():
    exercises = Exercises("toy", EXERCISES.load_data)
    merit, distinction = exercises.stretch(
        "promise", Msg("約束", "the promise"), HINTS, lambda draw: [], KIND
    )
    assert (merit.name, distinction.name) == ("promise_merit", "promise_distinction")
    assert exercises.questions == {"promise_merit": merit, "promise_distinction": distinction}
    assert (str(merit.title), distinction.title.ja) == (
        "Stretch: the promise (merit)",
        "発展課題：約束（優）",
    )


def test_inputs_slow_to_cut_are_cut_once_and_every_check_gets_a_fresh_copy(monkeypatch):
    from dxquest import exercise

    cuts = []

    def counted_inputs(draw):
        cuts.append(1)
        return [(list(draw.data["numbers"]),)]

    def other_inputs(draw):
        return counted_inputs(draw)

    question = EXERCISES.question("slow_to_cut", Msg("s", "s"), HINTS, counted_inputs, KIND)
    quick = EXERCISES.question("quick_to_cut", Msg("q", "q"), HINTS, other_inputs, KIND)

    def vandal(numbers):  # an answer that edits its argument in place
        numbers.append(10**6)
        return 42.0

    monkeypatch.setattr(exercise, "SLOW_TO_CUT_SECONDS", -1.0)  # every cut counts as slow
    for _ in range(3):
        vandal(*exercise.public_inputs(question)[0])
    assert len(cuts) == 1
    assert exercise.public_inputs(question) == [([40, 44],)]  # the vandal's edits were on copies

    monkeypatch.setattr(exercise, "SLOW_TO_CUT_SECONDS", 3600.0)  # no cut counts as slow
    exercise.public_inputs(quick)
    exercise.public_inputs(quick)
    assert len(cuts) == 3


def test_a_dict_of_figures_is_shown_with_the_names_of_the_notebooks_language():
    figures = Figures({"miss_rate": Number(Msg("見逃し率", "the miss rate"), 1e-6)})
    question = EXERCISES.question("month", Msg("月", "month"), HINTS, lambda draw: [], figures)
    answer = {"miss_rate": 0.25, "note": 1.0}
    assert question.labelled(answer) == {"the miss rate": 0.25, "note": 1.0}
    set_language("ja")
    assert question.labelled(answer) == {"見逃し率": 0.25, "note": 1.0}
    assert QUESTION.labelled({"total": 42}) == {"total": 42}  # a single number has no names
