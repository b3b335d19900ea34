"""A program year of one case, measured (``dxquest bench-cohort``).

N synthetic learners submit the case's release; their shares (:data:`KIND_SHARES`, at least one
of each kind):

* strong: every answer complete. Code from the case's honest writers
  (:mod:`dxquest.similarity.honest`: each learner their own way of writing it) where the case has
  them, the reference solution elsewhere; free text meeting every rubric criterion.
* weak: the first half of those code answers (notebook order), the release's stubs for the rest;
  free text meeting only the first criterion of each question.
* broken: every notebook cut off halfway through its JSON, as a crashed save leaves it (it fails
  to parse), or, taking turns, every code answer raising an error.
* hanging: a strong submission whose first code answer in every notebook starts with a loop that
  never ends. nbgrader interrupts a cell after 180 s and runs the rest, so such a submission runs
  180 s per notebook at least; the batch's time limit (``timeout``, shorter than that) stops it
  and scores it 0.

The year's stages run on them as operators run them: the cohort batch grades every submission,
peers are assigned and review (every reviewer fair, with a few slips: :func:`fill_form`), the
median peer scores become grades and the feedback is written again, item statistics, the
similarity review (an operator clears its flags: synthetic learners share code by construction)
and badges. Each stage is timed; the peak memory of this process and every process it started is
sampled throughout.

Then a seeded sample of the submissions (one of each kind at least) is graded again, one after
another, each by ``dxquest grade`` (nbgrader's autograde through the kit's sandboxed grader, the
one-learner path) in a fresh process, a course and gradebook of its own, under the same time
limit; a run the limit stops scores 0 on every test, the batch's rule. The batch's tests must score
exactly what these serial runs score.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import numpy as np
import psutil
import sqlalchemy as sa
from nbgrader.api import MissingEntry

from dxquest import paths
from dxquest.badges import issue_badges
from dxquest.caseinfo import CaseInfo, get_case
from dxquest.cohort.batch import grade_cohort
from dxquest.cohort.gradebook import (
    ensure_ledger,
    extract_grades,
    merge,
    read_ledger,
    sqlite_url,
)
from dxquest.cohort.projection import project_year
from dxquest.cohort.runners import kill_tree
from dxquest.cohort_demo import fill_form, review_and_clear, synthetic_answer
from dxquest.course import copy_assignment, read_scores
from dxquest.paths import COHORT_CONFIG_ENV, COURSES_ENV
from dxquest.peer import aggregate_round, assign_round, export_round, import_reviews
from dxquest.pipeline import build_data
from dxquest.release import ensure_release
from dxquest.rubric import Rubric, load_rubric
from dxquest.similarity.honest import CASES as HONEST_CASES
from dxquest.similarity.honest.cells import honest_cells
from dxquest.similarity.review import solution_answers
from dxquest.stats import write_item_report
from dxquest.threads import ONE_THREAD_ENV

DEFAULT_CASE = "effort_prediction"  # the cheapest real case to grade
KIND_SHARES = {"strong": 0.6, "weak": 0.3, "broken": 0.05, "hanging": 0.05}
HANG = "while True:  # never ends: the batch's time limit must stop it\n    pass\n"
BROKEN_CODE = 'raise RuntimeError("unfinished")\n'
BENCH_CLEARING = "bench: synthetic learners share code by construction"


def learner_kinds(n: int, seed: int) -> dict[str, str]:
    """Learner id → kind: every kind but strong at its share of ``n`` (at least one), strong the
    rest, in a seeded order."""
    if n < len(KIND_SHARES):
        raise ValueError(f"at least {len(KIND_SHARES)} learners: one of each kind")
    counts = {kind: max(1, round(share * n)) for kind, share in KIND_SHARES.items()}
    counts["strong"] = n - sum(v for k, v in counts.items() if k != "strong")
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    random.Random(f"dxquest-bench-cohort:{seed}").shuffle(kinds)
    return {f"learner-{i:04d}": kind for i, kind in enumerate(kinds)}


def strong_code(
    case: CaseInfo, release: dict[str, str], reference: dict[str, str], rng: np.random.Generator
) -> dict[str, str]:
    """A strong learner's code answers by grade id, in notebook order."""
    if case.id not in HONEST_CASES:
        return dict(reference)
    own = honest_cells(case.id, release, rng)
    return {q: own.get(q, code) for q, code in reference.items()}


def _code_answers(kind: str, strong: dict[str, str], firsts: list[str]) -> dict[str, str]:
    """The code answers of ``kind``; ``firsts``: each notebook's first code answer."""
    if kind == "weak":
        return dict(list(strong.items())[: len(strong) // 2])
    if kind == "broken":
        return {q: BROKEN_CODE for q in strong}
    if kind == "hanging":
        return strong | {q: HANG + strong[q] for q in firsts}
    return strong


_CRITERIA_MET = {"strong": "all", "hanging": "all", "weak": "first", "broken": "none"}


def write_learner(
    case: CaseInfo,
    rubric: Rubric,
    folder: Path,
    kind: str,
    code: dict[str, str],
    firsts: list[str],
    lang: str,
    *,
    unparseable: bool = False,
) -> None:
    """One learner's folder of notebooks (``firsts``: each notebook's first code answer;
    ``unparseable``: every notebook cut off halfway through its JSON)."""
    folder.mkdir(parents=True)
    answers = _code_answers(kind, code, firsts) | {
        q.grade_id: synthetic_answer(q.criteria, _CRITERIA_MET[kind], lang)
        for q in rubric.questions
    }
    for notebook in case.notebook_ids:
        nb = nbformat.read(paths.release_dir(case.id, lang) / f"{notebook}.ipynb", as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
        text = nbformat.writes(nb)
        if unparseable:
            text = text[: len(text) // 2]
        (folder / f"{notebook}.ipynb").write_text(text, encoding="utf-8")


def write_cohort(case: CaseInfo, kinds: dict[str, str], root: Path, lang: str, seed: int) -> None:
    rubric = load_rubric(case)
    notebooks = [f"{nb}.ipynb" for nb in case.notebook_ids]
    release = solution_answers(paths.release_dir(case.id, lang) / nb for nb in notebooks)
    reference = solution_answers(paths.notebooks_dir(case.id, lang) / nb for nb in notebooks)
    per_notebook = [solution_answers([paths.release_dir(case.id, lang) / nb]) for nb in notebooks]
    firsts = [next(iter(answers)) for answers in per_notebook if answers]
    broken = 0  # broken learners take turns: unparseable, then raising
    for index, (student, kind) in enumerate(kinds.items()):
        rng = np.random.default_rng([seed, index])
        code = strong_code(case, release, reference, rng)
        unparseable = kind == "broken" and broken % 2 == 0
        broken += kind == "broken"
        write_learner(
            case, rubric, root / student, kind, code, firsts, lang, unparseable=unparseable
        )


# --- measuring ----------------------------------------------------------------------------------


class TreeMemory:
    """Peak resident memory (RSS) of this process plus every process it started (workers, their
    kernels, a local Dask cluster), summed and sampled every ``interval`` seconds. Pages shared
    between processes count once per process, so the figure errs high."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self._sample())

    def __enter__(self) -> TreeMemory:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def gradebook_size(db_url: str) -> dict:
    """Rows in every table and bytes on disk (SQLite: the file; PostgreSQL: the database)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as db:
            tables = sa.inspect(db).get_table_names()
            rows = sum(
                db.execute(sa.select(sa.func.count()).select_from(sa.table(t))).scalar_one()
                for t in tables
            )
            if engine.dialect.name == "postgresql":
                size = db.execute(sa.text("SELECT pg_database_size(current_database())"))
                size_bytes = int(size.scalar_one())
            else:
                size_bytes = Path(engine.url.database).stat().st_size
    finally:
        engine.dispose()
    return {"rows": rows, "bytes": size_bytes}


class _Clock:
    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = round(now - self._start, 1)
        self._start = now


@contextlib.contextmanager
def _grading_backend(dask: bool, workers: int) -> Iterator[str | None]:
    """None (the batch's own process pool) or the address of a local Dask cluster of
    ``workers`` single-threaded worker processes."""
    if not dask:
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster:
        yield cluster.scheduler_address


# --- the serial reference -----------------------------------------------------------------------


def serial_sample(kinds: dict[str, str], k: int, seed: int) -> list[str]:
    """``k`` learners drawn with a seed, one of each kind first."""
    rng = random.Random(f"dxquest-bench-cohort-sample:{seed}")
    by_kind: dict[str, list[str]] = {}
    for student, kind in kinds.items():
        by_kind.setdefault(kind, []).append(student)
    chosen = [rng.choice(students) for students in by_kind.values()]
    rest = [s for s in kinds if s not in chosen]
    chosen += rng.sample(rest, max(0, min(k, len(kinds)) - len(chosen)))
    return sorted(chosen)


def _test_scores(db_url: str, case_id: str, student: str) -> dict[str, float]:
    """Every test's score by ``notebook/grade_id``; none when no grade is recorded."""
    try:
        cells = read_scores(db_url, case_id, student)
    except MissingEntry:
        return {}
    return {f"{c.notebook}/{c.grade_id}": c.score for c in cells if c.kind == "auto"}


def grade_serially(
    case: CaseInfo,
    students: list[str],
    submissions: Path,
    work: Path,
    lang: str,
    batch_course: Path,
    batch_db: str,
    timeout: float,
) -> dict:
    """Grade ``students`` one after another with ``dxquest grade`` in a course of their own (its
    release copied from ``batch_course``) and compare every test's score with the batch's
    gradebook."""
    dxquest = Path(sys.executable).with_name("dxquest")
    course = work / "serial-course"
    seconds: dict[str, float] = {}
    stopped: list[str] = []
    mismatches: dict[str, dict] = {}
    with paths.own_courses(course):
        serial_db = paths.gradebook_url(lang)
        paths.course_dir(lang).mkdir(parents=True, exist_ok=True)
        for folder in ("source", "release"):  # the same release, so nothing is built again
            shutil.copytree(batch_course / folder, paths.course_dir(lang) / folder)
        copy_assignment(batch_db, serial_db, case.id)
        env = os.environ | ONE_THREAD_ENV | {COURSES_ENV: str(course), COHORT_CONFIG_ENV: ""}
        log = work / "serial.log"
        for student in students:
            command = [
                str(dxquest),
                "grade",
                case.id,
                str(submissions / student),
                f"--student={student}",
                f"--lang={lang}",
                f"--out={work / 'serial-grades'}",
            ]
            start = time.perf_counter()
            with open(log, "a", encoding="utf-8") as out:
                proc = subprocess.Popen(
                    command, stdout=out, stderr=out, env=env, start_new_session=True
                )
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    kill_tree(proc.pid)
                    stopped.append(student)
            seconds[student] = round(time.perf_counter() - start, 1)
            batch = _test_scores(batch_db, case.id, student)
            serial = (
                dict.fromkeys(batch, 0.0)  # the batch's rule for a run past the limit
                if student in stopped
                else _test_scores(serial_db, case.id, student)
            )
            if serial != batch:
                differing = sorted(
                    k for k in batch.keys() | serial.keys() if batch.get(k) != serial.get(k)
                )
                mismatches[student] = {
                    cell: {"batch": batch.get(cell), "serial": serial.get(cell)}
                    for cell in differing
                }
    return {"seconds": seconds, "stopped": stopped, "mismatches": mismatches}


def writer_seconds(case: CaseInfo, students: list[str], db_url: str, scratch: Path) -> float:
    """Seconds the batch's one gradebook writer takes per submission: ``students``' grades, read
    back from the gradebook, merged again into a scratch SQLite gradebook of the assignment."""
    url = sqlite_url(scratch)
    copy_assignment(db_url, url, case.id)
    ensure_ledger(url)
    grades = {student: extract_grades(db_url, case.id, student) for student in students}
    start = time.perf_counter()
    for student in students:
        merge(url, case.id, student, "writer-timing", status="graded", grades=grades[student])
    return (time.perf_counter() - start) / len(students)


# --- the year -----------------------------------------------------------------------------------


def _by_kind(kinds: dict[str, str], ledger: dict) -> dict[str, dict]:
    """Per kind: learners, graded, scored 0, mean share of the autograded points."""
    summary: dict[str, dict] = {}
    for kind in KIND_SHARES:
        rows = [ledger[s] for s, k in kinds.items() if k == kind and s in ledger]
        shares = [r.auto_score / r.auto_max for r in rows if r.auto_max]
        summary[kind] = {
            "learners": sum(k == kind for k in kinds.values()),
            "graded": len(rows),
            "scored_0": sum(r.auto_score == 0 for r in rows),
            "mean_share": round(sum(shares) / len(shares), 3) if shares else None,
            "statuses": dict(Counter(r.status for r in rows)),
        }
    return summary


def bench_cohort(
    learners: int = 50,
    *,
    case_id: str = DEFAULT_CASE,
    workers: int = 2,
    dask: bool = False,
    gradebook_url: str | None = None,
    serial_sample_size: int = 6,
    timeout: float = 300.0,
    seed: int = 0,
    lang: str = "ja",
    work_dir: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> dict:
    """Run a program year of ``learners`` synthetic learners of ``case_id`` and measure it.

    Parameters
    ----------
    workers : grading processes (the batch's pool, or a local Dask cluster's workers with
        ``dask``); peer feedback and the similarity review use as many.
    gradebook_url : an empty gradebook to fill (e.g. PostgreSQL); default a SQLite one in the
        bench's own course under ``work_dir`` (default ``build/bench-cohort``, emptied first).
    serial_sample_size : learners graded again serially to compare with the batch.
    timeout : seconds a submission may take in the batch and in the serial runs (a serial run's
        include its process's start); below 180 s per notebook, nbgrader's per-cell limit, so it
        stops the loops that never end.
    """
    say = log or (lambda _: None)
    load = os.getloadavg()
    case = get_case(case_id)
    work = (work_dir or paths.build_dir() / "bench-cohort").resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    submissions = work / "submissions"
    kinds = learner_kinds(learners, seed)
    clock = _Clock()
    with paths.own_courses(work / "course"), TreeMemory() as memory:
        db_url = paths.gradebook_url(lang, gradebook_url)
        build_data(case)
        ensure_release(case, lang, db_url)
        write_cohort(case, kinds, submissions, lang, seed)
        clock.lap("prepare")
        say(f"{learners} learners of {case.id}: {dict(Counter(kinds.values()))}")

        with _grading_backend(dask, workers) as scheduler:
            if dask:
                clock.lap("cluster_start")
            graded = grade_cohort(
                case,
                submissions,
                lang=lang,
                db_url=db_url,
                out_dir=work / "grades",
                workers=workers,
                scheduler=scheduler,
                timeout=timeout,
                progress=log is not None,
            )
        clock.lap("grade")
        say(f"graded: {graded.counts} in {graded.seconds} s on {graded.backend}")

        rubric = load_rubric(case)
        assignment = assign_round(case, lang=lang, db_url=db_url, k=3, seed=seed)
        exported = export_round(case, lang=lang, db_url=db_url, out_dir=work / "peer")
        for form in exported.forms:
            rng = random.Random(f"dxquest-bench-cohort:{seed}:{form.stem}")
            fill_form(form, work / "peer" / "packets", rubric, "fair", lang, rng)
        imported = import_reviews(case, exported.forms, lang=lang, db_url=db_url)
        clock.lap("peer_review")
        aggregated = aggregate_round(
            case, lang=lang, db_url=db_url, out_dir=work / "grades", workers=workers
        )
        clock.lap("peer_aggregate")
        stats = write_item_report(case, lang=lang, db_url=db_url, out_html=work / "stats.html")
        clock.lap("item_stats")
        flagged, standing = review_and_clear(case, work, lang, BENCH_CLEARING, workers)
        clock.lap("similarity")
        badges = issue_badges(
            case,
            lang=lang,
            db_url=db_url,
            out_dir=work / "badges",
            issued_on=dt.date.today(),
            similarity=standing,
        )
        clock.lap("badges")
        say(f"stages: {clock.stages}")

        ledger = read_ledger(db_url, case.id)
        size = gradebook_size(db_url)
        year_seconds = sum(v for k, v in clock.stages.items() if k != "prepare")
        sample = serial_sample(kinds, serial_sample_size, seed)
        say(f"grading {len(sample)} learners serially to compare: {sample}")
        serial_start = time.perf_counter()
        serial = grade_serially(
            case, sample, submissions, work, lang, paths.course_dir(lang), db_url, timeout
        )
        serial["total_seconds"] = round(time.perf_counter() - serial_start, 1)
        writer = writer_seconds(case, sample, db_url, work / "writer-timing.db")

    lost = sorted(set(kinds) - set(ledger))
    result = {
        "case": case.id,
        "lang": lang,
        "learners": learners,
        "graded": learners - len(lost),
        "lost": len(lost),
        "lost_learners": lost,
        "seconds_per_submission": round(year_seconds / learners, 2),
        "grade_seconds_per_submission": round(clock.stages["grade"] / learners, 2),
        "stages": clock.stages,
        "peak_rss_mb": round(memory.peak / 2**20),
        "peak_rss_measured": (
            "RSS of this process and every process it started (grading workers, kernels, a "
            "local Dask cluster), summed, sampled every 0.2 s; shared pages count per process"
        ),
        "gradebook": "postgresql" if db_url.startswith("postgresql") else "sqlite",
        "gradebook_bytes": size["bytes"],
        "gradebook_rows": size["rows"],
        "gradebook_equal_to_serial": not serial["mismatches"],
        "serial_sample": {
            "learners": sample,
            "kinds": {s: kinds[s] for s in sample},
            "seed": seed,
            "seconds": serial["seconds"],
            "stopped_by_limit": serial["stopped"],
            "mismatches": serial["mismatches"],
            "total_seconds": serial["total_seconds"],
            "how": (
                "each learner graded alone, one after another, by `dxquest grade` in a fresh "
                "process with a course and gradebook of its own, under the same time limit (a "
                "run past it scores 0 on every test); every test's score compared"
            ),
        },
        "writer_seconds_per_submission": round(writer, 3),
        "workers": workers,
        "backend": "dask" if dask else "processes",
        "time_limit_seconds": timeout,
        "kind_shares": KIND_SHARES,
        "by_kind": _by_kind(kinds, ledger),
        "peer": {
            "reviewed_submissions": len(assignment.aliases),
            "reviews": imported.reviews,
            "rejected_forms": len(imported.rejected),
            "flagged_reviewers": len(aggregated.flags),
        },
        "item_stats_learners": stats.students,
        "similarity_flagged": len(flagged),
        "badges_issued": sum(b.completed for b in badges),
        "load_1_5_15_min_at_start": [round(x, 2) for x in load],
    }
    result["projection"] = project_year(result)
    return result
