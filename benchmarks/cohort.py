"""A program year measured at several sizes (same as ``dxquest bench-cohort``), and projected.

Run: ``python benchmarks/cohort.py [N ...] [--dask] [--gradebook-url URL]`` (default N: 50 and
200, on 2 workers). Prints one JSON line per size: seconds per stage and per submission, peak
memory, gradebook size, lost submissions, equality with serial grading and the projection to
2,000 learners x 4 cases. A ``--gradebook-url`` must be an empty database: one size per run.
"""

from __future__ import annotations

import argparse
import json

from dxquest.program_year import bench_cohort

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 200])
    parser.add_argument("--dask", action="store_true")
    parser.add_argument("--gradebook-url", default=None)
    args = parser.parse_args()
    if args.gradebook_url and len(args.sizes) > 1:
        parser.error("--gradebook-url fills an empty database: give one size")
    for n in args.sizes:
        result = bench_cohort(n, workers=2, dask=args.dask, gradebook_url=args.gradebook_url)
        print(json.dumps(result, ensure_ascii=False), flush=True)
