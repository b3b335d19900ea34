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
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cohort import gradebook
from dxquest.cohort.layout import Submission, extract_archive, find_submissions, is_archive
from dxquest.course import default_db_url, has_assignment
from dxquest.grade import MISSING, STUDENT_ID, report_from_gradebook, write_report
from dxquest.i18n import Msg
from dxquest.release import release_case

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


def cohort_dir(case_id: str, lang: str) -> Path:
    """Working folder of a case's batches: logs, scratch gradebooks, unpacked archives."""
    return paths.build_dir() / "cohort" / lang / case_id


def prepare(case: CaseInfo, lang: str, db_url: str) -> Path:
    """Release built, assignment in the cohort gradebook, template for the workers' gradebooks."""
    release = paths.release_dir(case.id, lang)
    if not all((release / f"{nb}.ipynb").is_file() for nb in case.notebook_ids):
        release_case(case, lang, db_url)
    if not has_assignment(db_url, case.id):
        # The release exists but was recorded in another gradebook (e.g. SQLite, now PostgreSQL).
        gradebook.copy_assignment(default_db_url(lang), db_url, case.id)
    gradebook.ensure_ledger(db_url)
    template = cohort_dir(case.id, lang) / "template.db"
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


def _write_zero_report(
    case: CaseInfo, student: str, lang: str, db_url: str, message: str, out_dir: Path
) -> None:
    report = report_from_gradebook(case, student, lang, db_url, [message])
    write_report(report, out_dir / student / case.id)


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
    workers : local processes (default: every core); ignored with ``scheduler``.
    scheduler : a Dask scheduler address (``tcp://host:8786``): grade on that cluster instead.
    timeout : seconds one submission may take in all; past it, it scores 0 with a message.
    force : grade again even what the gradebook already holds with the same files.
    retry_errors : grade again submissions that scored 0 because grading failed or timed out.
    """
    start = time.perf_counter()
    db_url = db_url or default_db_url(lang)
    out_dir = (out_dir or paths.build_dir() / "grades").resolve()
    work = cohort_dir(case.id, lang)
    workers = workers or os.cpu_count() or 1
    with _BatchLock(work / "batch.lock"):
        if is_archive(submissions):
            submissions = extract_archive(submissions, work / "inbox" / submissions.name)
        found = find_submissions(submissions, case.id)
        refused = [
            BAD_STUDENT_ID.format(student=s.student)
            for s in found
            if not STUDENT_ID.match(s.student)
        ]
        found = [s for s in found if STUDENT_ID.match(s.student)]
        template = prepare(case, lang, db_url)
        done = gradebook.read_ledger(db_url, case.id)

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

        # Nothing submitted: nothing to run, so no worker is needed to give it 0 with a message.
        for student, (sub, fingerprint) in list(todo.items()):
            if not any(sub.path.glob("*.ipynb")):
                message = "\n".join(
                    MISSING.format(notebook=nb).render(lang) for nb in case.notebook_ids
                )
                score = gradebook.merge(
                    db_url,
                    case.id,
                    student,
                    fingerprint,
                    status="graded",
                    grades=None,
                    message=message,
                    seconds=0.0,
                    timestamp=sub.timestamp or None,
                )
                _write_zero_report(case, student, lang, db_url, message, out_dir)
                log = work / "logs" / f"{student}.log"
                log.parent.mkdir(parents=True, exist_ok=True)
                log.write_text(f"[dxquest cohort] {sub.path}: no notebooks\n{message}\n")
                outcomes[student] = SubmissionOutcome(
                    student, "graded", *score, message, 0.0, str(log)
                )
                del todo[student]

        tasks = [
            {
                "case": case.id,
                "student": sub.student,
                "submission": str(sub.path.resolve()),
                "lang": lang,
                "fingerprint": fingerprint,
                "build_dir": str(paths.build_dir()),
                "template_db": str(template),
                "scratch_db": str(work / "scratch" / f"{sub.student}.db"),
                "out_dir": str(out_dir),
                "log": str(work / "logs" / f"{sub.student}.log"),
            }
            for sub, fingerprint in todo.values()
        ]
        (work / "logs").mkdir(parents=True, exist_ok=True)
        for task in tasks:
            Path(task["log"]).unlink(missing_ok=True)  # the log of this attempt only
        if scheduler:
            from dxquest.cohort.runners import run_dask

            results = run_dask(tasks, scheduler, timeout)
        else:
            from dxquest.cohort.runners import run_local

            results = run_local(tasks, workers, timeout)

        bar = tqdm(
            total=len(tasks),
            desc=f"{case.id}: grading",
            unit="submission",
            disable=None if progress is None else not progress,
        )
        with contextlib.closing(results):  # stops the workers even when merging fails
            for result in results:
                student = result["student"]
                sub, fingerprint = todo[student]
                log = str(work / "logs" / f"{student}.log")
                status = "graded" if result["status"] == "graded" else "error"
                if status == "graded":
                    message = "\n".join(result.get("problems", []))
                else:
                    message = _error_message(result, lang)
                score = gradebook.merge(
                    db_url,
                    case.id,
                    student,
                    fingerprint,
                    status=status,
                    grades=result["grades"] if status == "graded" else None,
                    message=message,
                    seconds=result.get("seconds"),
                    timestamp=sub.timestamp or None,
                )
                if status == "error":
                    _write_zero_report(case, student, lang, db_url, message, out_dir)
                    with open(log, "a", encoding="utf-8") as f:
                        f.write(
                            f"\n[dxquest cohort] {result['status']}: {result.get('error', '')}\n"
                        )
                outcomes[student] = SubmissionOutcome(
                    student, status, *score, message, result.get("seconds"), log
                )
                bar.update()
                bar.set_postfix_str(f"{student}: {status}")
        bar.close()

    return CohortResult(
        case=case.id,
        lang=lang,
        db_url=db_url,
        workers=workers if not scheduler else 0,
        backend=scheduler or "processes",
        seconds=round(time.perf_counter() - start, 1),
        outcomes=[outcomes[s] for s in sorted(outcomes)],
        refused=refused,
    )
