"""Similarity review of a cohort: read the solution cells, fingerprint them, score and flag pairs.

:func:`review_answers` is the pure core (answers in, scored pairs out); :func:`review_cohort`
reads a cohort's submissions, the case's learner release (whose code every learner starts from,
so it is never evidence) and its reference solution, and calls it.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cohort.layout import find_submissions
from dxquest.release import ensure_release_files
from dxquest.similarity.fingerprint import Fingerprint, kgram_hashes, winnow
from dxquest.similarity.index import (
    REFERENCE,
    PairScore,
    RarityWeights,
    learner_scores,
    reference_scores,
)
from dxquest.similarity.normalise import normalise

THRESHOLD = 0.85
"""A pair whose similarity reaches this is marked for the operators' review. On planted cohorts
of 2,000 (``benchmarks/similarity.py``: three cases, five seeds) the least similar copies, with a
line added and one rewritten in every answer, score from about 0.82, and honest look-alikes that
share enough to be judged reach 0.8 to 0.95 where a question's wording leaves little choice
(defect_detection, seed 3: 69 honest pairs marked at 0.8, 8 at 0.85, 1 at 0.9 with 3 copies
lost)."""

NEAR_MISS = 0.8
"""Learner pairs down to this share of the threshold are kept, so the CSV shows near misses."""
MIN_EVIDENCE = 1 / 3
"""A pair is marked only when what it shares weighs at least this share of a typical submission
(the cohort's median weight): sharing all of a few lines beyond the reference is too little text
to call a copy, whatever the share of the smaller answer."""

_PER_TASK = 25
"""Fewest learners worth sending to another process."""

SourceAnswers = Mapping[str, str]
"""One submission's solution code by question (grade id)."""


def _code_cells(notebook: Path) -> list[dict]:
    """The code cells of a notebook, read as plain JSON (a broken file has none)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return []
    return [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def solution_answers(notebooks: Iterable[Path]) -> dict[str, str]:
    """The code of every solution cell (nbgrader ``solution: true``) by grade id."""
    answers = {}
    for notebook in notebooks:
        for cell in _code_cells(notebook):
            nbgrader = cell.get("metadata", {}).get("nbgrader", {})
            if isinstance(nbgrader, dict) and nbgrader.get("solution") and nbgrader.get("grade_id"):
                answers[str(nbgrader["grade_id"])] = _source(cell)
    return answers


def release_code(notebooks: Iterable[Path]) -> list[str]:
    """Every code cell of the learner release: what each learner starts from."""
    return [_source(cell) for notebook in notebooks for cell in _code_cells(notebook)]


@dataclass(frozen=True)
class SimilarityReview:
    """Scored pairs of a cohort and what the report needs to show their matched passages."""

    case: str
    threshold: float
    # Learner–reference pairs sharing a fingerprint, learner pairs from NEAR_MISS × threshold up;
    # most similar first.
    pairs: list[PairScore]
    answers: dict[str, SourceAnswers]  # by student, and REFERENCE
    fingerprints: dict[str, dict[str, list[Fingerprint]]]  # the same keys
    min_evidence: float  # MIN_EVIDENCE × the median submission's rarity weight

    def is_flagged(self, pair: PairScore) -> bool:
        """Similar enough, and sharing enough that the share means something."""
        return pair.similarity >= self.threshold and pair.shared_weight >= self.min_evidence

    @property
    def flagged(self) -> list[PairScore]:
        return [p for p in self.pairs if self.is_flagged(p)]

    @property
    def learners(self) -> list[str]:
        return sorted(s for s in self.answers if s != REFERENCE)


def fingerprint_answers(
    answers: SourceAnswers, release_kgrams: Collection[int]
) -> dict[str, list[Fingerprint]]:
    """Winnowed fingerprints of each answer, the release's k-grams left out."""
    return {q: winnow(normalise(code), ignored=release_kgrams) for q, code in answers.items()}


def _fingerprint_some(
    learners: list[tuple[str, SourceAnswers]], release_kgrams: frozenset[int]
) -> list[tuple[str, dict[str, list[Fingerprint]]]]:
    seen: dict[str, list[Fingerprint]] = {}  # cells written alike (a one-liner, a paste) once

    def fingerprint(code: str) -> list[Fingerprint]:
        if code not in seen:
            seen[code] = winnow(normalise(code), ignored=release_kgrams)
        return seen[code]

    return [
        (student, {q: fingerprint(code) for q, code in answers.items()})
        for student, answers in learners
    ]


def fingerprint_cohort(
    learners: Mapping[str, SourceAnswers], release_kgrams: Collection[int], workers: int
) -> dict[str, dict[str, list[Fingerprint]]]:
    """:func:`fingerprint_answers` of every learner, on ``workers`` processes: reading and
    normalising the code is nearly all of a review's time, and each learner's is independent."""
    items = list(learners.items())
    ignored = frozenset(release_kgrams)
    if workers < 2 or len(items) < _PER_TASK:
        return dict(_fingerprint_some(items, ignored))
    size = max(_PER_TASK, -(-len(items) // (4 * workers)))  # a few tasks per process evens out
    tasks = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_fingerprint_some, tasks, [ignored] * len(tasks))
        return {student: fps for part in done for student, fps in part}


def review_answers(
    case_id: str,
    learners: Mapping[str, SourceAnswers],
    reference: SourceAnswers,
    release: Iterable[str],
    *,
    threshold: float = THRESHOLD,
    workers: int | None = None,
) -> SimilarityReview:
    """Score every learner against every other and against ``reference``.

    ``release``: the learner release's code cells; any k-gram found there is scaffolding every
    learner was given, so it never counts. ``workers``: processes that fingerprint the cohort
    (default: every core).
    """
    release_kgrams = {h for code in release for h in kgram_hashes(normalise(code))}
    fingerprints = fingerprint_cohort(learners, release_kgrams, workers or os.cpu_count() or 1)
    reference_fps = fingerprint_answers(reference, release_kgrams)
    reference_kgrams = {q: set(kgram_hashes(normalise(code))) for q, code in reference.items()}
    weights = RarityWeights(fingerprints)
    typical = (
        statistics.median(weights.submission(fps) for fps in fingerprints.values())
        if fingerprints
        else 0.0
    )
    pairs = reference_scores(fingerprints, reference_fps, weights) + learner_scores(
        fingerprints, reference_kgrams, weights, floor=NEAR_MISS * threshold
    )
    pairs.sort(key=lambda p: (-p.similarity, p.student, p.other))
    return SimilarityReview(
        case=case_id,
        threshold=threshold,
        pairs=pairs,
        answers={**learners, REFERENCE: reference},
        fingerprints={**fingerprints, REFERENCE: reference_fps},
        min_evidence=MIN_EVIDENCE * typical,
    )


def _notebooks(case: CaseInfo, folder: Path) -> list[Path]:
    return [folder / f"{nb}.ipynb" for nb in case.notebook_ids]


def review_cohort(
    case: CaseInfo,
    submissions: Path,
    *,
    lang: str = "ja",
    threshold: float = THRESHOLD,
    workers: int | None = None,
) -> SimilarityReview:
    """Review every submission of ``case`` under ``submissions`` (any layout the cohort batch
    reads) against the others and the case's reference solution."""
    release = ensure_release_files(case, lang)
    learners = {
        sub.student: solution_answers(sorted(sub.path.glob("*.ipynb")))
        for sub in find_submissions(submissions, case.id)
    }
    reference = solution_answers(_notebooks(case, paths.notebooks_dir(case.id, lang)))
    return review_answers(
        case.id,
        learners,
        reference,
        release_code(_notebooks(case, release)),
        threshold=threshold,
        workers=workers,
    )
