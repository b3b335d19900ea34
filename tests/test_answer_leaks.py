"""Does the scan find an answer written anywhere a learner reads it (a release's files, a question's
hints), say where and how, and leave a clean release alone? (That the real releases of every case
keep their answers out is asserted by each case's end-to-end test, tests/test_pipeline.py, whose
validation runs this scan; that their hints do, by tests/cases/<case>/test_hints.py.)"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dxquest.answer_leaks import AnswerLeak, hint_texts, learner_texts, scan_files, scan_texts

ANSWERS = {"annual_waste_cost": [131_490_768.0], "foreman_mae": [1.2589], "plan_quantile": [0.625]}


def _release(tmp_path, cells, readme):
    folder = tmp_path / "release"
    folder.mkdir()
    nbformat.write(new_notebook(cells=cells), folder / "04_executive_pitch.ipynb")
    (folder / "README.md").write_text(readme, encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe131000000")
    return {f"ja/{p.name}": p for p in sorted(folder.iterdir())}


def test_planted_answers_are_found_with_file_location_answer_and_form(tmp_path):
    files = _release(
        tmp_path,
        [
            new_markdown_cell("## 1. 数字を集める\n下は例です。"),
            new_code_cell('as_is = {\n    "waste_yen": 131_000_000,\n}'),
        ],
        "# Story\n\nThe reference's MAE is 1.26 h;\nslots at the 0.625-quantile, 1.31億円.\n",
    )
    assert scan_files(files, ANSWERS) == [
        AnswerLeak(
            "ja/04_executive_pitch.ipynb", "cell 1 line 2", "annual_waste_cost", "131_000_000"
        ),
        AnswerLeak("ja/README.md", "line 3", "foreman_mae", "1.26"),
        AnswerLeak("ja/README.md", "line 4", "plan_quantile", "0.625"),
        AnswerLeak("ja/README.md", "line 4", "annual_waste_cost", "1.31億"),
    ]


def test_a_leak_says_where_and_what_in_one_line():
    leak = AnswerLeak("en/README.md", "line 97", "plan_quantile", "0.625")
    assert str(leak) == "en/README.md line 97: answer plan_quantile written as '0.625'"


def test_a_clean_release_passes(tmp_path):
    """Made-up examples, parameters, years and the story's facts are not answers."""
    files = _release(
        tmp_path,
        [
            new_markdown_cell("下は例（架空の数字）です / illustrative values, not your results."),
            new_code_cell('as_is = {"waste_yen": 50_000_000}\nLEVELS = (0.1, 0.5, 0.9)'),
        ],
        "2022年12月〜2025年11月, 80% intervals, 5,000 yen an hour, skill ≥ 0.5, 100 jobs.\n",
    )
    assert scan_files(files, ANSWERS) == []


@pytest.mark.parametrize("text", ["11.26", "1.265", "v1.26.3", "1.26億", "1.26e3", "x1.26"])
def test_a_form_inside_another_number_is_not_found(tmp_path, text):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert scan_files({"README.md": readme}, {"foreman_mae": [1.2589]}) == []


def test_a_spelling_of_a_story_fact_reads_as_the_fact_and_the_answer_s_own_still_counts():
    """A business case worth 11,986,430 yen rounds to the story's set-up cost of 12,000,000 yen
    at two significant digits: a story stating its set-up cost gives nothing away, while the
    figure at four digits still does."""
    texts = {"README.md": "初期1,200万円、12,000,000 yen up front", "pitch": "11,990,000 yen"}
    net = {"business_case": [11_986_430.0]}
    assert {leak.file for leak in scan_texts(texts, net)} == {"README.md", "pitch"}
    leaks = scan_texts(texts, net, facts=[12_000_000.0])
    assert [(leak.file, leak.form) for leak in leaks] == [("pitch", "11,990,000")]


@pytest.mark.parametrize("text", ["1.26h", "MAE=1.26.", "(1.26)", "約1.26時間"])
def test_a_form_next_to_a_unit_or_punctuation_is_found(tmp_path, text):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert [leak.form for leak in scan_files({"README.md": readme}, ANSWERS)] == ["1.26"]


@pytest.mark.parametrize("text", ["62.5%", "62.5 %", "62.5％"])
def test_a_percent_is_found_however_its_sign_is_written(tmp_path, text):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert [leak.form for leak in scan_files({"README.md": readme}, ANSWERS)] == ["62.5%"]


def test_one_form_of_two_answers_names_both(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("296 h", encoding="utf-8")
    leaks = scan_files({"README.md": readme}, {"as_is_hours": [296.06], "hours_saved": [295.9]})
    assert [leak.answers for leak in leaks] == ["as_is_hours, hours_saved"]


def test_the_learners_texts_are_both_releases_and_the_data_card(tmp_path, monkeypatch):
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path))
    for lang in ("ja", "en"):
        release = tmp_path / "course" / lang / "release" / "effort_prediction"
        release.mkdir(parents=True)
        (release / "README.md").write_text("story", encoding="utf-8")
    texts = learner_texts("effort_prediction", ("ja", "en"))
    assert set(texts) == {"ja/README.md", "en/README.md", "datasets/effort_prediction.md"}


def test_an_answer_written_in_a_hint_is_found_with_the_hints_level():
    texts = {
        "hints/en/foreman_mae 3/3": "Example (made up): off by 1, 1 and 0.\nThe MAE is 1.26 h.",
        "hints/ja/foreman_mae 3/3": "例（架空）：誤差は 1・1・0 で、MAE は 0.67時間 です。",
    }
    assert scan_texts(texts, ANSWERS) == [
        AnswerLeak("hints/en/foreman_mae 3/3", "line 2", "foreman_mae", "1.26")
    ]


def test_the_hint_texts_are_every_level_of_every_question_in_each_language():
    from dxquest.cases.effort_prediction import exercises

    texts = hint_texts("effort_prediction", ("ja", "en"))
    levels = exercises.foreman_mae.hints.levels
    assert texts["hints/ja/foreman_mae 1/3"] == levels[0].ja
    assert texts["hints/en/foreman_mae 3/3"] == levels[2].en
    per_language = sum(len(q.hints.levels) for q in exercises.EXERCISES.questions.values())
    assert len(texts) == 2 * per_language
