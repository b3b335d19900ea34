"""Measure the similarity review on a planted cohort: precision, recall and seconds."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.release import ensure_release
from dxquest.similarity.index import PairScore
from dxquest.similarity.planted import PlantedCohort, make_planted_cohort
from dxquest.similarity.review import (
    SimilarityReview,
    release_code,
    review_answers,
    solution_answers,
)


def _copier(pair: frozenset[str], cohort: PlantedCohort) -> str:
    return next(iter(pair & cohort.copies.keys()))


def _extremes(review: SimilarityReview, cohort: PlantedCohort) -> dict:
    """How close the two sides come: the least similar planted copy of each kind and the most
    similar honest pair, each counted only when it shares enough to be judged; a threshold
    between them separates the two."""
    planted = cohort.planted_pairs()
    scored = {frozenset((p.student, p.other)): p for p in review.pairs}

    def judged(pair: PairScore | None) -> float:
        return pair.similarity if pair and pair.shared_weight >= review.min_evidence else 0.0

    lowest: dict[str, float] = {}
    for key in planted:
        kind = cohort.kinds[_copier(key, cohort)]
        lowest[kind] = min(lowest.get(kind, 1.0), judged(scored.get(key)))
    honest = max((judged(p) for key, p in scored.items() if key not in planted), default=0.0)
    return {
        "lowest_copy_similarity": {kind: round(v, 3) for kind, v in sorted(lowest.items())},
        "highest_honest_similarity": round(honest, 3),
    }


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def planted_cohort(
    case_id: str, *, n: int, seed: int
) -> tuple[PlantedCohort, Callable[[int | None], SimilarityReview]]:
    """A planted cohort of ``n`` learners built from the case's release and reference, and the
    review of it on a number of workers (to be timed apart from building the cohort)."""
    case = get_case(case_id)
    lang = "en"
    release_dir = ensure_release(case, lang)
    notebooks = [f"{nb}.ipynb" for nb in case.notebook_ids]
    release = solution_answers(release_dir / nb for nb in notebooks)
    reference = solution_answers(paths.notebooks_dir(case.id, lang) / nb for nb in notebooks)
    cohort = make_planted_cohort(case.id, release, reference, n_learners=n, seed=seed)
    scaffolding = release_code(release_dir / nb for nb in notebooks)

    def review(workers: int | None) -> SimilarityReview:
        return review_answers(case.id, cohort.answers, reference, scaffolding, workers=workers)

    return cohort, review


def bench_similarity(
    *, n: int = 200, case_id: str = "demand_forecast", seed: int = 0, workers: int | None = None
) -> dict:
    """Review a planted cohort of ``n`` learners built from the case's release and reference.

    Precision and recall are over pairs: a flagged pair is right when it is a copier and the
    learner (or the reference) they copied. ``seconds`` times the review itself (normalising,
    winnowing, indexing and scoring the solution cells) on ``workers`` processes, not generating
    the cohort; ``cpu_seconds`` is the review's CPU time in all its processes, and ``load`` the
    machine's 1-minute load when the review started (other work on a shared machine slows it).
    """
    cohort, review_cohort = planted_cohort(case_id, n=n, seed=seed)
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), _cpu()
    review = review_cohort(workers)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    planted = cohort.planted_pairs()
    flagged = {frozenset((p.student, p.other)) for p in review.flagged}
    found = planted & flagged
    missed = sorted(cohort.kinds[_copier(p, cohort)] for p in planted - flagged)
    return {
        "case": case_id,
        "seed": seed,
        "submissions": n,
        "planted_copies": len(planted),
        "precision": round(len(found) / len(flagged), 3) if flagged else 1.0,
        "recall": round(len(found) / len(planted), 3) if planted else 1.0,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "load": round(load, 1),
        "flagged_pairs": len(flagged),
        "missed_kinds": missed,
        **_extremes(review, cohort),
    }
