"""Does a mark measure how far a wrong answer is from the reference where, and only where, it fails?
(`dxquest validate` sets each tolerance against these effects.)"""

import math

from dxquest.answers import Number
from dxquest.exercise import Exercises
from dxquest.hints import Hints
from dxquest.i18n import Msg
from dxquest.marks import Expected

QUESTION = Exercises("toy", dict).question(
    "payback",
    Msg("回収", "payback"),
    Hints(Msg("ヒント", "hint"), Msg("考え方", "idea")),
    lambda draw: [],
    Number(Msg("回収月数", "payback months"), 1e-4, never=True),
)


def payback(benefit, cost):
    return cost / benefit if benefit > 0 else math.inf


ARGS = [(10.0, 50.0), (20.0, 50.0), (-5.0, 50.0)]
MARK = Expected(payback)


def test_the_effect_is_the_largest_distance_where_the_answer_fails():
    verdict = MARK.judge(QUESTION, ARGS, [5.0, 2.5 * 1.01, math.inf], None)
    assert not verdict.passed
    assert math.isclose(verdict.effect, 0.01)


def test_a_mistake_seen_only_where_the_answer_is_infinite_has_no_effect_not_zero():
    # Right wherever the payback is reached, a negative figure where it never is.
    verdict = MARK.judge(QUESTION, ARGS, [5.0, 2.5, -10.0], None)
    assert not verdict.passed
    assert verdict.effect is None


def test_the_reference_passes():
    assert MARK.judge(QUESTION, ARGS, [5.0, 2.5, math.inf], None).passed


def test_the_reference_runs_once_per_list_of_inputs():
    """A cohort's learners are judged on one list of hidden inputs: the reference runs once."""
    calls = []

    def counted(benefit, cost):
        calls.append((benefit, cost))
        return payback(benefit, cost)

    mark = Expected(counted)
    for outputs in ([5.0, 2.5, math.inf], [5.0, 2.6, math.inf]):
        mark.judge(QUESTION, ARGS, outputs, None)
    assert len(calls) == len(ARGS)
    mark.judge(QUESTION, list(ARGS), [5.0, 2.5, math.inf], None)  # another list: run again
    assert len(calls) == 2 * len(ARGS)
