"""What an operator's tools do to a CSV the kit writes: Python's ``csv`` and pandas read it and
write it back. Both must give the same bytes, so a file passed through them still opens in Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd


def through_csv(path: Path, encoding: str) -> bytes:
    with open(path, encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def through_pandas(path: Path, encoding: str) -> bytes:
    # Every cell as the text it is: numbers and dates are not to be reformatted on the way.
    frame = pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False)
    out = io.BytesIO()
    frame.to_csv(out, index=False, encoding=encoding, lineterminator="\r\n")
    return out.getvalue()
