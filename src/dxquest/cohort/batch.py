"""Grade a cohort's submissions of one case: every core, resumable, on Dask when asked.

``grade_cohort`` finds the submissions, skips those the gradebook's ledger already holds with the
same files (so re-running is idempotent and a killed batch resumes where it stopped), grades the
rest in parallel and merges each result into the gradebook as soon as it arrives, one writer, one
transaction per submission. Per-submission logs go to ``build/cohort/<lang>/<case>/logs/``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cohort import gradebook
from dxquest.cohort.layout import Submission, extract_archive, find_submissions, is_archive
from dxquest.cohort.runners import run_dask, run_local
from dxquest.cohort.worker import GradingTask
from dxquest.feedback import write_feedback
from dxquest.grade import MISSING, STUDENT_ID
from dxquest.i18n import Msg
from dxquest.marking import hidden_inputs_dir
from dxquest.pipeline import ensure_public_data
from dxquest.release import ensure_release

TIMED_OUT = Msg(
    "採点が {seconds} 秒以内に終わりませんでした（終わらないループなど）。"
    "実行できなかった部分は0点です。ノートブックを上から順に実行して確かめてから再提出してください。",
    "Grading did not finish within {seconds} s (a loop that never ends?); what could not run "
    "scores 0. Run your notebooks top to bottom to check them, then resubmit.",
)
FAILED = Msg(
    "採点中にエラーが起きたため、この提出は0点です（{reason}）。運営者に連絡してください。",
    "Grading this submission failed, so it scores 0 ({reason}). Please contact the operators.",
)
BAD_STUDENT_ID = (
    "folder name {student!r} is not a valid student id (letters, digits, '.', '_' or '-', "
    "max 64): not graded"
)


@dataclass
class SubmissionOutcome:
    student: str
    status: str  # "graded", "error" (scored 0 with a message), "skipped" (already in gradebook)
    auto_score: float | None = None
    auto_max: float | None = None
    message: str = ""
    seconds: float | None = None
    log: str = ""


@dataclass
class CohortResult:
    case: str
    lang: str
    db_url: str
    workers: int
    backend: str  # "processes" or the Dask scheduler address
    seconds: float
    outcomes: list[SubmissionOutcome] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(o.status for o in self.outcomes))

    def to_dict(self) -> dict:
        return asdict(self) | {"counts": self.counts}


def prepare(case: CaseInfo, lang: str, db_url: str) -> Path:
    """Release and public data built, hidden inputs cut, assignment in the cohort gradebook,
    template for the workers' gradebooks. Built here, once, before any worker starts: two workers
    that each built the missing data at once read each other's half-written files."""
    ensure_release(case, lang, db_url)
    ensure_public_data(case)
    hidden_inputs_dir(case)
    gradebook.ensure_ledger(db_url)
    template = paths.cohort_dir(case.id, lang) / "template.db"
    gradebook.make_template(db_url, case.id, template)
    return template


class _BatchLock:
    """One batch per case and language at a time; the OS drops the lock if the batch is killed."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(path, "w")  # noqa: SIM115 (held for the whole batch)

    def __enter__(self):
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise RuntimeError("another batch of this case and language is running") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def _error_message(result: dict, lang: str) -> str:
    if result["status"] == "timeout":
        return TIMED_OUT.format(seconds=result["error"]).render(lang)
    return FAILED.format(reason=result.get("error", "")).render(lang)


@dataclass(frozen=True)
class _Batch:
    """One batch's settings and folders: what every step below needs."""

    case: CaseInfo
    lang: str
    db_url: str
    out_dir: Path  # root of <student>/<case>/score.json

    @property
    def work(self) -> Path:
        return paths.cohort_dir(self.case.id, self.lang)

    def log(self, student: str) -> Path:
        return self.work / "logs" / f"{student}.log"

    def record(
        self, sub: Submission, fingerprint: str, status: str, result: dict | None, message: str
    ) -> SubmissionOutcome:
        """Merge one submission's outcome into the gradebook; one that could not run gets 0 on
        every cell and its learner the message in ``score.json``."""
        seconds = 0.0 if result is None else result.get("seconds")
        score = gradebook.merge(
            self.db_url,
            self.case.id,
            sub.student,
            fingerprint,
            status=status,
            grades=result["grades"] if status == "graded" and result else None,
            message=message,
            seconds=seconds,
            timestamp=sub.timestamp or None,
        )
        if status == "error" or result is None:
            write_feedback(
                self.case,
                sub.student,
                lang=self.lang,
                db_url=self.db_url,
                out_dir=self.out_dir,
                problems=[message],
                html=False,  # nothing ran, so nbgrader has no notebook to build feedback from
            )
        return SubmissionOutcome(
            sub.student, status, *score, message, seconds, str(self.log(sub.student))
        )

    def task(self, sub: Submission, fingerprint: str, template: Path) -> GradingTask:
        return GradingTask(
            case=self.case.id,
            student=sub.student,
            submission=str(sub.path.resolve()),
            lang=self.lang,
            fingerprint=fingerprint,
            build_dir=str(paths.build_dir()),
            courses_dir=str(paths.courses_dir()),
            cohort_config=str(paths.cohort_config() or ""),
            template_db=str(template),
            scratch_db=str(self.work / "scratch" / f"{sub.student}.db"),
            out_dir=str(self.out_dir),
            log=str(self.log(sub.student)),
        )


def grade_cohort(
    case: CaseInfo,
    submissions: Path,
    *,
    lang: str = "ja",
    db_url: str | None = None,
    out_dir: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    timeout: float = 1800.0,
    force: bool = False,
    retry_errors: bool = False,
    progress: bool | None = None,
) -> CohortResult:
    """Grade every learner's submission of ``case`` found under ``submissions``.

    Parameters
    ----------
    submissions : a folder (or .zip/.tar archive) in nbgrader's collect or exchange layout, or one
        folder per learner.
    db_url : cohort gradebook (SQLAlchemy URL); default the course's SQLite gradebook.
    out_dir : root of the learners' ``<student>/<case>/score.json``; default ``build/grades``.
    workers : local processes (default: every core); ignored with ``scheduler``.
    scheduler : a Dask scheduler address (``tcp://host:8786``): grade on that cluster instead.
    timeout : seconds one submission may take in all; past it, it scores 0 with a message.
    force : grade again even what the gradebook already holds with the same files.
    retry_errors : grade again submissions that scored 0 because grading failed or timed out.
    """
    start = time.perf_counter()
    batch = _Batch(case, lang, paths.gradebook_url(lang, db_url), paths.grades_dir(out_dir))
    workers = workers or os.cpu_count() or 1
    with _BatchLock(batch.work / "batch.lock"):
        if is_archive(submissions):
            submissions = extract_archive(submissions, batch.work / "inbox" / submissions.name)
        found = find_submissions(submissions, case.id)
        refused = [
            BAD_STUDENT_ID.format(student=s.student)
            for s in found
            if not STUDENT_ID.match(s.student)
        ]
        found = [s for s in found if STUDENT_ID.match(s.student)]
        template = prepare(case, lang, batch.db_url)
        outcomes, todo = _unfinished(found, batch, force=force, retry_errors=retry_errors)
        for student, (sub, fingerprint) in list(todo.items()):
            if not any(sub.path.glob("*.ipynb")):
                outcomes[student] = _grade_empty(batch, sub, fingerprint)
                del todo[student]

        tasks = [batch.task(sub, fingerprint, template) for sub, fingerprint in todo.values()]
        (batch.work / "logs").mkdir(parents=True, exist_ok=True)
        for task in tasks:
            Path(task.log).unlink(missing_ok=True)  # the log of this attempt only
        if scheduler:
            results = run_dask(tasks, scheduler, timeout)
        else:
            results = run_local(tasks, workers, timeout)
        with contextlib.closing(results):  # stops the workers even when merging fails
            outcomes |= _merge_results(batch, results, todo, progress)

    return CohortResult(
        case=case.id,
        lang=lang,
        db_url=batch.db_url,
        workers=workers if not scheduler else 0,
        backend=scheduler or "processes",
        seconds=round(time.perf_counter() - start, 1),
        outcomes=[outcomes[s] for s in sorted(outcomes)],
        refused=refused,
    )


def _unfinished(
    found: list[Submission], batch: _Batch, *, force: bool, retry_errors: bool
) -> tuple[dict[str, SubmissionOutcome], dict[str, tuple[Submission, str]]]:
    """Skipped outcomes of what the ledger holds with the same files, and the rest to grade."""
    done = gradebook.read_ledger(batch.db_url, batch.case.id)
    outcomes: dict[str, SubmissionOutcome] = {}
    todo: dict[str, tuple[Submission, str]] = {}
    for sub in found:
        fingerprint = sub.fingerprint()
        row = done.get(sub.student)
        if (
            not force
            and row is not None
            and row.fingerprint == fingerprint
            and (row.status == "graded" or not retry_errors)
        ):
            outcomes[sub.student] = SubmissionOutcome(
                sub.student, "skipped", row.auto_score, row.auto_max, row.message, row.seconds
            )
        else:
            todo[sub.student] = (sub, fingerprint)
    return outcomes, todo


def _grade_empty(batch: _Batch, sub: Submission, fingerprint: str) -> SubmissionOutcome:
    """Nothing submitted: nothing to run, so no worker is needed to give it 0 with a message."""
    message = "\n".join(
        MISSING.format(notebook=nb).render(batch.lang) for nb in batch.case.notebook_ids
    )
    outcome = batch.record(sub, fingerprint, "graded", None, message)
    log = batch.log(sub.student)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"[dxquest cohort] {sub.path}: no notebooks\n{message}\n")
    return outcome


def _merge_results(
    batch: _Batch,
    results: Iterable[dict],
    todo: dict[str, tuple[Submission, str]],
    progress: bool | None,
) -> dict[str, SubmissionOutcome]:
    """Each worker's result into the gradebook as soon as it arrives (one writer)."""
    outcomes = {}
    bar = tqdm(
        total=len(todo),
        desc=f"{batch.case.id}: grading",
        unit="submission",
        disable=None if progress is None else not progress,
    )
    for result in results:
        student = result["student"]
        sub, fingerprint = todo[student]
        status = "graded" if result["status"] == "graded" else "error"
        if status == "graded":
            message = "\n".join(result.get("problems", []))
        else:
            message = _error_message(result, batch.lang)
        outcomes[student] = batch.record(sub, fingerprint, status, result, message)
        if status == "error":
            with open(batch.log(student), "a", encoding="utf-8") as f:
                f.write(f"\n[dxquest cohort] {result['status']}: {result.get('error', '')}\n")
        bar.update()
        bar.set_postfix_str(f"{student}: {status}")
    bar.close()
    return outcomes
