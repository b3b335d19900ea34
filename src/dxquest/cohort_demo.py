"""The whole cohort round trip on a small synthetic cohort (``dxquest cohort demo``).

Six learners of one case, each submitting the release with some of its answers filled in: two
strong (the reference solution to every code question, free text meeting every rubric criterion),
two middling (the reference solution to the first half of the code questions, in notebook order,
the release's stubs for the rest, free text meeting only the first criterion of each question),
one weak (the untouched release, vague free text) and one who never submits. The operator first
imports their roster (names and e-mail, saved by Japanese Excel in cp932) into a course of the
demo's own, whose cohort settings give the case a due date: one middling learner submits a day and
two hours late (nbgrader's ``timestamp.txt``) and loses two days' late penalty. The submissions
go through the real path: ``grade_cohort`` autogrades them, peers are assigned, packets and forms
are exported, and simulated reviewers fill the forms in by reading the packets:

* a fair reviewer gives a criterion its top level when the answer states what that level asks
  (the synthetic answers quote the rubric's top-level descriptions), else the lowest level, and
  slips to another level on a few rows (seeded);
* one middling learner never reviews; one strong learner reviews carelessly (another level than
  the answer deserves on most rows) and should be flagged as an outlier;
* the weak learner first returns a form with a value that is not a rubric level: it is rejected
  with a message, and the corrected form is imported.

Then the median peer scores become nbgrader's manual grades, feedback is written again, the
similarity review reads the submissions (it flags the strong learners: their code is the reference
solution; the simulated operator clears them, saying so), and badges are issued to the learners who
meet every completion gate and verified with :mod:`dxquest.badges`.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from dxquest import paths
from dxquest.badges import export_completion_csv, issue_badges, operators_dir, verify_badge
from dxquest.caseinfo import CaseInfo, get_case
from dxquest.cohort.batch import grade_cohort
from dxquest.cohort.roster import COLUMNS as ROSTER_COLUMNS
from dxquest.cohort.roster import import_roster
from dxquest.course import late_penalty, read_scores
from dxquest.excel_csv import write_rows
from dxquest.grade import TIMESTAMP_FILE
from dxquest.i18n import Msg
from dxquest.peer import aggregate_round, assign_round, export_round, import_reviews
from dxquest.peer.forms import read_form_rows, write_form_rows
from dxquest.peer.store import load_reviews
from dxquest.pipeline import build_data
from dxquest.release import release_case
from dxquest.rubric import Criterion, Rubric, load_rubric
from dxquest.similarity.decisions import read_decisions, record_decision, similarity_flags
from dxquest.similarity.review import review_cohort
from dxquest.similarity.standing import SimilarityStanding, standing

DEMO_CASE = "demand_forecast"
VAGUE_ANSWER = Msg(
    "AIを使って業務を効率化し、コストを下げます。",
    "We will use AI to work more efficiently and cut costs.",
)


@dataclass(frozen=True)
class Learner:
    student: str
    code: str  # answers: "reference" (all), "half" (the first half) or "release" (none); "none":
    # no submission
    criteria_met: str  # "all", "first" (of each question) or "none" of the rubric's criteria
    reviews: str  # "fair", "careless", "never" or "fixes_a_bad_form"
    last_name: str
    first_name: str
    late: bool = False  # submitted after the due date

    @property
    def email(self) -> str:
        return f"{self.student}@example.jp"


LEARNERS = (
    Learner("demo-aiko", "reference", "all", "fair", "青木", "愛子"),
    Learner("demo-daichi", "reference", "all", "careless", "土屋", "大地"),
    Learner("demo-emi", "half", "first", "fair", "江口", "恵美", late=True),
    Learner("demo-haru", "half", "first", "never", "原", "陽"),
    Learner("demo-kenta", "release", "none", "fixes_a_bad_form", "木村", "健太"),
    Learner("demo-noa", "none", "none", "never", "野口", "乃愛"),
)
DUE = dt.datetime(2025, 7, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=9)))
LATE_BY = dt.timedelta(days=1, hours=2)  # two days of the late policy
COHORT_SETTINGS = f"""\
# The demo cohort's settings: a due date for its case and a late policy of 10 % a day.
[deadline.{{case}}]
due = {DUE.isoformat()}
penalty_per_day = 0.1
max_penalty = 0.5
"""
# Share of rows on which a reviewer gives another level than the answer deserves.
SLIP_RATE = {"fair": 0.05, "fixes_a_bad_form": 0.05, "careless": 0.75}


@dataclass
class LearnerOutcome:
    student: str
    auto_score: float
    auto_max: float
    peer_score: float | None
    peer_max: float
    late_penalty: float  # points the late policy took off (nbgrader's late-submission plugin)


@dataclass
class DemoResult:
    case: str
    lang: str
    work_dir: str
    course_dir: str  # the demo's own nbgrader course (plain nbgrader commands work there)
    db_url: str
    learners: int
    graded: int
    roster_imported: int
    reviews_assigned: int  # (submission, reviewer) pairs
    reviews_imported: int  # (submission, reviewer) pairs stored from accepted forms
    forms_rejected: dict[str, list[str]]
    flagged_reviewers: dict[str, str]
    outcomes: list[LearnerOutcome]
    similarity_flagged: list[str] = field(default_factory=list)  # learners the review flagged
    badges_issued: int = 0
    badges_verified: int = 0
    badges: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict:
        """The counts the issue asks for, then what else a reader wants to check."""
        return {
            "learners": self.learners,
            "roster_imported": self.roster_imported,
            "graded": self.graded,
            "reviews_assigned": self.reviews_assigned,
            "reviews_imported": self.reviews_imported,
            "badges_issued": self.badges_issued,
            "badges_verified": self.badges_verified,
            "flagged_reviewers": self.flagged_reviewers,
            "similarity_flagged": self.similarity_flagged,
            "forms_rejected": sorted(self.forms_rejected),
            "seconds": self.seconds,
        }

    def to_dict(self) -> dict:
        return asdict(self)


# --- synthetic submissions ----------------------------------------------------------------------


def _met(criteria_met: str, index: int) -> bool:
    return criteria_met == "all" or (criteria_met == "first" and index == 0)


def synthetic_answer(criteria: tuple[Criterion, ...], criteria_met: str, lang: str) -> str:
    """A free-text answer stating what the top level of each met criterion asks for."""
    sentences = [
        max(c.levels, key=lambda level: level.points).description.render(lang)
        for i, c in enumerate(criteria)
        if _met(criteria_met, i)
    ]
    return "\n\n".join(sentences) or VAGUE_ANSWER.render(lang)


def write_submission(
    case: CaseInfo, rubric: Rubric, learner: Learner, root: Path, lang: str
) -> Path:
    """The learner's folder (one folder per learner): notebooks with their code and free text,
    and nbgrader's ``timestamp.txt`` (in UTC, as nbgrader's exchange writes it)."""
    folder = root / learner.student
    folder.mkdir(parents=True)
    if learner.code == "none":
        return folder
    submitted = DUE + LATE_BY if learner.late else DUE - dt.timedelta(days=1)
    stamp = submitted.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    (folder / TIMESTAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
    answers = {
        q.grade_id: synthetic_answer(q.criteria, learner.criteria_met, lang)
        for q in rubric.questions
    }
    solutions = _reference_code(case, lang)
    # "half" answers the first half of the code questions, so it scores between nothing and full
    # marks whatever the number of notebooks (the template case has one).
    answered = {"reference": len(solutions), "half": len(solutions) // 2}.get(learner.code, 0)
    code = dict(solutions[:answered])
    for notebook in case.notebook_ids:
        nb = nbformat.read(paths.release_dir(case.id, lang) / f"{notebook}.ipynb", as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
            elif (notebook, grade_id) in code:
                cell.source = code[notebook, grade_id]
        nbformat.write(nb, folder / f"{notebook}.ipynb")
    return folder


def _reference_code(case: CaseInfo, lang: str) -> list[tuple[tuple[str, str], str]]:
    """The reference solution's code answers, ``((notebook, grade_id), source)`` in notebook
    order."""
    solutions = []
    for notebook in case.notebook_ids:
        nb = nbformat.read(paths.notebooks_dir(case.id, lang) / f"{notebook}.ipynb", as_version=4)
        solutions += [
            ((notebook, cell.metadata["nbgrader"]["grade_id"]), cell.source)
            for cell in nb.cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
        ]
    return solutions


def write_roster(path: Path) -> None:
    """The learners' roster as Japanese Excel saves a CSV (cp932), with the kit's headers."""
    write_rows(
        path,
        ROSTER_COLUMNS,
        ([x.student, x.last_name, x.first_name, x.email] for x in LEARNERS),
        encoding="cp932",
    )


# --- simulated reviewers ------------------------------------------------------------------------

_ANSWER = re.compile(r'<div class="answer" data-grade-id="([^"]+)">(.*?)</div>', re.S)


def read_packet(path: Path) -> dict[str, str]:
    """``{grade_id: answer}`` as a reviewer reads it in a packet (the page unescaped)."""
    return {
        html.unescape(grade_id): html.unescape(text)
        for grade_id, text in _ANSWER.findall(path.read_text(encoding="utf-8"))
    }


def fill_form(
    form: Path, packets: Path, rubric: Rubric, style: str, lang: str, rng: random.Random
) -> None:
    """Fill in a reviewer's form in ``style`` (a key of ``SLIP_RATE``), reading the packets."""
    rows = read_form_rows(form)
    answers: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["submission"] not in answers:
            answers[row["submission"]] = read_packet(packets / f"{row['submission']}.html")
        criterion = next(
            c for c in rubric.question(row["grade_id"]).criteria if c.id == row["criterion"]
        )
        top = max(criterion.levels, key=lambda level: level.points)
        answer = answers[row["submission"]].get(row["grade_id"], "")
        deserved = (
            top.points if top.description.render(lang) in answer else min(criterion.allowed_points)
        )
        if rng.random() < SLIP_RATE[style]:
            points = rng.choice([p for p in criterion.allowed_points if p != deserved])
        else:
            points = deserved
        row["points"] = f"{points:g}"
    write_form_rows(form, rows)


def _spoil(form: Path) -> None:
    """A typo a reviewer makes: a value that is no level of the rubric on the first row."""
    rows = read_form_rows(form)
    rows[0]["points"] = "7"
    write_form_rows(form, rows)


# --- the round trip -----------------------------------------------------------------------------


DEMO_CLEARING = "demo: the synthetic learners are built from the reference solution on purpose"


def review_and_clear(
    case: CaseInfo, work: Path, lang: str, note: str, workers: int | None = None
) -> tuple[list[str], SimilarityStanding]:
    """Review the submissions in ``work/submissions`` as operators do; a simulated operator clears
    every flag with ``note`` (in ``work/similarity/decisions.csv``): synthetic learners share code
    by construction, they are not copiers. Returns the flagged learners and their standing."""
    review = review_cohort(case, work / "submissions", lang=lang, workers=workers)
    decisions = work / "similarity" / "decisions.csv"
    flagged = [flag.student for flag in similarity_flags(review, [])]
    for student in flagged:
        record_decision(decisions, student, note=note)
    return flagged, standing(review.learners, review.flagged, read_decisions(decisions))


def _similarity(case: CaseInfo, work: Path, lang: str, result: DemoResult) -> SimilarityStanding:
    """The demo's learners are the reference solution by construction: every flag is cleared."""
    result.similarity_flagged, cleared = review_and_clear(case, work, lang, DEMO_CLEARING)
    return cleared


def _badges(
    db_url: str,
    case: CaseInfo,
    out_dir: Path,
    similarity: SimilarityStanding,
    result: DemoResult,
) -> None:
    issued = issue_badges(
        case, db_url=db_url, out_dir=out_dir, issued_on=dt.date.today(), similarity=similarity
    )
    # The completion list names learners: the operators' folder, never the published one.
    export_completion_csv(issued, operators_dir(out_dir) / case.id / "completion.csv")
    result.badges = [
        {
            "student": b.student,
            "completed": b.completed,
            "status": b.status,
            "missing_gates": list(b.missing_gates),
            "score_share": b.score_share,
            "assertion": str(b.assertion_path) if b.assertion_path else None,
            "png": str(b.png_path) if b.png_path else None,
        }
        for b in issued
    ]
    with_badge = [b for b in issued if b.assertion_path is not None]
    result.badges_issued = len(with_badge)
    result.badges_verified = sum(
        verify_badge(b.assertion_path) and (b.png_path is None or verify_badge(b.png_path))
        for b in with_badge
    )


@dataclass
class PeerRound:
    reviews_assigned: int
    reviews_imported: int
    rejected: dict[str, list[Msg]]


def peer_round(
    case: CaseInfo, rubric: Rubric, db_url: str, work: Path, *, seed: int, lang: str, say
) -> PeerRound:
    """Assign, export, let the simulated reviewers fill in their forms, import them."""
    assignment = assign_round(case, lang=lang, db_url=db_url, k=3, seed=seed)
    exported = export_round(case, lang=lang, db_url=db_url, out_dir=work / "peer")
    say(
        f"peer review: {len(assignment.aliases)} submissions x {assignment.k} reviewers; "
        f"{len(exported.packets)} packets, {len(exported.forms)} forms"
    )
    styles = {learner.student: learner.reviews for learner in LEARNERS}
    returned = [form for form in exported.forms if styles[form.stem] != "never"]
    rejected: dict[str, list[Msg]] = {}
    for form in returned:
        style = styles[form.stem]
        rng = random.Random(f"dxquest-demo:{seed}:{form.stem}")
        fill_form(form, work / "peer" / "packets", rubric, style, lang, rng)
        if style == "fixes_a_bad_form":
            good = form.read_bytes()
            _spoil(form)
            rejected |= import_reviews(case, [form], lang=lang, db_url=db_url).rejected
            form.write_bytes(good)
    for name, problems in rejected.items():
        say(f"  rejected {name}: {problems[0].render(lang)} (then corrected)")
    imported = import_reviews(case, returned, lang=lang, db_url=db_url)
    rejected |= imported.rejected
    return PeerRound(
        reviews_assigned=sum(len(rs) for rs in assignment.reviewers.values()),
        reviews_imported=len({(r.reviewer, r.author) for r in load_reviews(db_url, case.id)}),
        rejected=rejected,
    )


def _outcomes(graded, case: CaseInfo, db_url: str, say) -> list[LearnerOutcome]:
    outcomes = []
    for o in graded.outcomes:
        manual = [c for c in read_scores(db_url, case.id, o.student) if c.kind == "manual"]
        peer_max = sum(c.max_score for c in manual)
        peer = None if any(c.score is None for c in manual) else sum(c.score for c in manual)
        late = late_penalty(db_url, case.id, o.student)
        outcomes.append(LearnerOutcome(o.student, o.auto_score, o.auto_max, peer, peer_max, late))
        peer_text = "-" if peer is None else f"{peer:g}/{peer_max:g}"
        late_text = f", late penalty -{late:g}" if late else ""
        say(
            f"  {o.student:14s} autograded {o.auto_score:g}/{o.auto_max:g}, peer {peer_text}"
            + late_text
        )
    return outcomes


def run_demo(
    *,
    seed: int = 0,
    lang: str = "ja",
    case_id: str = DEMO_CASE,
    work_dir: Path | None = None,
    workers: int = 2,
    log: Callable[[str], None] | None = None,
) -> DemoResult:
    """Run the round trip in ``work_dir`` (emptied first; default ``build/cohort-demo/<lang>``).

    Its learners are no cohort's: it grades them in an nbgrader course of its own
    (``<work_dir>/course/<lang>``, with its gradebook), never in the operator's."""
    work = (work_dir or paths.build_dir() / "cohort-demo" / lang).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    settings = work / "cohort.toml"
    settings.write_text(COHORT_SETTINGS.format(case=case_id), encoding="utf-8")
    with paths.own_courses(work / "course", cohort_config=settings):
        return _round_trip(get_case(case_id), work, seed, lang, workers, log or (lambda _: None))


def _round_trip(
    case: CaseInfo, work: Path, seed: int, lang: str, workers: int, say: Callable[[str], None]
) -> DemoResult:
    rubric = load_rubric(case)
    db_url = paths.gradebook_url(lang)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        seconds[step] = round(time.perf_counter() - clock, 1)
        clock = time.perf_counter()

    build_data(case)
    release_case(case, lang)
    write_roster(work / "roster.csv")
    roster = import_roster(work / "roster.csv", lang=lang)
    say(f"roster: {len(roster.added)} learners with names and e-mail")
    for learner in LEARNERS:
        write_submission(case, rubric, learner, work / "submissions", lang)
    lap("prepare")

    say(f"grading {len(LEARNERS)} learners of {case.id} ({lang}) on {workers} workers ...")
    graded = grade_cohort(
        case,
        work / "submissions",
        lang=lang,
        db_url=db_url,
        out_dir=work / "grades",
        workers=workers,
        timeout=900,
        progress=False,
    )
    for o in graded.outcomes:
        say(f"  {o.student:14s} {o.status:7s} autograded {o.auto_score:g}/{o.auto_max:g}")
    lap("grade")

    reviewed = peer_round(case, rubric, db_url, work, seed=seed, lang=lang, say=say)
    lap("peer review")

    aggregated = aggregate_round(
        case, lang=lang, db_url=db_url, out_dir=work / "grades", workers=workers
    )
    for flag in aggregated.flags:
        say(f"  reviewer {flag.reviewer}: {flag.reason}")
    lap("aggregate and feedback")

    result = DemoResult(
        case=case.id,
        lang=lang,
        work_dir=str(work),
        course_dir=str(paths.course_dir(lang)),
        db_url=db_url,
        learners=len(LEARNERS),
        roster_imported=len(roster.added),
        graded=sum(o.status == "graded" for o in graded.outcomes),
        reviews_assigned=reviewed.reviews_assigned,
        reviews_imported=reviewed.reviews_imported,
        forms_rejected={n: [p.render(lang) for p in ps] for n, ps in reviewed.rejected.items()},
        flagged_reviewers={f.reviewer: f.reason for f in aggregated.flags},
        outcomes=_outcomes(graded, case, db_url, say),
    )
    similarity = _similarity(case, work, lang, result)
    say(f"similarity review: flagged {', '.join(result.similarity_flagged) or 'nobody'}; cleared")
    lap("similarity review")
    _badges(db_url, case, work / "badges", similarity, result)
    lap("badges")
    result.seconds = seconds
    say(f"badges: {result.badges_issued} issued, {result.badges_verified} verified")
    return result
