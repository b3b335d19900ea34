"""Are bilingual sources split correctly, and are authoring mistakes caught?"""

import io
import re
import tokenize

import pytest

from dxquest.caseinfo import discover_cases
from dxquest.i18n import LANGUAGES
from dxquest.notebook_build import (
    AuthoringError,
    build_notebook,
    select_code_language,
    select_language,
)

BILINGUAL = "# Title\n<!-- ja -->\nこんにちは\n<!-- en -->\nHello"


def test_select_language_keeps_shared_text_and_one_language():
    assert select_language(BILINGUAL, "ja") == "# Title\nこんにちは"
    assert select_language(BILINGUAL, "en") == "# Title\nHello"


def test_text_without_markers_is_shared():
    assert select_language("$x^2$", "en") == "$x^2$"


def test_a_missing_language_is_an_authoring_error():
    with pytest.raises(AuthoringError, match="nb cell 3: no text under <!-- en -->"):
        select_language("<!-- ja -->\nこんにちは", "ja", "nb cell 3")


def test_a_text_that_must_be_split_needs_both_blocks():
    with pytest.raises(AuthoringError, match="<!-- en --> and <!-- ja -->"):
        select_language("# Title only", "en", "README.md", required=True)


def _write(tmp_path, text):
    source = tmp_path / "01_x.py"
    source.write_text(text, encoding="utf-8")
    return source


def test_lang_parameter_is_set_per_language(tmp_path):
    source = _write(tmp_path, '# %% tags=["parameters"]\nLANG = "ja"\n\n# %%\nprint(LANG)\n')
    nb = build_notebook(source, "en", "case_x")
    assert nb.cells[0].source == 'LANG = "en"'
    assert nb.metadata["dxquest"] == {"case": "case_x", "notebook": "01_x", "lang": "en"}


def test_a_notebook_without_parameters_cell_is_rejected(tmp_path):
    source = _write(tmp_path, "# %%\nprint(1)\n")
    with pytest.raises(AuthoringError, match="parameters"):
        build_notebook(source, "ja", "case_x")


def test_nbgrader_metadata_and_the_kind_survive_the_build(tmp_path):
    source = _write(
        tmp_path,
        '# %% tags=["parameters"]\nLANG = "ja"\n\n'
        '# %% nbgrader={"grade": true, "grade_id": "q_test", "locked": true, "points": 2, '
        '"schema_version": 3, "solution": false, "task": false} dxquest={"kind": "model"}\n'
        "assert True\n",
    )
    cell = build_notebook(source, "ja", "case_x").cells[1]
    assert cell.metadata["nbgrader"]["grade_id"] == "q_test"
    assert cell.metadata["nbgrader"]["points"] == 2
    assert cell.metadata["dxquest"] == {"kind": "model"}


SOLUTION = '{"grade": false, "grade_id": "q", "solution": true, "schema_version": 3}'
TEST = (
    '{"grade": true, "grade_id": "q_test", "points": 1, "solution": false, "schema_version": 3} '
    'dxquest={"kind": "transcription"}'
)


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ('# %% nbgrader={"grade": true, "grade_id": "q_test", "points": 1}', "found None"),
        (
            '# %% nbgrader={"grade": true, "grade_id": "q_test", "points": 1} '
            'dxquest={"kind": "formula"}',
            "found 'formula'",
        ),
        (
            '# %% nbgrader={"grade": true, "grade_id": "q_test", "points": 1} '
            'dxquest={"kind": "free_text"}',
            "this code cell declares 'free_text'",
        ),
        (
            '# %% [markdown] nbgrader={"grade": true, "grade_id": "q_test", "points": 1, '
            '"solution": true} dxquest={"kind": "decision"}',
            "this markdown cell declares 'decision'",
        ),
    ],
    ids=["missing", "unknown", "free_text_in_code", "markdown_not_free_text"],
)
def test_a_graded_cell_without_a_known_kind_is_an_authoring_error(tmp_path, header, problem):
    source = _write(tmp_path, f'# %% tags=["parameters"]\nLANG = "ja"\n\n{header}\n# text\n')
    with pytest.raises(AuthoringError, match=r"01_x\.py cell 1 \(q_test\): ") as error:
        build_notebook(source, "ja", "case_x")
    assert problem in str(error.value)


def test_ungraded_cells_need_no_kind(tmp_path):
    source = _write(
        tmp_path, f'# %% tags=["parameters"]\nLANG = "ja"\n\n# %% nbgrader={SOLUTION}\nx = 1\n'
    )
    assert "dxquest" not in build_notebook(source, "ja", "case_x").cells[1].metadata


def test_cells_that_fail_while_a_question_is_open_let_run_all_go_on(tmp_path):
    """Run All stops at an error unless the cell is tagged raises-exception: the tests and every
    cell using an answer, or what such a cell made, are; the setup and the data cells are not."""
    source = _write(
        tmp_path,
        '# %% tags=["parameters"]\nLANG = "ja"\n\n'
        "# %%\ndata = [1, 2]\n\n"
        f"# %% nbgrader={SOLUTION}\ndef total(xs):\n    return sum(xs)\n\n"
        "# %%\nresult = total(data)\n\n"
        "# %%\nprint(result * 2)\n\n"
        f"# %% nbgrader={TEST}\nassert total(data) == 3\n\n"
        "# %%\nprint(len(data))\n",
    )
    nb = build_notebook(source, "ja", "case_x")
    tagged = ["raises-exception" in c.metadata.get("tags", []) for c in nb.cells]
    assert tagged == [False, False, False, True, True, True, False]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_case_notebook_builds_in_every_language(lang):
    """Every markdown cell of every case has both languages (the build raises otherwise)."""
    cases = discover_cases()
    assert cases, "no case found under cases/"
    for case in cases:
        for info in case.notebooks:
            nb = build_notebook(info.source_path(case.directory), lang, case.id)
            text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
            other = "<!-- en -->" if lang == "ja" else "<!-- ja -->"
            assert other not in text


def test_code_keeps_the_texts_and_comments_of_its_language():
    code = (
        "def f(x):\n"
        "    # ja: 説明\n"
        "    # en: explained\n"
        "    return ja_en(f\"{x} 円\", f\"{x} yen\") + ja_en('あ', 'a')\n"
    )
    assert (
        select_code_language(code, "ja") == "def f(x):\n    # 説明\n    return f\"{x} 円\" + 'あ'\n"
    )
    assert select_code_language(code, "en") == (
        "def f(x):\n    # explained\n    return f\"{x} yen\" + 'a'\n"
    )
    with pytest.raises(AuthoringError, match="'# en:' line"):
        select_code_language("# ja: 説明だけ\nx = 1\n", "en", "nb cell 3")
    with pytest.raises(AuthoringError, match="a Japanese and an English literal"):
        select_code_language("ja_en(label, 'a')\n", "en", "nb cell 3")


ENGLISH_WORDS = re.compile(r"(?<![\w`/.-])(?:[A-Za-z][A-Za-z'’]*[,;:]?\s+){3,}[A-Za-z][A-Za-z'’]*")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_NOT_PROSE = re.compile(r"`[^`]*`|\$[^$]*\$|https?://\S+|<[^>]+>")
_NOT_RELEASED = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS).*?### END \1", re.DOTALL)


def _learner_texts(cell) -> list[str]:
    """What a learner reads in a released cell: prose, or a code cell's strings and comments."""
    if cell.cell_type == "markdown":
        return [_NOT_PROSE.sub("", cell.source)]
    code = _NOT_RELEASED.sub("", cell.source)
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [re.sub(r"\{[^}]*\}", " ", t.string) for t in tokens if t.type in _READ_TOKENS]


_READ_TOKENS = (tokenize.STRING, tokenize.COMMENT)


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_a_notebook_holds_no_sentence_of_the_other_language(case):
    """Japanese notebooks: no run of four English words outside code names; English notebooks: no
    Japanese in code, and in prose only a term or a name where the text explains it."""
    for info in case.notebooks:
        for lang in LANGUAGES:
            nb = build_notebook(info.source_path(case.directory), lang, case.id)
            for index, cell in enumerate(nb.cells):
                where = f"{info.id} ({lang}) cell {index}"
                for text in _learner_texts(cell):
                    if lang == "ja":
                        assert not ENGLISH_WORDS.findall(text), where
                    elif cell.cell_type == "code":
                        assert not JAPANESE.findall(text), where
                    else:
                        assert len(JAPANESE.findall(text)) < 0.02 * len(text), where


@pytest.mark.parametrize("lang", LANGUAGES)
def test_under_its_title_a_notebook_says_how_work_is_checked(lang, tmp_path):
    from dxquest.notebook_build import HOW_WORK_IS_CHECKED

    title = "# %% [markdown]\n# # Title\n\n"
    source = _write(tmp_path, title + '# %% tags=["parameters"]\nLANG = "ja"\n')
    nb = build_notebook(source, lang, "case_x")
    assert [c.cell_type for c in nb.cells] == ["markdown", "markdown", "code"]
    assert nb.cells[1].source == HOW_WORK_IS_CHECKED.render(lang)


def test_japanese_wrapped_across_lines_reads_as_one_line_but_blocks_stay():
    """A source wraps at 100 characters; Markdown would show each break between Japanese
    characters as a space. Headings, code and English keep their lines."""
    source = "\n".join(
        [
            "<!-- ja -->",
            "## 1. 流出のコスト",
            "ラインには",
            "余力があり、`FACTS` を",
            "使います。",
            "",
            "次の段落。",
            "- 部品：材料費と",
            "  加工費",
            "```",
            "# 日本語の",
            "# コメント",
            "```",
            "<!-- en -->",
            "The lines have",
            "spare capacity.",
        ]
    )
    assert select_language(source, "ja").split("\n") == [
        "## 1. 流出のコスト",
        "ラインには余力があり、`FACTS` を使います。",
        "",
        "次の段落。",
        "- 部品：材料費と加工費",
        "```",
        "# 日本語の",
        "# コメント",
        "```",
    ]
    assert select_language(source, "en") == "The lines have\nspare capacity."
