"""Cohort batch on 2 cores vs the same grading done serially (same as ``dxquest bench-grading``).

Run: ``python benchmarks/grading.py [N]``. Prints the JSON figures: seconds each way, the ratio
(target >= 1.8 on 2 cores), per-submission seconds and the machine's load when it started.
"""

from __future__ import annotations

import json
import sys

from dxquest.cohort.bench import bench_grading

if __name__ == "__main__":
    print(json.dumps(bench_grading(int(sys.argv[1]) if len(sys.argv) > 1 else 4, workers=2)))
