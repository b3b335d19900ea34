"""A program year at scale, projected from a measured one (:mod:`dxquest.program_year`).

The model, in the terms of :func:`project_year`:

* ``S = learners × cases × (1 + regrade_rate)`` submissions to grade: every learner submits each
  case once, and ``regrade_rate`` of them are graded again (a resubmission before the deadline, a
  regrade after a test is fixed).
* ``a1``: seconds one submission takes graded alone in a fresh process (the serial sample's
  seconds, averaged per kind and weighted by the cohort's mix of kinds); the batch's grading
  processes, local or on Dask workers, start once and grade task after task.
* ``e``: the batch's efficiency measured on ``W`` workers, ``N × a1 / (W × batch seconds)``: what
  sharing cores, the batch's fixed start and its one gradebook writer cost.
* On ``P`` cores: ``S × a1 / (P × e_P)``, with ``e_P`` either ``e`` (flat: per core, 16 cores
  grade as the measured 2 did) or ``min(e, 1) ** (log2 P / log2 W)`` (compounding: every doubling
  of workers loses what the measured one did). The truth on a real machine lies between them. The
  flat model needs no ``a1``: it is ``S × W × batch seconds / (N × P)``, the measured core-seconds
  per submission spread over ``P`` cores. ``e`` can exceed 1, since a serial run pays a fresh
  process's start that the batch's long-lived workers pay once.
* On a cluster of ``nodes`` machines of ``P`` cores: the same per node (nodes share no cores), but
  never faster than the one gradebook writer, which merges every result: ``S × w``, ``w`` its
  seconds per submission, measured by merging the sample's grades into a scratch gradebook.
* The stages after grading (peer review, peer scores and feedback, item statistics, similarity,
  badges) run once per case on the operator's machine: their measured seconds per learner times
  ``learners × cases``, not divided among more cores.

Every case is costed at the measured case's seconds; a case whose notebooks run longer costs
proportionally more.
"""

from __future__ import annotations

import math

AFTER_GRADING = ("peer_review", "peer_aggregate", "item_stats", "similarity", "badges")


def seconds_alone(result: dict) -> float:
    """``a1``: the serial sample's mean seconds per kind, weighted by the cohort's kinds."""
    sample = result["serial_sample"]
    per_kind: dict[str, list[float]] = {}
    for student, kind in sample["kinds"].items():
        per_kind.setdefault(kind, []).append(sample["seconds"][student])
    learners = result["learners"]
    return sum(
        summary["learners"] / learners * (sum(per_kind[kind]) / len(per_kind[kind]))
        for kind, summary in result["by_kind"].items()
        if summary["learners"]
    )


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def project_year(
    result: dict,
    *,
    learners: int = 2000,
    cases: int = 4,
    regrade_rate: float = 0.5,
    cores: int = 16,
    nodes: int = 10,
) -> dict:
    """Project ``result`` (a measured year) to ``learners × cases`` on one machine of ``cores``
    cores and on ``nodes`` such machines (the module docstring states the model)."""
    measured_n, workers = result["learners"], result["workers"]
    a1 = seconds_alone(result)
    efficiency = measured_n * a1 / (workers * result["stages"]["grade"])
    submissions = learners * cases * (1 + regrade_rate)
    after = sum(result["stages"][s] for s in AFTER_GRADING) / measured_n * learners * cases
    writer = result["writer_seconds_per_submission"]

    def on(per_node: int, machines: int) -> dict:
        spread = {
            "flat": efficiency,
            # Above 1 only because a serial run pays a fresh process's start: no gain compounds.
            "compounding": min(efficiency, 1.0) ** (math.log2(per_node) / math.log2(workers))
            if workers > 1
            else efficiency,
        }
        out = {"cores": per_node * machines}
        for name, e in spread.items():
            grading = max(submissions * a1 / (per_node * machines * e), submissions * writer)
            out[name] = {
                "efficiency": round(e, 3),
                "grading_hours": _hours(grading),
                "total_hours": _hours(grading + after),
            }
        return out

    return {
        "learners": learners,
        "cases": cases,
        "regrade_rate": regrade_rate,
        "submissions": round(submissions),
        "seconds_per_submission_alone": round(a1, 1),
        "efficiency_measured": round(efficiency, 3),
        "measured_on_workers": workers,
        "writer_seconds_per_submission": writer,
        "after_grading_hours": _hours(after),
        f"one_machine_{cores}_cores": on(cores, 1),
        f"cluster_{nodes}_nodes_x_{cores}_cores": on(cores, nodes),
        "model": (
            "submissions S = learners x cases x (1 + regrade_rate); grading seconds = "
            "max(S x a1 / (cores x e_P), S x w); a1 = seconds per submission graded alone "
            "(serial sample, weighted by kind); e = N x a1 / (W x batch seconds) measured on W "
            "workers; e_P = e (flat) or min(e, 1)^(log2 P / log2 W) per machine of P cores "
            "(compounding); w = the one gradebook writer's seconds per submission; stages after "
            "grading: measured seconds per learner x learners x cases, on one machine"
        ),
    }
