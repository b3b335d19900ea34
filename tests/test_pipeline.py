"""Does every case work end to end? nbgrader grades its reference to full marks in the sandbox, and
the figures its hidden checks report put the reference between oracle and baseline; the untouched
release scores 0; every wrong answer loses its test's points; no release leaks. One test per case,
so the case's data (built by grading where this worker has none yet), releases and graded
reference are built once and serve every assertion. The main job itself (papermill, then grading,
then the results table) is tested on a scaffolded case (tests/test_new_case.py): its path is the
same for every case."""

import json
import re

import nbformat
import pytest

from dxquest import paths
from dxquest.caseinfo import discover_cases, get_case
from dxquest.cases.spec import case_spec
from dxquest.grade import grade_submission
from dxquest.holdout_scores import public_rows, split_digest, student_submissions
from dxquest.release import build_sources
from dxquest.validate import VALIDATE_COURSES, validate_case

pytestmark = pytest.mark.slow


def _between_oracle_and_baseline(case, figures: dict) -> None:
    if case.lower_is_better:
        assert figures["oracle"] < figures["reference"] < figures["baseline"]
    else:
        assert figures["oracle"] > figures["reference"] > figures["baseline"]
    assert figures["business"] and None not in figures["business"].values()


@pytest.mark.parametrize("case", discover_cases(), ids=lambda c: c.id)
def test_case_grades_and_validates(case, build_dir, monkeypatch):
    figures_file = build_dir / f"{case.id}-figures.jsonl"
    monkeypatch.setenv("DXQUEST_METRICS_FILE", str(figures_file))
    [source] = {notebook.parent for notebook in build_sources(case, "ja")}
    report = grade_submission(case, source, student="reference", lang="ja")
    monkeypatch.delenv("DXQUEST_METRICS_FILE")
    assert report.auto_max > 0 and report.auto_score == report.auto_max
    assert report.stretch_score == report.stretch_max  # the reference does the stretch task too
    # The hidden checks, marked by the grader, reported real figures (their names are the case's
    # own across its notebooks, so every notebook's summary reads them all).
    reported = {}
    for line in figures_file.read_text(encoding="utf-8").splitlines():
        reported[json.loads(line)["name"]] = json.loads(line)["value"]
    summary = case_spec(case).summarise_metrics(dict.fromkeys(case.notebook_ids, reported))
    _between_oracle_and_baseline(case, summary)
    # The AI task's hidden check, and no other question's, entered the model on the leaderboard.
    keys = case_spec(case).hidden_task().holdout.keys
    [entry] = student_submissions(paths.gradebook_url("ja"), case.id, "reference")
    assert entry["split_digest"] == split_digest(case.id, keys, public_rows(case.id, keys))
    assert _english_prose(case, "reference") == [], "the Japanese release shows English"

    result = validate_case(case, reference=report)
    assert result.solution_score == result.max_score == report.auto_max + report.stretch_max
    assert result.release_score == 0, "the untouched release must score 0"
    assert result.mutants_total >= 1
    assert result.missed_mutants == [], "every wrong answer must lose its test's points"
    assert result.unrestored_mutants == [], "every wrong answer's verdict must be proven"
    assert result.tolerances, "the listed mistakes' distances from the reference were measured"
    assert result.untested_cells == [], "every autograded test needs a wrong answer"
    assert result.leaks == [], "no release may leak solutions, hidden tests or outputs"
    assert result.answers_checked > 0, f"{case.id} declares no public answers"
    assert result.answer_leaks == [], "answers written in the release:\n" + "\n".join(
        map(str, result.answer_leaks)
    )
    assert result.ok
    # Every graded point is of one kind: the autograded and the peer-reviewed together.
    assert sum(result.points_by_kind.values()) == (
        report.auto_max + report.stretch_max + report.manual_max
    )
    # Validation grades its learners (the untouched release) in courses of its own: the
    # operator's gradebook holds only whom this test graded there.
    assert _students(paths.gradebook_url("ja")) == {"reference"}
    with paths.own_courses(VALIDATE_COURSES):
        assert "untouched" in _students(paths.gradebook_url("ja"))


# Three or more lowercase words in a row: a sentence (a library's warning, a label left in
# English), not a code name, a unit or a figure.
ENGLISH_PROSE = re.compile(r"(?<![\w/.])[A-Za-z][a-z]+(?: [a-z]{2,}){2,}(?![\w(])")


def _english_prose(case, student: str) -> list[str]:
    """The lines of ``student``'s graded Japanese notebooks that read as English. Tables (outputs
    with HTML) are left out: their headers are the data's column names, which code uses."""
    found = []
    for notebook in sorted(paths.autograded_dir(case.id, student, "ja").glob("*.ipynb")):
        cells = nbformat.read(notebook, as_version=4).cells
        for index, cell in enumerate(cells):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    continue
                text = output.get("text") or data.get("text/plain") or output.get("evalue", "")
                found += [
                    f"{notebook.stem}, cell {index}: {line}"
                    for line in str(text).splitlines()
                    if ENGLISH_PROSE.search(line)
                ]
    return found


def _students(db_url: str) -> set[str]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        return {s.id for s in gb.students}


def test_an_error_in_a_cell_papermill_went_past_fails_the_reference(tmp_path):
    """The build tags test cells raises-exception so Run All reaches the end; papermill then goes
    on past them too, so the reference run reads every cell's outputs for an error."""
    import nbformat

    from dxquest.pipeline import ReferenceFailed, _mark_hidden_checks

    cell = nbformat.v4.new_code_cell("ex.q.grade(answer)")
    cell.metadata["tags"] = ["raises-exception"]
    cell.outputs = [nbformat.v4.new_output("error", ename="Incorrect", evalue="no", traceback=[])]
    executed = tmp_path / "01_x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), executed)
    with pytest.raises(ReferenceFailed, match="01_x.ipynb cell 0: Incorrect: no"):
        _mark_hidden_checks(get_case("demand_forecast"), executed, "en")


def test_processes_that_ask_for_missing_data_at_once_build_it_once(tmp_path, monkeypatch):
    """The second waits for the first's build and finds the data there; a second build would have
    replaced files (and the self-checks' salt) under the first one's readers."""
    import threading
    import time

    from dxquest import kit_build, pipeline
    from dxquest.exercise import CHECKS_FILE

    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path))
    case = get_case("effort_prediction")
    builds = []

    def slow_build(case):
        builds.append(case.id)
        time.sleep(0.5)  # long enough for the other to find the data still missing
        made = json.dumps({"kit": kit_build.fingerprint()})  # as this build of the kit writes it
        (paths.data_dir(case.id) / CHECKS_FILE).write_text(made, encoding="utf-8")

    monkeypatch.setattr(pipeline, "build_data", slow_build)
    both_ready = threading.Barrier(2)  # they ask at the same moment, however busy the machine

    def ask():
        both_ready.wait()
        pipeline.ensure_public_data(case)

    # Each call opens the lock file itself, so two threads exclude each other as two processes do.
    askers = [threading.Thread(target=ask) for _ in "ab"]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert builds == [case.id]


# Each waits for the other's flag: run one after the other, the first would time out.
MEETING_NOTEBOOK = """# %% [markdown]
# <!-- ja -->
# # {id}
# <!-- en -->
# # {id}

# %% tags=["parameters"]
LANG = "ja"

# %%
import os
import pathlib
import time

pathlib.Path("{id}.flag").touch()
deadline = time.monotonic() + 120
while not pathlib.Path("{other}.flag").exists():
    if time.monotonic() > deadline:
        raise TimeoutError("the other notebook never ran alongside")
    time.sleep(0.1)
print("threads:", os.environ.get("OMP_NUM_THREADS"))
"""


def test_the_reference_notebooks_run_side_by_side_and_report_in_the_cases_order(
    tmp_path, monkeypatch
):
    from dxquest.pipeline import build_data, execute_reference
    from dxquest.scaffold import case_outside

    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.delenv("OMP_NUM_THREADS")  # the suite's own: the kernels get theirs from the run
    root, meeting = tmp_path / "case", ["02_meet_a", "03_meet_b"]
    with case_outside(root, "side_by_side") as case:  # scaffolded, then given two notebooks more
        pass
    for notebook, other in zip(meeting, reversed(meeting), strict=True):
        source = MEETING_NOTEBOOK.format(id=notebook, other=other)
        (case.directory / "notebooks" / f"{notebook}.py").write_text(source, encoding="utf-8")
        with open(case.directory / "case.toml", "a", encoding="utf-8") as toml:
            toml.write(f'\n[[notebooks]]\nid = "{notebook}"\n')
            toml.write(f'title = {{ ja = "{notebook}", en = "{notebook}" }}\nminutes = 1\n')
    with case_outside(root, "side_by_side") as case:
        build_data(case)
        executed = execute_reference(case, "en", tmp_path / "run", workers=2)
    assert (
        [run.notebook for run in executed]
        == case.notebook_ids
        == [
            "01_bakery_forecast",
            *meeting,
        ]
    )
    # The template's hidden checks were marked and reported their figures; every notebook ran.
    assert executed[0].metrics and all(run.seconds > 0 for run in executed)
    # Two kernels at once on the cores: each has one thread for numerical work.
    for notebook in meeting:
        cells = nbformat.read(tmp_path / "run" / f"{notebook}.ipynb", as_version=4).cells
        printed = "".join(o.get("text", "") for c in cells for o in c.get("outputs", []))
        assert printed == "threads: 1\n"
    # Each kernel worked in the run's folder, where the executed notebooks are written.
    assert sorted(flag.name for flag in (tmp_path / "run").glob("*.flag")) == [
        f"{notebook}.flag" for notebook in meeting
    ]
