"""Submissions → scores: autograde one learner's notebooks, write feedback and a score.

Whatever is wrong with one notebook (not JSON, not a notebook, too large, missing, or refused by
the code vetting of :mod:`dxquest.sandbox.vetting`) costs only that notebook: it is replaced by the
untouched release, which scores 0 on every autograded cell, and the problem is reported to the
learner in both languages. The other notebooks are graded as usual, each in its own sandboxed
kernel (:mod:`dxquest.sandbox`).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from functools import partial
from pathlib import Path

import nbformat

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.course import nbgrader_api, run_step
from dxquest.feedback import GradeReport, write_feedback
from dxquest.holdout_scores import record_returned_predictions
from dxquest.i18n import LANGUAGES, Msg
from dxquest.marking import hidden_inputs_dir
from dxquest.pipeline import ensure_public_data
from dxquest.release import ensure_release
from dxquest.sandbox.execute import sandboxed_autograde
from dxquest.sandbox.policy import Limits, grading_policy
from dxquest.sandbox.vetting import vet_notebook

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TIMESTAMP_FILE = "timestamp.txt"  # nbgrader's record of when a submission was made
# A solved notebook with its plots is well under 5 MB; anything far larger is not an answer.
MAX_NOTEBOOK_BYTES = 20 * 2**20

MISSING = Msg(
    "{notebook}.ipynb が提出されていません。0点として扱います。",
    "{notebook}.ipynb was not submitted; it scores 0.",
)
UNREADABLE = Msg(
    "{notebook}.ipynb を読み込めませんでした（{reason}）。0点として扱います。"
    "JupyterLab で開いて保存し直してから再提出してください。",
    "{notebook}.ipynb could not be read ({reason}); it scores 0. "
    "Open it in JupyterLab, save it again and resubmit.",
)


class SubmissionError(ValueError):
    """The submission as a whole cannot be graded (the message says what to do)."""


def _read_notebook(path: Path) -> nbformat.NotebookNode | str:
    """The notebook, or the reason it cannot be read."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return (
            f"{size / 2**20:.0f} MB > {MAX_NOTEBOOK_BYTES // 2**20} MB; "
            "出力を消去してから保存 / clear the outputs before saving"
        )
    try:
        # Parsed here first because nbformat hides the JSON error's line and column.
        json.loads(path.read_text(encoding="utf-8"))
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except UnicodeDecodeError:
        return "not UTF-8 / UTF-8 ではありません"
    except json.JSONDecodeError as error:
        return f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    except Exception as error:  # nbformat raises several types for a non-notebook
        return f"{type(error).__name__}: {str(error)[:200]}"
    return nb


def _notebook_files(submission: Path) -> dict[str, Path]:
    if submission.is_file():
        return {submission.stem: submission}
    if not submission.is_dir():
        raise SubmissionError(f"no such submission: {submission}")
    return {p.stem: p for p in sorted(submission.glob("*.ipynb"))}


def detect_language(files: dict[str, Path], default: str = "ja") -> str:
    for path in files.values():
        nb = _read_notebook(path)
        if not isinstance(nb, str):
            lang = nb.metadata.get("dxquest", {}).get("lang")
            if lang in LANGUAGES:
                return lang
    return default


def stage_submission(
    case: CaseInfo, submission: Path, student: str, lang: str
) -> tuple[Path, list[str]]:
    """Copy what can be graded into the course's ``submitted`` tree, with the submission's
    ``timestamp.txt`` (nbgrader reads the submission time, and so the lateness, from it); returns
    problems found. Everything is read before the tree is emptied: the submission may be that
    very folder (nbgrader's collect puts it there)."""
    files = _notebook_files(submission)
    read = {
        notebook: _read_notebook(files[notebook])
        for notebook in case.notebook_ids
        if notebook in files
    }
    stamp = submission / TIMESTAMP_FILE if submission.is_dir() else None
    timestamp = stamp.read_bytes() if stamp is not None and stamp.is_file() else None
    target = paths.submitted_dir(case.id, student, lang)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if timestamp is not None:
        (target / TIMESTAMP_FILE).write_bytes(timestamp)
    problems = []
    for notebook in case.notebook_ids:
        release_copy = paths.release_dir(case.id, lang) / f"{notebook}.ipynb"
        if notebook not in read:
            problems.append(str(MISSING.format(notebook=notebook).render(lang)))
            continue
        if isinstance(read[notebook], str):
            problems.append(
                str(UNREADABLE.format(notebook=notebook, reason=read[notebook]).render(lang))
            )
            shutil.copy(release_copy, target / f"{notebook}.ipynb")
            continue
        release_nb = nbformat.read(release_copy, as_version=4)
        _drop_unknown_grade_ids(read[notebook], release_nb)
        findings = vet_notebook(read[notebook], release_nb)
        if findings:
            problems += [str(f.message(notebook).render(lang)) for f in findings]
            shutil.copy(release_copy, target / f"{notebook}.ipynb")
        else:
            nbformat.write(read[notebook], target / f"{notebook}.ipynb")
    return target, problems


def grade_submission(
    case: CaseInfo,
    submission: Path,
    *,
    student: str = "learner",
    lang: str | None = None,
    db_url: str | None = None,
    out_dir: Path | None = None,
    limits: Limits | None = None,
) -> GradeReport:
    """Autograde one learner's submission of ``case`` and write feedback plus ``score.json/csv``.

    Every notebook runs in its own sandboxed kernel under ``limits`` (default :class:`Limits`)."""
    if not STUDENT_ID.match(student):
        raise SubmissionError(
            f"student id {student!r} must be letters, digits, '.', '_' or '-' (max 64)"
        )
    files = _notebook_files(submission)
    lang = lang or detect_language(files)
    ensure_release(case, lang, db_url)
    _, problems = stage_submission(case, submission, student, lang)
    ensure_public_data(case)

    policy = grading_policy(case, limits, hidden_inputs_dir(case))
    with tempfile.TemporaryDirectory(prefix="dxquest-predictions-") as predictions_dir:
        sandboxed = partial(
            sandboxed_autograde,
            policy=policy,
            case_id=case.id,
            lang=lang,
            predictions_dir=Path(predictions_dir),
        )
        api = nbgrader_api(lang, db_url, configure=sandboxed)
        run_step(
            api.autograde(case.id, student, force=True, create=True), f"autograde of {student}"
        )
        _enter_leaderboard(case, student, Path(predictions_dir), paths.gradebook_url(lang, db_url))
    return write_feedback(
        case,
        student,
        lang=lang,
        db_url=db_url,
        out_dir=out_dir,
        problems=problems,
        isolation=policy.level.value,
    )


def _enter_leaderboard(case: CaseInfo, student: str, predictions_dir: Path, db_url: str) -> None:
    """Score the hidden holdout predictions the AI task's test cells returned (if any) here, in
    the grader, and record them as leaderboard entries in the same gradebook."""
    for returned in sorted(predictions_dir.glob("*.json")):
        bundle = json.loads(returned.read_text(encoding="utf-8"))
        record_returned_predictions(db_url, case.id, student, bundle)


def _drop_unknown_grade_ids(submitted, release) -> None:
    """A cell whose nbgrader id is not the release's (renamed or invented) is the learner's own
    cell: nbgrader would refuse the whole submission over it."""
    known = {c.metadata.get("nbgrader", {}).get("grade_id") for c in release.cells} - {None}
    for cell in submitted.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") not in known:
            cell.metadata.pop("nbgrader", None)
