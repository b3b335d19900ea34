"""What the time-honesty tests of every case share: another course of events after a decision,
and tasks compared table by table.

A task is time-honest when what it gives a model is a function of what the business knew at the
decision time only: change what happened from then on, and the task must not change.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd


def changed(frame: pd.DataFrame, rows, columns, seed: int = 0) -> pd.DataFrame:
    """``frame`` with the values of ``columns`` on ``rows`` (a boolean mask) made different, as
    if events had gone otherwise: numbers move by 1 to 3 units, dates by 1 to 3 days, text
    gains a mark."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    rows = np.asarray(rows, dtype=bool)
    for column in columns:
        values = out.loc[rows, column]
        steps = rng.integers(1, 4, rows.sum())
        if pd.api.types.is_datetime64_any_dtype(values):
            out.loc[rows, column] = values + pd.to_timedelta(steps, unit="D")
        elif pd.api.types.is_numeric_dtype(values):
            out.loc[rows, column] = values + steps
        else:
            out.loc[rows, column] = values + "*"
    return out


def every_row(frame: pd.DataFrame) -> np.ndarray:
    return np.ones(len(frame), dtype=bool)


def assert_same_tables(got, expected) -> None:
    """Two frames, or two draws (dataclasses of frames), hold the same values."""
    if isinstance(got, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected)
        return
    for field in dataclasses.fields(got):
        mine, theirs = getattr(got, field.name), getattr(expected, field.name)
        if isinstance(mine, pd.DataFrame):
            pd.testing.assert_frame_equal(mine, theirs, obj=field.name)
        elif isinstance(mine, np.ndarray):
            np.testing.assert_array_equal(mine, theirs, err_msg=field.name)
        else:
            assert mine == theirs, field.name
