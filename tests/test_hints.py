"""Do hints come one level at a time, each headed with its number, stop at the last, and refuse a
level a question does not have, in the learner's language?"""

import pytest

from dxquest.hints import Hints, NoSuchHint, hint_prompt, hint_text, show_hint
from dxquest.i18n import Msg, set_language

THREE = Hints(
    nudge=Msg("どこを見るか", "where to look"),
    idea=Msg("考え方", "the idea"),
    worked_step=Msg("例（架空）", "Example (made up)"),
)
TWO = Hints(nudge=Msg("どこを見るか", "where to look"), idea=Msg("考え方", "the idea"))


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("ja")


class Question:
    """A stand-in for a question: hints are remembered per question object."""


def test_a_question_has_two_or_three_levels_from_nudge_to_worked_step():
    assert [level.en for level in THREE.levels] == [
        "where to look",
        "the idea",
        "Example (made up)",
    ]
    assert len(TWO.levels) == 2


def test_each_level_is_headed_with_its_number_and_the_last_says_it_is_the_last():
    assert str(hint_text(THREE, 1)) == "Hint 1/3: where to look"
    assert str(hint_text(THREE, 3)).startswith("Hint 3/3: Example (made up)\n(This is the last")
    assert str(hint_text(TWO, 2)).startswith("Hint 2/2: the idea\n(This is the last")
    assert hint_text(THREE, 1).ja == "ヒント 1/3: どこを見るか"
    assert "これが最後のヒントです" in hint_text(THREE, 3).ja


def test_each_call_shows_the_next_level_then_stays_on_the_last():
    question = Question()
    shown = [str(show_hint(question, THREE)).split(":")[0] for _ in range(5)]
    assert shown == ["Hint 1/3", "Hint 2/3", "Hint 3/3", "Hint 3/3", "Hint 3/3"]


def test_each_question_keeps_its_own_place():
    first, second = Question(), Question()
    show_hint(first, THREE)
    show_hint(first, THREE)
    assert str(show_hint(second, THREE)).startswith("Hint 1/3")
    assert str(show_hint(first, THREE)).startswith("Hint 3/3")


def test_a_level_asked_for_is_shown_and_the_next_call_goes_on_from_it():
    question = Question()
    assert str(show_hint(question, THREE, 2)).startswith("Hint 2/3")
    assert str(show_hint(question, THREE)).startswith("Hint 3/3")
    assert str(show_hint(question, THREE, 1)).startswith("Hint 1/3")
    assert str(show_hint(question, THREE)).startswith("Hint 2/3")


@pytest.mark.parametrize("level", [0, 4, -1, 1.5, "2", True])
def test_a_level_the_question_does_not_have_is_refused_in_both_languages(level):
    question = Question()
    with pytest.raises(NoSuchHint, match="from 1 to 3") as refused:
        show_hint(question, THREE, level)
    assert "1〜3 の整数" in refused.value.message.ja
    assert refused.value._render_traceback_() == [refused.value.message.en]
    assert str(show_hint(question, THREE)).startswith("Hint 1/3")  # nothing counted as shown


def test_the_prompt_points_to_the_first_hint_then_the_next_then_says_all_are_shown():
    question = Question()
    prompts = []
    for _ in range(3):
        prompts.append(str(hint_prompt(question, TWO, "ex.total")))
        show_hint(question, TWO)
    assert prompts == [
        "For a hint, run `ex.total.hint()` (2 levels: each run shows the next).",
        "For the next hint (2/2), run `ex.total.hint()`.",
        "You have seen all 2 hints: to read one again, give its level, e.g. `ex.total.hint(1)`.",
    ]
    assert "`ex.total.hint()`" in hint_prompt(Question(), TWO, "ex.total").ja
