"""One graded question, as the learner's kernel sees it: a self-check, the public test, the hidden
test's hand-over, and hints in levels (:mod:`dxquest.hints`), all in both languages.

``check(answer)`` is for the learner: it runs the public checks, prints a friendly verdict and never
raises. ``grade(answer)`` runs the same public checks and raises on a wrong answer (nbgrader's
visible test cell). Both call the learner's function on inputs cut from the learner's own data
and confirm its outputs against digests the grader stored with that data (:mod:`dxquest.answers`):
the kernel never holds an expected value. ``grade_hidden(answer)`` (inside the hidden-test
markers) calls the learner's function on the cohort's hidden inputs and hands the outputs to the
grader, which judges them outside the sandbox (:mod:`dxquest.grader_channel`). The self-check
therefore never disagrees with the grader's public part, and it says "public checks passed", never
"all tests passed", because hidden checks remain.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import pickle
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from dxquest import paths
from dxquest.answers import Figures, Incorrect, Kind, Predictions, expect
from dxquest.grader_channel import hand_over, hidden_inputs
from dxquest.hints import Hints, hint_prompt, show_hint
from dxquest.i18n import Msg, set_language
from dxquest.public_data import NOT_PREPARED

__all__ = ["Draw", "Exercises", "Incorrect", "NotAttempted", "Question", "call_learner", "expect"]

CHECKS_FILE = "public_checks.json"
"""The digests of the public answers, written next to the learner's data by the grader."""


class NotAttempted(Exception):
    """The learner has not written this answer yet (the release stub is still there)."""


NOT_ATTEMPTED = Msg(
    "○ まだ解答されていません。`raise NotImplementedError()` の行を消して、コードを書いてください。",
    "○ Not attempted yet: replace the `raise NotImplementedError()` line with your code.",
)
PUBLIC_PASSED = Msg(
    "✓ 公開チェックに合格しました。採点時には、見たことのないデータでの非公開テストも行われます。",
    "✓ Public checks passed. Grading also runs hidden tests on data you have not seen.",
)
FAILED = Msg("✗ 公開チェック不合格: ", "✗ Public check failed: ")
ON_INPUT = Msg(
    "チェックに使う入力 {n} 組のうち {k} 組目で、", "(input {k} of the {n} the check uses) "
)
"""Where a question checks several inputs, which one failed: the learner's figure on another
input may well be right, and the value the message shows is this input's. In English it stands
apart in brackets, because the message after it is a sentence of its own, capital and all."""
RAISED = Msg(
    "✗ あなたのコードでエラーが発生しました: {error}",
    "✗ Your code raised an error: {error}",
)


T = TypeVar("T")
# Progress bars are for the learner's self-check only: nbgrader scores a test cell 0 when anything
# reaches stderr, where a text progress bar goes when no widget can be shown.
_self_check = {"running": False}


def progress(items: Iterable[T], what: Msg, total: int | None = None) -> Iterator[T]:
    """``items`` with a progress bar during a learner's self-check (a long step), plain otherwise."""
    if not _self_check["running"]:
        yield from items
        return
    from tqdm.auto import tqdm

    yield from tqdm(items, desc=str(what), total=total)


def call_learner(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call learner code quietly: nbgrader scores a test cell 0 when anything reaches stderr,
    so a harmless library warning inside learner code must not cost the learner points."""
    if not callable(function):
        raise Incorrect(
            Msg(
                "関数を定義してください（今は {kind} です）。", "Define a function (got a {kind})."
            ).format(kind=type(function).__name__)
        )
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            return function(*args, **kwargs)
        except NotImplementedError as stub:
            raise NotAttempted() from stub


@dataclass
class Draw:
    """A dataset and a random generator to cut a question's inputs from: the learner's data and a
    fixed seed in the kernel, the cohort's hidden draw (without its truth) and a secret seed in
    the grader."""

    load: Callable[[], Any]
    seed: int

    @functools.cached_property
    def data(self) -> Any:
        return self.load()

    @property
    def rng(self) -> np.random.Generator:
        """A new generator each time: the same inputs however often they are cut."""
        return np.random.default_rng(self.seed)


@dataclass(frozen=True, eq=False)
class Exercises:
    """The questions of one case, with what they share in the kernel: the learner's data and the
    digests of its answers."""

    case_id: str
    load_data: Callable[[], Any]
    public_seed: int = 0
    questions: dict[str, Question] = field(default_factory=dict)

    def setup(self, lang: str) -> None:
        """Called by each notebook's first cell: messages follow the notebook's language, and an
        unanswered question is one line wherever it is called."""
        set_language(lang)
        _unanswered_in_one_line()

    def question(
        self,
        name: str,
        title: Msg,
        hints: Hints,
        inputs: Callable[[Draw], list[tuple]],
        kind: Kind,
        *,
        expensive: bool = False,
    ) -> Question:
        """Declare question ``name`` (the notebook calls it ``ex.<name>``)."""
        question = Question(self, name, title, hints, inputs, kind, expensive)
        self.questions[name] = question
        return question

    def stretch(
        self,
        name: str,
        task: Msg,
        hints: Hints,
        inputs: Callable[[Draw], list[tuple]],
        kind: Kind,
        *,
        expensive: bool = False,
    ) -> tuple[Question, Question]:
        """Declare a stretch task's two questions, ``<name>_merit`` and ``<name>_distinction``:
        one answer judged at the two bands (the case's marks say where each lies)."""
        merit, distinction = (
            self.question(
                f"{name}_{band}",
                Msg(f"発展課題：{task.ja}（{ja}）", f"Stretch: {task.en} ({band})"),
                hints,
                inputs,
                kind,
                expensive=expensive,
            )
            for band, ja in (("merit", "良"), ("distinction", "優"))
        )
        return merit, distinction

    @functools.cached_property
    def public_draw(self) -> Draw:
        return Draw(self.load_data, self.public_seed)

    def public_checks(self) -> dict:
        """The digests of every question's public answers, built with the data."""
        file = paths.data_dir(self.case_id) / CHECKS_FILE
        if not file.is_file():
            raise FileNotFoundError(str(NOT_PREPARED.format(case=self.case_id)))
        return json.loads(file.read_text(encoding="utf-8"))


@dataclass(frozen=True, eq=False)
class Question:
    """A graded question: how its inputs are cut from a dataset, what kind of answer it expects
    (:mod:`dxquest.answers`), a title and hints in levels, in both languages."""

    exercises: Exercises
    name: str
    title: Msg
    hints: Hints
    inputs: Callable[[Draw], list[tuple]]
    kind: Kind
    expensive: bool = False  # a model: its outputs are computed once per answer and dataset

    @property
    def call_name(self) -> str:
        return f"ex.{self.name}"

    def outputs(self, answer: Any, argument_tuples: list[tuple]) -> list[Any]:
        """The learner's function on each argument tuple, read as JSON values by the kind (with a
        progress bar for a model during a self-check)."""
        if self.expensive:
            argument_tuples = progress(argument_tuples, self.title, total=len(argument_tuples))
        return [self.kind.read(call_learner(answer, *args), args) for args in argument_tuples]

    def labelled(self, answer: dict) -> dict:
        """``answer``, a dict of this question's figures, keyed by their names in the notebook's
        language instead of the code's keys, to be shown to the learner; keys the question does
        not name stay as they are."""
        labels = self.kind.labels() if isinstance(self.kind, Figures) else {}
        return {labels.get(key, key): value for key, value in answer.items()}

    def public(self, answer: Any) -> None:
        """The public checks: raise :class:`Incorrect` or :class:`NotAttempted`."""
        mine = (
            _cached_outputs(self, answer, "public")
            if self.expensive
            else self.outputs(answer, public_inputs(self))
        )
        checks = self.exercises.public_checks()
        digest, salt = checks["questions"][self.name], checks["salt"]
        if isinstance(self.kind, Predictions):
            failure = self.kind.confirms(mine, digest, salt)
        else:
            failure = next(
                (
                    ON_INPUT.format(k=k, n=len(mine)) + m if len(mine) > 1 else m
                    for k, (out, d) in enumerate(zip(mine, digest, strict=True), start=1)
                    if (m := self.kind.confirms(out, d, salt))
                ),
                None,
            )
        if failure is not None:
            raise Incorrect(failure)

    def check(self, answer: Any) -> None:
        """Learner self-check: print a verdict, never raise.

        Returns nothing, so the self-check cell shows the verdict only (a returned ``True`` would be
        echoed under it as the cell's result).
        """
        _self_check["running"] = True
        try:
            self.public(answer)
        except NotAttempted:
            print(NOT_ATTEMPTED)
        except Incorrect as wrong:
            print(FAILED + wrong.message)
        except Exception as error:  # learner code may raise anything; report it, don't crash
            print(RAISED.format(error=f"{type(error).__name__}: {error}"))
        else:
            print(PUBLIC_PASSED)
            return
        finally:
            _self_check["running"] = False
        print(hint_prompt(self, self.hints, self.call_name))

    def grade(self, answer: Any) -> None:
        """nbgrader's visible test: the public checks, raising on failure."""
        try:
            self.public(answer)
        except NotAttempted:
            raise Incorrect(NOT_ATTEMPTED) from None

    def grade_hidden(self, answer: Any) -> None:
        """nbgrader's hidden test: the learner's outputs on the hidden inputs, handed to the grader
        (which writes the verdict into this cell)."""
        try:
            mine = (
                _cached_outputs(self, answer, "hidden")
                if self.expensive
                else self.outputs(answer, hidden_inputs(self.name))
            )
        except NotAttempted:
            raise Incorrect(NOT_ATTEMPTED) from None
        hand_over(self.name, mine)

    def hint(self, level: int | None = None) -> None:
        """Show the next hint level (the first, then each following one, then the last again), or
        level ``level``. Only a learner asks: nbgrader's test cells never show a hint."""
        print(show_hint(self, self.hints, level))


def _unanswered_in_one_line() -> None:
    """In a notebook, a cell that calls an answer still holding its stub (a bare
    ``raise NotImplementedError()``) shows :data:`NOT_ATTEMPTED`, not a traceback; the cell still
    ends in the error. A ``NotImplementedError`` with a message comes from code: shown as usual."""
    try:
        from IPython import get_ipython
    except ImportError:  # not in IPython: nothing to render
        return
    shell = get_ipython()
    if shell is None:
        return

    def one_line(shell, etype, value, tb, tb_offset=None):
        if value.args:
            stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        else:
            stb = [str(NOT_ATTEMPTED)]
        shell._showtraceback(etype, value, stb)

    shell.set_custom_exc((NotImplementedError,), one_line)


# Public inputs that take long to cut (the supermarket baseline's special weeks: 1.3 s, at each
# self-check and test) are cut once per kernel and kept pickled; each call unpickles a fresh copy
# (0.1 s), as the hidden inputs come from their file, so an answer that edits its arguments in
# place changes nothing for the next check. Quick ones are cut again: keeping them would cost a
# learner's kernel tens of MB each for nothing.
SLOW_TO_CUT_SECONDS = 0.5
_slow_public_inputs: dict[tuple[Exercises, Callable], bytes] = {}


def public_inputs(question: Question) -> list[tuple]:
    """A fresh copy of ``question``'s argument tuples on the learner's data."""
    key = (question.exercises, question.inputs)  # one learner's data per Exercises, as its draw
    if key in _slow_public_inputs:
        return pickle.loads(_slow_public_inputs[key])
    start = time.perf_counter()
    inputs = question.inputs(question.exercises.public_draw)
    if time.perf_counter() - start > SLOW_TO_CUT_SECONDS:
        _slow_public_inputs[key] = pickle.dumps(inputs)
    return inputs


# A model's outputs per (inputs, kind, answer, dataset): the self-check and two test cells of an AI
# task ask for the same predictions, and running a model costs seconds to minutes. The kind is in
# the key because it reads the outputs: one detector's scores and its heatmaps' brightest pixels
# are two questions' outputs, read from one run. Where a kind could not read an output, the error
# is kept and raised to the question that asks.
_model_outputs: dict[tuple, list[Any] | Exception] = {}


def _outputs_key(question: Question, answer: Any, dataset: str) -> tuple:
    return (question.exercises.case_id, question.inputs, id(question.kind), answer, dataset)


def _cached_outputs(question: Question, answer: Any, dataset: str) -> list[Any]:
    key = _outputs_key(question, answer, dataset)
    if key not in _model_outputs:
        _run_model(question, answer, dataset)
    outputs = _model_outputs[key]
    if isinstance(outputs, Exception):
        raise outputs
    return outputs


def _run_model(question: Question, answer: Any, dataset: str) -> None:
    """Run ``answer`` once on ``question``'s inputs of ``dataset`` and keep its outputs as read
    by every model question cut from the same inputs (defect detection's scores and heatmaps)."""
    readers = {
        _outputs_key(other, answer, dataset): other.kind
        for other in question.exercises.questions.values()
        if other.expensive and other.inputs is question.inputs
    }
    argument_tuples = (
        public_inputs(question) if dataset == "public" else hidden_inputs(question.name)
    )
    read: dict[tuple, list[Any] | Exception] = {key: [] for key in readers}
    for args in progress(argument_tuples, question.title, total=len(argument_tuples)):
        output = call_learner(answer, *args)
        for key, kind in readers.items():
            if isinstance(read[key], list):
                try:
                    read[key].append(kind.read(output, args))
                except Exception as unreadable:  # the learner's output, so anything
                    read[key] = unreadable
    _model_outputs.update(read)
