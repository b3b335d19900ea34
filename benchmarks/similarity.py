"""Precision, recall and time of the similarity review on planted cohorts, over several seeds.

Run: ``python benchmarks/similarity.py [--sizes 200,2000] [--seeds 5] [--case CASE ...]
[--workers 2]``. Each run is ``dxquest bench-similarity`` (one JSON line each); then, per case and
size, the mean and the worst precision and recall, the mean and the slowest review seconds, and
the targets they are held to: recall >= 0.95 (copies, the reference paste included), precision
>= 0.9, and at N = 2,000 at most 120 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import statistics

from dxquest.similarity.bench import bench_similarity
from dxquest.similarity.honest import CASES

TARGETS = {"recall": 0.95, "precision": 0.9, "seconds_at_2000": 120.0}


def _summary(runs: list[dict]) -> dict:
    precision = [r["precision"] for r in runs]
    recall = [r["recall"] for r in runs]
    seconds = [r["seconds"] for r in runs]
    n = runs[0]["submissions"]
    return {
        "case": runs[0]["case"],
        "submissions": n,
        "seeds": len(runs),
        "precision_mean": round(statistics.mean(precision), 3),
        "precision_worst": min(precision),
        "recall_mean": round(statistics.mean(recall), 3),
        "recall_worst": min(recall),
        "seconds_mean": round(statistics.mean(seconds), 1),
        "seconds_worst": max(seconds),
        "cpu_seconds_mean": round(statistics.mean(r["cpu_seconds"] for r in runs), 1),
        "lowest_copy_similarity": min(min(r["lowest_copy_similarity"].values()) for r in runs),
        "highest_honest_similarity": max(r["highest_honest_similarity"] for r in runs),
        "meets_targets": min(precision) >= TARGETS["precision"]
        and min(recall) >= TARGETS["recall"]
        and (n != 2000 or max(seconds) <= TARGETS["seconds_at_2000"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000", help="cohort sizes, comma-separated")
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 .. SEEDS-1 per size")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="(default: all)")
    parser.add_argument("--workers", type=int, default=2, help="review processes")
    args = parser.parse_args()
    summaries = []
    for case in args.case or sorted(CASES):
        for n in (int(size) for size in args.sizes.split(",")):
            runs = []
            for seed in range(args.seeds):
                run = bench_similarity(n=n, case_id=case, seed=seed, workers=args.workers)
                print(json.dumps(run), flush=True)
                runs.append(run)
            summaries.append(_summary(runs))
    print(json.dumps({"targets": TARGETS, "summaries": summaries}, indent=2))


if __name__ == "__main__":
    main()
