"""Measure the similarity review on a planted cohort: precision, recall and seconds."""

from __future__ import annotations

import time

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.release import ensure_release
from dxquest.similarity.planted import make_planted_cohort
from dxquest.similarity.review import release_code, review_answers, solution_answers


def bench_similarity(*, n: int = 200, case_id: str = "demand_forecast", seed: int = 0) -> dict:
    """Review a planted cohort of ``n`` learners built from the case's release and reference.

    Precision and recall are over pairs: a flagged pair is right when it is a copier and the
    learner (or the reference) they copied. ``seconds`` times the review itself (normalising,
    winnowing, indexing and scoring the solution cells), not generating the cohort.
    """
    case = get_case(case_id)
    lang = "en"
    release_dir = ensure_release(case, lang)
    notebooks = [f"{nb}.ipynb" for nb in case.notebook_ids]
    release = solution_answers(release_dir / nb for nb in notebooks)
    reference = solution_answers(paths.notebooks_dir(case.id, lang) / nb for nb in notebooks)
    cohort = make_planted_cohort(case.id, release, reference, n_learners=n, seed=seed)
    start = time.perf_counter()
    review = review_answers(
        case.id, cohort.answers, reference, release_code(release_dir / nb for nb in notebooks)
    )
    seconds = time.perf_counter() - start
    planted = cohort.planted_pairs()
    flagged = {frozenset((p.student, p.other)) for p in review.flagged}
    found = planted & flagged
    missed = sorted(cohort.kinds[next(iter(p & cohort.copies.keys()))] for p in planted - flagged)
    return {
        "submissions": n,
        "planted_copies": len(planted),
        "precision": round(len(found) / len(flagged), 3) if flagged else 1.0,
        "recall": round(len(found) / len(planted), 3) if planted else 1.0,
        "seconds": round(seconds, 2),
        "flagged_pairs": len(flagged),
        "missed_kinds": missed,
    }
