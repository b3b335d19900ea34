"""Similarity review of a cohort: read the solution cells, fingerprint them, score and flag pairs.

:func:`review_answers` is the pure core (answers in, scored pairs out); :func:`review_cohort`
reads a cohort's submissions, the case's learner release (whose code every learner starts from,
so it is never evidence) and its reference solution, and calls it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cohort.layout import find_submissions
from dxquest.release import ensure_release
from dxquest.similarity.fingerprint import Fingerprint, kgram_hashes, winnow
from dxquest.similarity.index import (
    REFERENCE,
    PairScore,
    RarityWeights,
    learner_scores,
    reference_scores,
)
from dxquest.similarity.normalise import normalise

THRESHOLD = 0.8
"""A pair whose similarity reaches this is marked for the operators' review."""

NEAR_MISS = 0.8
"""Learner pairs down to this share of the threshold are kept, so the CSV shows near misses."""
MIN_SHARED = 8
"""Fewer shared fingerprints than this is too little text to call a copy, whatever the share."""

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

    def is_flagged(self, pair: PairScore) -> bool:
        """Similar enough, and long enough that the share means something."""
        return pair.similarity >= self.threshold and pair.shared >= MIN_SHARED

    @property
    def flagged(self) -> list[PairScore]:
        return [p for p in self.pairs if self.is_flagged(p)]

    @property
    def learners(self) -> list[str]:
        return sorted(s for s in self.answers if s != REFERENCE)


def fingerprint_answers(
    answers: SourceAnswers, release_kgrams: set[int]
) -> dict[str, list[Fingerprint]]:
    """Winnowed fingerprints of each answer, the release's k-grams left out."""
    return {q: winnow(normalise(code), ignored=release_kgrams) for q, code in answers.items()}


def review_answers(
    case_id: str,
    learners: Mapping[str, SourceAnswers],
    reference: SourceAnswers,
    release: Iterable[str],
    *,
    threshold: float = THRESHOLD,
) -> SimilarityReview:
    """Score every learner against every other and against ``reference``.

    ``release``: the learner release's code cells; any k-gram found there is scaffolding every
    learner was given, so it never counts.
    """
    release_kgrams = {h for code in release for h in kgram_hashes(normalise(code))}
    fingerprints = {
        student: fingerprint_answers(answers, release_kgrams)
        for student, answers in learners.items()
    }
    reference_fps = fingerprint_answers(reference, release_kgrams)
    reference_kgrams = {q: set(kgram_hashes(normalise(code))) for q, code in reference.items()}
    weights = RarityWeights(fingerprints)
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
    )


def _notebooks(case: CaseInfo, folder: Path) -> list[Path]:
    return [folder / f"{nb}.ipynb" for nb in case.notebook_ids]


def review_cohort(
    case: CaseInfo, submissions: Path, *, lang: str = "ja", threshold: float = THRESHOLD
) -> SimilarityReview:
    """Review every submission of ``case`` under ``submissions`` (any layout the cohort batch
    reads) against the others and the case's reference solution."""
    release = ensure_release(case, lang)
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
    )
