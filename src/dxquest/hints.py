"""A question's hints in levels, and which level a learner reads next.

Each question has two or three levels: a nudge (where to look, what to question), the idea (the
concept or method, named) and, where it helps, a worked step on other numbers than the learner's
data. No level gives the answer: no formula to copy with the case's constants, no code that solves
the question, no figure the public check accepts (``dxquest validate`` scans every level for the
public answers, :mod:`dxquest.answer_leaks`).

``ex.<question>.hint()`` shows the level after the last one shown and stays on the last level;
``ex.<question>.hint(n)`` shows level ``n``. Which level a learner has reached is kept in the
kernel, per question: a restarted kernel starts at level 1 again, and nothing graded reads it
(nbgrader's test cells never show a hint).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from dxquest.i18n import Msg


@dataclass(frozen=True)
class Hints:
    """A question's hint levels, from the least to the most help, in both languages."""

    nudge: Msg
    idea: Msg
    worked_step: Msg | None = None

    @property
    def levels(self) -> tuple[Msg, ...]:
        levels = (self.nudge, self.idea, self.worked_step)
        return tuple(level for level in levels if level is not None)


HEADING = Msg("ヒント {level}/{total}: ", "Hint {level}/{total}: ")
LAST = Msg(
    "（これが最後のヒントです。あとはノートブックの説明を読み返すか、受講生どうしで相談してみましょう。）",
    "(This is the last hint. From here, reread the notebook's explanation or ask your fellow "
    "learners.)",
)
FIRST_PROMPT = Msg(
    "ヒントは `{name}.hint()` で表示できます（全{total}段階。実行するたびに次の段階に進みます）。",
    "For a hint, run `{name}.hint()` ({total} levels: each run shows the next).",
)
NEXT_PROMPT = Msg(
    "次のヒント（{level}/{total}）は `{name}.hint()` で表示できます。",
    "For the next hint ({level}/{total}), run `{name}.hint()`.",
)
ALL_SHOWN = Msg(
    "ヒントは全{total}段階を表示済みです。読み返すには `{name}.hint(1)` のように段階を"
    "指定してください。",
    "You have seen all {total} hints: to read one again, give its level, e.g. `{name}.hint(1)`.",
)
NO_SUCH_LEVEL = Msg(
    "ヒントの段階は 1〜{total} の整数で指定してください（指定された値: {level!r}）。",
    "A hint level is a whole number from 1 to {total} (you gave {level!r}).",
)


class NoSuchHint(ValueError):
    """A hint level the question does not have; the message is written for the learner."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message

    def _render_traceback_(self) -> list[str]:
        """In a notebook: the message alone, not a traceback into the kit."""
        return [str(self.message)]


def hint_text(hints: Hints, level: int) -> Msg:
    """Level ``level`` (from 1) as the learner reads it: its heading, its text and, on the last
    level, that it is the last."""
    levels = hints.levels
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= len(levels):
        raise NoSuchHint(NO_SUCH_LEVEL.format(total=len(levels), level=level))
    text = HEADING.format(level=level, total=len(levels)) + levels[level - 1]
    if level == len(levels):
        text += Msg("\n", "\n") + LAST
    return text


# The level each question showed last in this kernel, by question (a question is its own key).
_last_shown: dict[Hashable, int] = {}


def show_hint(question: Hashable, hints: Hints, level: int | None = None) -> Msg:
    """Level ``level`` of ``question``'s hints, or the level after the last one shown (the last
    level once all are shown); remembered as the last one shown."""
    if level is None:
        level = min(_last_shown.get(question, 0) + 1, len(hints.levels))
    text = hint_text(hints, level)
    _last_shown[question] = level
    return text


def hint_prompt(question: Hashable, hints: Hints, call_name: str) -> Msg:
    """How to get ``question``'s first or next hint, or how to reread one once all are shown."""
    total, shown = len(hints.levels), _last_shown.get(question, 0)
    if shown == 0:
        return FIRST_PROMPT.format(name=call_name, total=total)
    if shown < total:
        return NEXT_PROMPT.format(name=call_name, level=shown + 1, total=total)
    return ALL_SHOWN.format(name=call_name, total=total)
