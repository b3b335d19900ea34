"""The hint tests every case runs: each question has two or three hint levels, in Japanese and in
English; a worked step says its numbers are made up; the Japanese speaks the company's language,
not katakana jargon; no level writes down a public answer (the scan `dxquest validate` runs on the
hints); and no notebook cell shows a hint the learner did not ask for, so nbgrader's test cells
never print one.
"""

import re

import jupytext
import pytest
from checker_tests import ensure_built

from dxquest.answer_leaks import hint_texts, scan_texts
from dxquest.answers import Table
from dxquest.caseinfo import get_case
from dxquest.marking import case_marks
from dxquest.marks import Expected
from dxquest.public_answers import public_answers

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Japanese script and full-width punctuation: none of it belongs in an English hint.
NOT_ENGLISH = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
# Katakana jargon a Japanese learner would have to look up; hints use the company's own words.
KATAKANA_JARGON = ("オラクル", "ホールドアウト", "リーケージ", "リーク")
MADE_UP = ("例（架空", "Example (made up")


def hint_tests(ex, case_id: str):
    """The hint tests for the questions of ``ex`` (a case's exercises module).

    A test module assigns the returned functions to names of its own, so pytest collects them:
    ``test_every_question_has_two_or_three_levels_in_both_languages, ... = hint_tests(ex, CASE)``.
    """
    questions = ex.EXERCISES.questions
    names = sorted(questions)

    @pytest.mark.parametrize("name", names)
    def test_every_question_has_two_or_three_levels_in_both_languages(name):
        levels = questions[name].hints.levels
        assert 2 <= len(levels) <= 3
        for level in levels:
            assert JAPANESE.search(level.ja), level.ja
            assert level.en.strip() and not NOT_ENGLISH.search(level.en), level.en

    @pytest.mark.parametrize("name", names)
    def test_a_worked_step_says_its_numbers_are_made_up(name):
        step = questions[name].hints.worked_step
        if step is not None:
            assert step.ja.startswith(MADE_UP[0]), step.ja
            assert step.en.startswith(MADE_UP[1]), step.en

    @pytest.mark.parametrize("name", names)
    def test_japanese_hints_use_plain_business_words_not_katakana_jargon(name):
        for level in questions[name].hints.levels:
            assert not [word for word in KATAKANA_JARGON if word in level.ja], level.ja

    def test_no_hint_writes_a_public_answer(build_dir):
        """Every question with a number for an answer has its public answers looked for, and no
        level of any question's hints spells one in any written form."""
        ensure_built(case_id)
        answers = public_answers(case_id)
        numeric = [
            name
            for name, mark in case_marks(get_case(case_id)).items()
            if isinstance(mark, Expected) and not isinstance(questions[name].kind, Table)
        ]
        assert numeric and all(answers.get(name) for name in numeric)
        leaks = scan_texts(hint_texts(case_id, ("ja", "en")), answers)
        assert leaks == [], "answers written in hints:\n" + "\n".join(map(str, leaks))

    def test_no_notebook_cell_shows_a_hint_unasked():
        """Only the learner calls ``ex.<question>.hint()``: a cell that did would print hints in
        every run, the grader's included."""
        case = get_case(case_id)
        calls = [
            f"{notebook.id}: {cell.source}"
            for notebook in case.notebooks
            for cell in jupytext.read(notebook.source_path(case.directory), fmt="py:percent").cells
            if cell.cell_type == "code" and ".hint(" in cell.source
        ]
        assert calls == []

    return (
        test_every_question_has_two_or_three_levels_in_both_languages,
        test_a_worked_step_says_its_numbers_are_made_up,
        test_japanese_hints_use_plain_business_words_not_katakana_jargon,
        test_no_hint_writes_a_public_answer,
        test_no_notebook_cell_shows_a_hint_unasked,
    )
