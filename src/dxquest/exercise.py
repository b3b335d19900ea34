"""One checker per graded question, shared by the learner's self-check and nbgrader's test cell.

``check(answer)`` is for the learner: it runs the public checks, prints a friendly verdict and never
raises. ``grade(answer)`` runs the same public checks and raises on a wrong answer (nbgrader's
visible test cell); ``grade_hidden(answer)`` runs checks on data the learner has never seen (inside
the hidden-test markers). The self-check therefore never disagrees with the grader's public part,
and it says "public checks passed", never "all tests passed", because hidden checks remain.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from dxquest import secret
from dxquest.i18n import Msg


class NotAttempted(Exception):
    """The learner has not written this answer yet (the release stub is still there)."""


class Incorrect(AssertionError):
    """A check failed; the message is written for the learner."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message


NOT_ATTEMPTED = Msg(
    "⏳ まだ解答されていません。`raise NotImplementedError()` の行を消して、コードを書いてください。",
    "⏳ Not attempted yet: replace the `raise NotImplementedError()` line with your code.",
)
PUBLIC_PASSED = Msg(
    "✅ 公開チェックに合格しました。採点時には、見たことのないデータでの非公開テストも行われます。",
    "✅ Public checks passed. Grading also runs hidden tests on data you have not seen.",
)
FAILED = Msg("❌ 公開チェック不合格: ", "❌ Public check failed: ")
RAISED = Msg(
    "💥 あなたのコードでエラーが発生しました: {error}",
    "💥 Your code raised an error: {error}",
)
HINT_PROMPT = Msg("ヒントは `{name}.hint()` で表示できます。", "For a hint, run `{name}.hint()`.")


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
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()), secret.locked():
        warnings.simplefilter("ignore")
        try:
            return function(*args, **kwargs)
        except NotImplementedError as stub:
            raise NotAttempted() from stub


def expect(condition: bool, message: Msg) -> None:
    """Raise :class:`Incorrect` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise Incorrect(message)


def expect_close(value: Any, expected: float, rel: float, what: Msg) -> None:
    """A number within a relative tolerance of the expected one."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Incorrect(
            Msg(
                f"{what.ja} は数値で返してください（今は {type(value).__name__}）。",
                f"Return {what.en} as a number (got {type(value).__name__}).",
            )
        ) from None
    expect(
        math.isfinite(number),
        Msg(f"{what.ja} が有限の数ではありません。", f"{what.en} is not a finite number."),
    )
    expect(
        math.isclose(number, expected, rel_tol=rel),
        Msg(
            f"{what.ja} が期待値と {rel:.0%} 以上ずれています（あなたの値: {number:,.1f}）。",
            f"{what.en} is more than {rel:.0%} away from the expected value (yours: {number:,.1f}).",
        ),
    )


def report_metric(name: str, value: float | str) -> None:
    """Record a figure for the benchmark (``DXQUEST_METRICS_FILE``); a no-op for learners."""
    target = os.environ.get("DXQUEST_METRICS_FILE")
    if target:
        with open(target, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "value": value}) + "\n")


@dataclass(frozen=True)
class Question:
    """A graded question: public checks, hidden checks and a hint, all in both languages.

    ``public`` and ``hidden`` take the learner's answer and raise :class:`Incorrect` or
    :class:`NotAttempted`; ``name`` is how the notebook refers to the question (for hints).
    """

    name: str
    title: Msg
    hint_text: Msg
    public: Callable[[Any], None]
    hidden: Callable[[Any], None] | None = None

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
            print(HINT_PROMPT.format(name=self.name))
        except Exception as error:  # learner code may raise anything; report it, don't crash
            print(RAISED.format(error=f"{type(error).__name__}: {error}"))
            print(HINT_PROMPT.format(name=self.name))
        else:
            print(PUBLIC_PASSED)
        finally:
            _self_check["running"] = False

    def grade(self, answer: Any) -> None:
        """nbgrader's visible test: the public checks, raising on failure."""
        self._run(self.public, answer)

    def grade_hidden(self, answer: Any) -> None:
        """nbgrader's hidden test: checks on data the learner has not seen."""
        if self.hidden is None:
            raise RuntimeError(f"question {self.name} has no hidden checks")
        self._run(self.hidden, answer)

    def hint(self) -> None:
        print("💡 " + str(self.hint_text))

    @staticmethod
    def _run(checks: Callable[[Any], None], answer: Any) -> None:
        try:
            checks(answer)
        except NotAttempted:
            raise Incorrect(NOT_ATTEMPTED) from None


def same_number(
    name: str,
    what: Msg,
    hint: Msg,
    expected: Callable[..., float],
    rel: float,
    arguments: Callable[[Any], tuple],
    public_data: Callable[[], Any],
    hidden_data: Callable[[], Any],
) -> Question:
    """A question whose answer is a function returning one number: ``answer(*arguments(data))``
    must be within ``rel`` of ``expected(*arguments(data))`` on the learner's data (public) and on
    the hidden draw (hidden)."""

    def on(data):
        def checks(answer):
            args = arguments(data())
            expect_close(call_learner(answer, *args), expected(*args), rel, what)

        return checks

    return Question(name, what, hint, on(public_data), on(hidden_data))


def payback_checks(expected: Callable[..., float], cases: list[tuple]) -> Callable[[Any], None]:
    """Checks of a learner's payback-period function against ``expected`` on argument tuples
    ``cases``; a payback that never comes must be ``float("inf")``."""

    def checks(answer):
        for args in cases:
            reference = expected(*args)
            mine = call_learner(answer, *args)
            if math.isinf(reference):
                expect(
                    mine is not None and math.isinf(float(mine)),
                    Msg(
                        "効果が運用費を下回るときは回収できません（float('inf') を返す）。",
                        "When the benefit does not exceed the running cost, it never pays back "
                        "(return float('inf')).",
                    ),
                )
            else:
                expect_close(mine, reference, 1e-6, Msg("回収期間（月）", "payback (months)"))

    return checks
