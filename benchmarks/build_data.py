"""Time the supermarket generator at the default size (1x) and with ten times the stores (10x).

Run: ``python benchmarks/build_data.py``. Prints build seconds and row counts per table.
"""

from __future__ import annotations

import time

from dxquest.synth.supermarket import make_supermarket_sales


def main() -> None:
    for label, n_stores in (("1x", 10), ("10x", 100)):
        start = time.perf_counter()
        data = make_supermarket_sales(n_stores=n_stores, return_truth=True)
        seconds = time.perf_counter() - start
        rows = {name: len(df) for name, df in data.public_tables().items()}
        rows["truth"] = len(data.truth)
        counts = ", ".join(f"{name}={n:,}" for name, n in rows.items())
        print(f"{label} (n_stores={n_stores}): {seconds:.2f} s; {counts}")


if __name__ == "__main__":
    main()
