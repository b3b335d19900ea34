"""Is a release made once and recorded in whichever gradebook grading uses, and does it speak
the learner's language only?"""

import re
import socket

import nbformat
import pytest
from nbgrader.utils import compute_checksum
from support.gradebooks import empty_gradebook, grade_cells

from dxquest import paths
from dxquest.caseinfo import discover_cases, get_case
from dxquest.cohort.gradebook import sqlite_url
from dxquest.course import GradebookUnreachable, has_assignment
from dxquest.course_config import CODE_STUB, TEXT_STUB
from dxquest.i18n import LANGUAGES
from dxquest.question_kinds import KINDS, declared_kind
from dxquest.release import build_sources, ensure_release, ensure_release_files, release_case
from dxquest.rubric import load_rubric

TEXTS = ("README.md", "rubric.md")


def _stand_in_release(tmp_path, monkeypatch):
    """demand_forecast's release in a fresh build folder, as stand-ins ("{}") a release would
    overwrite: only their presence is checked."""
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "build"))
    case = get_case("demand_forecast")
    release = paths.release_dir(case.id, "en")
    release.mkdir(parents=True)
    for notebook in case.notebook_ids:
        (release / f"{notebook}.ipynb").write_text("{}", encoding="utf-8")
    return case, release


def test_a_release_recorded_elsewhere_is_copied_not_rebuilt(tmp_path, monkeypatch):
    case, release = _stand_in_release(tmp_path, monkeypatch)
    empty_gradebook(paths.gradebook_url("en"), case, grade_cells(case))
    cohort_url = sqlite_url(tmp_path / "cohort.db")

    assert ensure_release(case, "en", cohort_url) == release
    assert has_assignment(cohort_url, case.id)
    assert (release / f"{case.notebook_ids[0]}.ipynb").read_text(encoding="utf-8") == "{}"


def test_readers_of_the_release_files_need_it_recorded_in_no_gradebook(tmp_path, monkeypatch):
    case, release = _stand_in_release(tmp_path, monkeypatch)
    assert ensure_release_files(case, "en") == release
    assert (release / f"{case.notebook_ids[0]}.ipynb").read_text(encoding="utf-8") == "{}"


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_the_story_and_rubric_travel_in_the_learners_language_only(case, build_dir):
    texts = {}
    for lang in LANGUAGES:
        build_sources(case, lang)
        folder = paths.notebooks_dir(case.id, lang)
        texts[lang] = {name: (folder / name).read_text(encoding="utf-8") for name in TEXTS}
    rubric = load_rubric(case)
    titles = {
        lang: [c.title.render(lang) for q in rubric.questions for c in q.criteria]
        for lang in LANGUAGES
    }
    for name in TEXTS:
        english = texts["en"][name]
        # Japanese only where a name or a term is explained: a few characters in a thousand.
        assert len(JAPANESE.findall(english)) < 0.005 * len(english), name
        assert texts["ja"][name].splitlines()[0] not in english
        assert english.splitlines()[0] not in texts["ja"][name]
    assert all(title in texts["en"]["rubric.md"] for title in titles["en"])
    assert all(title in texts["ja"]["rubric.md"] for title in titles["ja"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_placeholders_are_in_the_releases_language(lang, build_dir):
    case = get_case("demand_forecast")
    first = release_case(case, lang)[0].read_text(encoding="utf-8")
    other = "en" if lang == "ja" else "ja"
    assert CODE_STUB.render(lang).split("\n")[0] in first
    assert TEXT_STUB.render(lang) in first
    assert CODE_STUB.render(other).split("\n")[0] not in first
    assert TEXT_STUB.render(other) not in first


def test_each_graded_cell_keeps_its_kind_where_nbgrader_ignores_it(build_dir):
    """The kind travels in the cell's own ``dxquest`` metadata: the release keeps it, and nbgrader's
    checksum, which autograde compares to find edited test cells, does not read it."""
    case = get_case("demand_forecast")
    release = ensure_release(case, "en")
    graded = 0
    for notebook in case.notebook_ids:
        for cell in nbformat.read(release / f"{notebook}.ipynb", as_version=4).cells:
            if not cell.metadata.get("nbgrader", {}).get("grade"):
                continue
            graded += 1
            assert declared_kind(cell) in KINDS
            checksum = cell.metadata.nbgrader["checksum"]
            assert compute_checksum(cell) == checksum
            cell.metadata["dxquest"]["kind"] = "something else"
            assert compute_checksum(cell) == checksum
    assert graded == len(grade_cells(case))


def test_a_gradebook_that_cannot_be_reached_is_named_with_the_reason(build_dir):
    with socket.socket() as s:  # a port nothing listens on once it is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://grader:secret@127.0.0.1:{port}/cohort"
    with pytest.raises(GradebookUnreachable) as raised:
        release_case(get_case("demand_forecast"), "en", url)
    problem = raised.value.problem
    for message in (problem.ja, problem.en):
        assert f"grader:***@127.0.0.1:{port}/cohort" in message
        assert "secret" not in message
        assert "Connection refused" in message
    assert "database server is running" in problem.en
    assert "データベースサーバーが動いているか" in problem.ja


def test_the_command_line_names_an_unreachable_gradebook_without_a_traceback(build_dir):
    from click.testing import CliRunner

    from dxquest.cli import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://grader:secret@127.0.0.1:{port}/cohort"
    result = CliRunner().invoke(main, ["cohort", "export", "--db-url", url])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: 成績簿 postgresql+psycopg://grader:***@127.0.0.1:{port}"
    )
    assert "Check that its database server is running" in result.output
    assert "Traceback" not in result.output and "secret" not in result.output
