"""A synthetic cohort with planted copies, to measure the similarity review (like ``make_*``).

Honest learners fill the release's answer cells with their own bodies (:mod:`.honest`); copiers
take every answer of one honest learner (each source copied once) or paste the reference
solution, then disguise it (:mod:`.disguises`): renamed variables, functions and independent
statements reordered, reformatted, a few lines edited, or all of these at once; the reference is
pasted as it is, or renamed and edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dxquest.similarity.disguises import edit, reformat, rename, reorder
from dxquest.similarity.honest.cells import honest_cells
from dxquest.similarity.index import REFERENCE


@dataclass(frozen=True)
class PlantedCohort:
    """Answers by learner and question; ``copies`` maps each copier to the learner (or
    :data:`REFERENCE`) copied, ``kinds`` to the disguise used."""

    answers: dict[str, dict[str, str]]
    copies: dict[str, str]
    kinds: dict[str, str]

    def planted_pairs(self) -> set[frozenset[str]]:
        return {frozenset((copier, source)) for copier, source in self.copies.items()}


_DISGUISES = {
    "rename": (rename,),
    "reorder": (reorder,),
    "reformat": (reformat,),
    "edit": (edit,),
    "all": (rename, reorder, reformat, edit),
    "reference": (),
    "reference-edited": (rename, edit),
}
"""Copy kind → the disguises applied, in order; ``reference…`` kinds copy the reference."""
COPY_KINDS = tuple(_DISGUISES)


def make_planted_cohort(
    case_id: str,
    release: Mapping[str, str],
    reference: Mapping[str, str],
    *,
    n_learners: int = 200,
    copy_share: float = 0.1,
    seed: int = 0,
) -> PlantedCohort:
    """Generate a cohort of ``n_learners`` with ``copy_share`` of them planted copies.

    Parameters
    ----------
    case_id : the case whose honest answers are written (see :mod:`.honest`).
    release : the learner release's solution cells by grade id (the scaffolding everyone keeps).
    reference : the reference solution's cells by grade id (what a ``reference`` copier pastes).
    n_learners, copy_share : cohort size and the share of copiers among them; each honest
        learner is copied at most once, and the kinds of :data:`COPY_KINDS` take turns.
    seed : the generator is pure: the same arguments give the same cohort.

    Returns
    -------
    PlantedCohort with learners ``learner-0000``…; ids are shuffled, so an id tells nothing of
    who copied.
    """
    root = np.random.SeedSequence(seed)
    honest_seed, copy_seed, order_seed = root.spawn(3)
    n_copies = round(n_learners * copy_share)
    n_honest = n_learners - n_copies
    honest_rng = np.random.default_rng(honest_seed)
    honest = [honest_cells(case_id, release, honest_rng) for _ in range(n_honest)]
    copy_rng = np.random.default_rng(copy_seed)
    sources = copy_rng.choice(n_honest, size=n_copies, replace=False)
    copied: list[tuple[dict[str, str], str, str]] = []
    for i, source in enumerate(sources):
        kind = COPY_KINDS[i % len(COPY_KINDS)]
        pastes_reference = kind.startswith("reference")
        original = dict(reference) if pastes_reference else honest[int(source)]
        answers = {}
        for q, code in original.items():
            for disguise in _DISGUISES[kind]:
                code = disguise(code, copy_rng)
            answers[q] = code
        copied.append((answers, kind, REFERENCE if pastes_reference else str(source)))
    ids = [f"learner-{i:04d}" for i in np.random.default_rng(order_seed).permutation(n_learners)]
    honest_ids = ids[:n_honest]
    cohort = dict(zip(honest_ids, honest, strict=True))
    copies, kinds = {}, {}
    for student, (answers, kind, source) in zip(ids[n_honest:], copied, strict=True):
        cohort[student] = answers
        copies[student] = source if source == REFERENCE else honest_ids[int(source)]
        kinds[student] = kind
    return PlantedCohort(answers=dict(sorted(cohort.items())), copies=copies, kinds=kinds)
