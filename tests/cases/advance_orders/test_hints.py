"""Do the case's hints come in two or three levels in both languages, and never write down a
public answer? (The tests are shared by every case: tests/cases/hint_tests.py.)"""

from hint_tests import hint_tests

from dxquest.cases.advance_orders import exercises as ex

(
    test_every_question_has_two_or_three_levels_in_both_languages,
    test_a_worked_step_says_its_numbers_are_made_up,
    test_japanese_hints_use_plain_business_words_not_katakana_jargon,
    test_no_hint_writes_a_public_answer,
    test_no_notebook_cell_shows_a_hint_unasked,
) = hint_tests(ex, "advance_orders")
