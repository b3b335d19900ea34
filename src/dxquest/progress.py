"""The learner's progress: which questions pass their public checks, without the grader.

Each saved notebook of the learner's case folder is executed in a fresh kernel (a copy: the
learner's file is never touched; a notebook unchanged since its last run is not run again) and every nbgrader test cell is read the way nbgrader reads it: an error or
anything on stderr fails it. Hidden tests are stripped before execution and the cohort secret is
removed from the kernel's environment, so the view shows exactly what the self-checks show:
public checks only. Free-text answers (peer-reviewed) are listed as written or not.

Below the questions, :func:`completion_notes` says what the view can tell of each completion gate
of the case: a gate already missing (a notebook, a skill cell failing its public checks, the pitch
not written), and what only grading decides (the hidden-holdout skill, the pitch's peer grade, the
points, the similarity review). It never claims a gate holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.metadata
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import (
    ALL_NOTEBOOKS,
    HIDDEN_SKILL,
    PASS_MARK,
    PITCH,
    SIMILARITY,
    CaseInfo,
    get_case,
)
from dxquest.course_config import TEXT_STUB
from dxquest.exercise import CHECKS_FILE, NOT_ATTEMPTED
from dxquest.i18n import Msg
from dxquest.kernel_config import kernel_config
from dxquest.skill import PASS_BAND

PASSED, FAILED, NOT_ATTEMPTED_YET = "passed", "failed", "not_attempted"
MISSING, UNREADABLE = "missing", "unreadable"
WRITTEN, NOT_WRITTEN = "written", "not_written"
_HIDDEN_TESTS = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.DOTALL)
_QUESTION = re.compile(r"\bex\.(\w+)\.")
_CELL_TIMEOUT = 180  # the grader's per-cell limit (grading/nbgrader_config.py)

_SYMBOL = {
    PASSED: "✓",
    FAILED: "✗",
    NOT_ATTEMPTED_YET: "…",
    MISSING: "?",
    UNREADABLE: "?",
    WRITTEN: "✎",
    NOT_WRITTEN: "…",
}
_STATUS = {
    PASSED: Msg("公開チェック合格", "public checks passed"),
    FAILED: Msg("公開チェック不合格", "public checks failed"),
    NOT_ATTEMPTED_YET: Msg("未解答", "not attempted"),
    MISSING: Msg("ノートブックがありません", "notebook missing"),
    UNREADABLE: Msg("ノートブックを読み込めません", "notebook cannot be read"),
    WRITTEN: Msg("記入済み（受講生同士で相互評価）", "written (peer-reviewed)"),
    NOT_WRITTEN: Msg("未記入（受講生同士で相互評価）", "not written yet (peer-reviewed)"),
}
_NOT_RUN = Msg(
    "このセルまで実行できませんでした（カーネルが停止しました）。",
    "The notebook stopped before this cell (the kernel died).",
)
_SUMMARY = Msg(
    "公開チェック合格：{passed}/{total} 問。採点では、見たことのないデータでの非公開テストも行われます。",
    "Public checks passed: {passed}/{total} questions. Grading also runs hidden tests on data you "
    "have not seen.",
)

_COMPLETION = Msg("修了（バッジ）の条件：", "Completion (the badge) requires:")
_OPTIONAL = Msg(
    "（任意の発展課題：修了には不要。良・優の段階を記録）",
    "(optional stretch task: not needed to complete; records merit or distinction)",
)
_GATE_MISSING = {
    ALL_NOTEBOOKS: Msg(
        "すべてのノートブックの提出。まだないか読み込めないもの：{notebooks}",
        "every notebook submitted. Missing or unreadable: {notebooks}",
    ),
    HIDDEN_SKILL: Msg(
        "AIの非公開テストでの改善到達度が合格帯({band})に達すること。まだ公開チェックに合格して"
        "いません：{cells}",
        "the hidden-holdout skill reaching the pass band ({band}). Not passing their public "
        "checks yet: {cells}",
    ),
    PITCH: Msg(
        "プレゼン（{cell}）が相互評価で配点の{level:.0%}以上。まだ書かれていません。",
        "the pitch ({cell}) earning {level:.0%} of its points in peer review. It is not written "
        "yet.",
    ),
}
_GATE_AT_GRADING = {
    HIDDEN_SKILL: Msg(
        "AIの非公開テストでの改善到達度が合格帯({band})に達すること。公開チェックは合格（{cells}）。"
        "非公開テストでの判定は採点で行われます。",
        "the hidden-holdout skill reaching the pass band ({band}). Public checks passed "
        "({cells}); the hidden holdout decides at grading.",
    ),
    PITCH: Msg(
        "プレゼン（{cell}）が相互評価で配点の{level:.0%}以上。記入済みです。点数は相互評価で"
        "決まります。",
        "the pitch ({cell}) earning {level:.0%} of its points in peer review. It is written; "
        "the peers grade it.",
    ),
    PASS_MARK: Msg(
        "自動採点（非公開テストを含む）と相互評価の合計が満点の{level:.0%}以上。点数は採点で"
        "決まります。",
        "all points, autograded (hidden tests included) plus peer-reviewed, reaching "
        "{level:.0%} of the maximum, decided at grading.",
    ),
    SIMILARITY: Msg(
        "他の受講生や模範解答の写しと確認されないこと。採点後に運営者が確認します。",
        "no copy of another learner's work or of the reference solution, which the operators "
        "check after grading.",
    ),
}

FOLDER_MISSING = Msg(
    "{folder} がありません。先に `dxquest lab --case {case}` でケースを開いてください。",
    "{folder} does not exist: open the case first with `dxquest lab --case {case}`.",
)


class NotACaseFolder(FileNotFoundError):
    """The folder holds no notebook of a dxquest case; the message is for the learner."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class QuestionProgress:
    """One graded cell of one notebook: an autograded question or a free-text answer."""

    notebook: str
    grade_id: str
    title: Msg | None
    status: str
    detail: str = ""
    optional: bool = False  # the stretch task's: completion does not need it

    @property
    def autograded(self) -> bool:
        return self.status in (PASSED, FAILED, NOT_ATTEMPTED_YET)


def _listed_as(grade_id: str) -> str:
    """A test cell is listed under the question it tests (``forecast_test`` → ``forecast``)."""
    return grade_id.removesuffix("_test")


def _question_title(case: CaseInfo, source: str) -> Msg | None:
    match = _QUESTION.search(source)
    if not match:
        return None
    exercises = importlib.import_module(f"{case.python_module}.exercises")
    return getattr(getattr(exercises, match.group(1), None), "title", None)


def _test_cell_status(cell) -> tuple[str, str]:
    """nbgrader's rule: a test cell fails on an error or on output to stderr (or if it never ran)."""
    if cell.get("execution_count") is None:
        return FAILED, _NOT_RUN.render()
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            if output.evalue in (NOT_ATTEMPTED.ja, NOT_ATTEMPTED.en):
                return NOT_ATTEMPTED_YET, ""
            return FAILED, f"{output.ename}: {output.evalue}".strip()
        if output.output_type == "stream" and output.name == "stderr":
            return FAILED, output.text.strip().splitlines()[-1] if output.text.strip() else ""
    return PASSED, ""


def _execute_public_checks(path: Path):
    """Execute a copy of the notebook at ``path`` in its folder, hidden tests stripped."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _HIDDEN_TESTS.sub("", cell.source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DXQUEST_COHORT_SECRET")}
    client = NotebookClient(
        nb,
        timeout=_CELL_TIMEOUT,
        interrupt_on_timeout=True,  # a hung cell fails, the cells after it still run
        kernel_name="python3",
        config=kernel_config(),
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute(env=env)
    except DeadKernelError:
        pass  # learner code killed its kernel: the test cells it never reached fail as not run
    return nb


def _statuses_folder() -> Path:
    """Where the test cells' statuses of notebooks already run are kept, by what they depend on
    (``DXQUEST_CACHE_DIR``, or the user's cache folder)."""
    if os.environ.get("DXQUEST_CACHE_DIR"):
        return Path(os.environ["DXQUEST_CACHE_DIR"]) / "progress"
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "dxquest" / "progress"


def _run_key(case: CaseInfo, path: Path) -> str:
    """What a run's statuses depend on: the saved notebook, the learner's data (its public checks)
    and the kit's checks of the case."""
    exercises = importlib.import_module(f"{case.python_module}.exercises")
    digest = hashlib.sha256(path.read_bytes())
    for part in (paths.data_dir(case.id) / CHECKS_FILE, Path(exercises.__file__)):
        digest.update(part.read_bytes() if part.is_file() else b"-")
    digest.update(importlib.metadata.version("dxquest").encode())
    return digest.hexdigest()


def _test_statuses(case: CaseInfo, path: Path) -> dict[str, tuple[str, str]]:
    """Each test cell's status, by ``grade_id``: the notebook is run again only when it, the
    learner's data or the kit changed since it was last run (a model's checks take minutes)."""
    kept = _statuses_folder() / f"{_run_key(case, path)}.json"
    with contextlib.suppress(OSError, ValueError):
        return {
            grade_id: tuple(status) for grade_id, status in json.loads(kept.read_text()).items()
        }
    statuses = {
        cell.metadata["nbgrader"]["grade_id"]: _test_cell_status(cell)
        for cell in _execute_public_checks(path).cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    }
    with contextlib.suppress(OSError):  # a read-only home only costs the next run its time
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(statuses), encoding="utf-8")
    return statuses


def notebook_progress(case: CaseInfo, path: Path) -> list[QuestionProgress]:
    """Progress of one saved notebook: one row per graded cell."""
    import nbformat

    if not path.is_file():
        return [QuestionProgress(path.stem, "", None, MISSING)]
    try:
        saved = nbformat.read(path, as_version=4)
        statuses = _test_statuses(case, path)
    except (ValueError, UnicodeDecodeError) as unreadable:  # not JSON, not a notebook
        return [QuestionProgress(path.stem, "", None, UNREADABLE, str(unreadable)[:200])]
    rows = []
    for cell in saved.cells:
        nbgrader = cell.metadata.get("nbgrader", {})
        if not nbgrader.get("grade"):
            continue
        grade_id = nbgrader["grade_id"]
        if cell.cell_type == "code":
            status, detail = statuses[grade_id]
            title = _question_title(case, cell.source)
            optional = grade_id in case.completion.stretch_cells
            row = QuestionProgress(path.stem, _listed_as(grade_id), title, status, detail, optional)
            rows.append(row)
        else:
            written = cell.source.strip() and not any(
                stub in cell.source for stub in (TEXT_STUB.ja, TEXT_STUB.en)
            )
            rows.append(
                QuestionProgress(path.stem, grade_id, None, WRITTEN if written else NOT_WRITTEN)
            )
    return rows


def read_case_and_language(folder: Path) -> tuple[CaseInfo, str]:
    """The case and language a learner's folder holds, from its notebooks' metadata."""
    import nbformat

    for path in sorted(folder.glob("*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata.get("dxquest", {})
        if "case" in meta:
            return get_case(meta["case"]), meta.get("lang", "ja")
    raise NotACaseFolder(
        Msg(
            f"{folder} に dxquest のノートブックがありません。ケースのフォルダーを指定してください。",
            f"{folder} holds no dxquest notebook: name a case folder.",
        )
    )


def case_progress(
    folder: Path, notebooks: list[str] | None = None
) -> tuple[CaseInfo, str, list[QuestionProgress]]:
    """Progress of the learner's case ``folder`` (every notebook, or the named ones)."""
    case, lang = read_case_and_language(folder)
    rows = []
    for notebook in notebooks or case.notebook_ids:
        rows += notebook_progress(case, folder / f"{notebook.removesuffix('.ipynb')}.ipynb")
    return case, lang, rows


@dataclass(frozen=True)
class GateNote:
    """What the learner's view can tell of one completion gate."""

    gate: str  # a gate of dxquest.caseinfo.GATES
    missing: bool  # missing already; otherwise decided at grading
    message: Msg


def _notebooks_note(rows: list[QuestionProgress]) -> GateNote | None:
    absent = sorted({r.notebook for r in rows if r.status in (MISSING, UNREADABLE)})
    if not absent:
        return None  # the view cannot tell whether they are submitted
    message = _GATE_MISSING[ALL_NOTEBOOKS].format(notebooks=", ".join(absent))
    return GateNote(ALL_NOTEBOOKS, True, message)


def _skill_note(case: CaseInfo, rows: list[QuestionProgress]) -> GateNote | None:
    questions = {_listed_as(cell) for cell in case.completion.skill_cells}
    viewed = [r.grade_id for r in rows if r.grade_id in questions]
    failing = [r.grade_id for r in rows if r.grade_id in questions and r.status != PASSED]
    if not viewed:
        return None
    messages = _GATE_MISSING if failing else _GATE_AT_GRADING
    message = messages[HIDDEN_SKILL].format(band=PASS_BAND, cells=", ".join(failing or viewed))
    return GateNote(HIDDEN_SKILL, bool(failing), message)


def _pitch_note(case: CaseInfo, rows: list[QuestionProgress]) -> GateNote | None:
    gates = case.completion
    pitch = next((r for r in rows if r.grade_id == gates.pitch_cell), None)
    if pitch is None:
        return None
    unwritten = pitch.status == NOT_WRITTEN
    messages = _GATE_MISSING if unwritten else _GATE_AT_GRADING
    message = messages[PITCH].format(cell=gates.pitch_cell, level=gates.pitch_pass)
    return GateNote(PITCH, unwritten, message)


def completion_notes(case: CaseInfo, rows: list[QuestionProgress]) -> list[GateNote]:
    """One note per completion gate, from the public checks of ``rows`` (the notebooks viewed;
    a gate whose cells are in none of them gets no note)."""
    pass_mark = _GATE_AT_GRADING[PASS_MARK].format(level=case.completion.pass_mark)
    notes = [
        _notebooks_note(rows),
        _skill_note(case, rows),
        _pitch_note(case, rows),
        GateNote(PASS_MARK, False, pass_mark),
        GateNote(SIMILARITY, False, _GATE_AT_GRADING[SIMILARITY]),
    ]
    return [note for note in notes if note is not None]


def format_progress(
    rows: list[QuestionProgress], lang: str, notes: list[GateNote] | None = None
) -> str:
    lines, current = [], None
    for row in rows:
        if row.notebook != current:
            current = row.notebook
            lines.append(row.notebook)
        label = row.grade_id + (f"  {row.title.render(lang)}" if row.title else "")
        if row.optional:
            label += f" {_OPTIONAL.render(lang)}"
        status = _STATUS[row.status].render(lang)
        detail = f" — {row.detail}" if row.detail else ""
        lines.append(f"  {_SYMBOL[row.status]} {label}: {status}{detail}".rstrip())
    autograded = [r for r in rows if r.autograded and not r.optional]
    passed = sum(r.status == PASSED for r in autograded)
    lines.append(_SUMMARY.format(passed=passed, total=len(autograded)).render(lang))
    if notes:
        lines.append(_COMPLETION.render(lang))
        lines += [f"  {'✗' if n.missing else '…'} {n.message.render(lang)}" for n in notes]
    return "\n".join(lines)


def as_json_dict(rows: list[QuestionProgress], notes: list[GateNote]) -> dict:
    """The view as plain data; texts in English (ids and statuses are language-free)."""
    return {
        "questions": [{**asdict(r), "title": r.title.en if r.title else None} for r in rows],
        "completion": [{**asdict(n), "message": n.message.en} for n in notes],
    }


def show_progress(folder: str | Path = ".", notebooks: list[str] | None = None) -> None:
    """For a notebook cell: print the progress of the case folder the notebook is in.

    Save your notebooks first: the view reads the saved files. Running every notebook takes a few
    minutes; name some to be quicker, e.g. ``show_progress(notebooks=["01_business_problem"])``.
    """
    case, lang, rows = case_progress(Path(folder), notebooks)
    print(format_progress(rows, lang, completion_notes(case, rows)))
