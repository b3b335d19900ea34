"""Prove a case's exercises work: the reference scores full marks, the untouched release scores
zero, every autograded test catches a plausible wrong answer (:mod:`dxquest.wrong_answers`), and no
release leaks an answer: neither the reference's code (:mod:`dxquest.leaks`) nor its results
written in the text a learner reads (:mod:`dxquest.answer_leaks`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from tqdm.auto import tqdm

from dxquest import paths
from dxquest.answer_leaks import AnswerLeak, hint_texts, learner_texts, scan_files, scan_texts
from dxquest.caseinfo import CaseInfo
from dxquest.feedback import GradeReport
from dxquest.grade import grade_submission
from dxquest.leaks import scan_release
from dxquest.marking import case_exercises
from dxquest.pipeline import build_data, build_releases
from dxquest.public_answers import public_answers, story_facts
from dxquest.question_kinds import KINDS, points_by_kind
from dxquest.skill import DISTINCTION, MERIT
from dxquest.wrong_answers import load_wrong_answers, run_wrong_answers

LANGS = ("ja", "en")


@dataclass
class CaseValidation:
    solution_score: float
    max_score: float
    release_score: float
    mutants_total: int
    mutants_caught: int
    leaks: list[str]
    seconds: float
    missed_mutants: list[str] = field(default_factory=list)
    untested_cells: list[str] = field(default_factory=list)
    # Wrong answers after which the original answer no longer passed: their verdicts are unproven.
    unrestored_mutants: list[str] = field(default_factory=list)
    # Per question with a tolerance: the tolerance, and the smallest effect of its listed mistakes
    # on the hidden draw (in the same unit); the tolerance must be below it.
    tolerances: list[dict] = field(default_factory=list)
    answer_leaks: list[AnswerLeak] = field(default_factory=list)
    # Answers the scan looked for: 0 means the case declares none yet, not that its text is clean.
    answers_checked: int = 0
    # The reference's graded points (autograded and peer-reviewed) by what each cell asks of the
    # learner (dxquest.question_kinds): transcription is meant to stay a small share.
    points_by_kind: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))
    # The optional stretch task's points by the band its test cells record (merit, distinction):
    # counted in max_score and points_by_kind, never in the pass mark's points (case.toml).
    stretch_points: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.max_score > 0
            and self.solution_score == self.max_score
            and self.release_score == 0
            and self.mutants_caught == self.mutants_total
            and not self.leaks
            and not self.answer_leaks
            and not self.untested_cells
            and not self.unrestored_mutants
            and all(t["smallest_effect"] > t["tolerance"] for t in self.tolerances)
        )


# Its learners (the reference, the untouched release) are no cohort's: graded in courses of its own.
VALIDATE_COURSES = "courses/validate"


@paths.own_courses(VALIDATE_COURSES)
def validate_case(
    case: CaseInfo, lang: str = "ja", reference: GradeReport | None = None
) -> CaseValidation:
    """Validate ``case`` in ``lang``. ``reference``: the reference solution's grade report when the
    caller has just graded it in this build, so it is not graded twice and the data it was graded
    on is not built again."""
    start = time.perf_counter()
    if reference is None:
        build_data(case)
    releases = build_releases(case, LANGS)
    source_dir = paths.notebooks_dir(case.id, lang)

    leaks = []
    for release_lang, notebooks in releases.items():
        for release in notebooks:
            source = paths.notebooks_dir(case.id, release_lang) / release.name
            leaks += [f"{release_lang}/{leak}" for leak in scan_release(source, release)]
    answers, facts = public_answers(case.id), story_facts(case.id)
    answer_leaks = scan_files(learner_texts(case.id, LANGS), answers, facts) + scan_texts(
        hint_texts(case.id, LANGS), answers, facts
    )

    if reference is None:
        reference = grade_submission(case, source_dir, student="reference", lang=lang)
    untouched = grade_submission(
        case, paths.release_dir(case.id, lang), student="untouched", lang=lang
    )

    wrong_answers = load_wrong_answers(case)
    covered = {w.must_fail for w in wrong_answers}
    untested = [
        f"{c.notebook}/{c.grade_id}"
        for c in reference.cells
        if c.kind == "auto" and c.grade_id not in covered
    ]
    scratch = paths.build_dir() / "validate" / case.id
    missed, unrestored, effects = [], [], []
    notebooks = sorted({w.notebook for w in wrong_answers})
    for notebook in tqdm(
        notebooks, desc=f"{case.id}: wrong answers", unit="notebook", disable=None
    ):
        run = run_wrong_answers(
            source_dir / f"{notebook}.ipynb",
            [w for w in wrong_answers if w.notebook == notebook],
            scratch / notebook,
            case,
        )
        missed += run.missed
        unrestored += run.unrestored
        effects += run.effects

    return CaseValidation(
        # The stretch task's points too: the reference must earn them, the release none.
        solution_score=reference.auto_score + reference.stretch_score,
        max_score=reference.auto_max + reference.stretch_max,
        release_score=untouched.auto_score + untouched.stretch_score,
        mutants_total=len(wrong_answers),
        mutants_caught=len(wrong_answers) - len(missed),
        leaks=leaks,
        seconds=round(time.perf_counter() - start, 1),
        missed_mutants=missed,
        untested_cells=untested,
        unrestored_mutants=unrestored,
        tolerances=_tolerances(case, effects),
        answer_leaks=answer_leaks,
        answers_checked=sum(len(values) for values in answers.values()),
        points_by_kind=points_by_kind(source_dir / f"{nb}.ipynb" for nb in case.notebook_ids),
        stretch_points={
            band: sum(c.max_score for c in reference.cells if c.grade_id in cells)
            for band, cells in (
                (MERIT, case.completion.merit_cells),
                (DISTINCTION, case.completion.distinction_cells),
            )
            if cells
        },
    )


def _tolerances(case: CaseInfo, effects: list[tuple[str, float]]) -> list[dict]:
    """Each question's tolerance next to the smallest effect of its listed mistakes."""
    questions = case_exercises(case).questions
    smallest: dict[str, list[float]] = {}
    for question, effect in effects:
        smallest.setdefault(question, []).append(effect)
    return [
        {
            "question": name,
            "tolerance": questions[name].kind.tolerance,
            "smallest_effect": min(found),
            "mistakes_measured": len(found),
        }
        for name, found in sorted(smallest.items())
    ]


def as_json_dict(result: CaseValidation) -> dict:
    return asdict(result) | {"ok": result.ok}
