"""The print shop's published standards: how a job is laid out on its press (imposition, forms,
passes, plates) and its standard hours by the costing sheet (積算基準).

Public logic that any estimator at the shop applies to a ticket and the machine and process
tables, so learners use it as features; the generator builds each job's true time on it too.
Kept apart from the generator (:mod:`dxquest.synth.printing`), whose hidden effects a learner's
kernel must not see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["IMPOSITION", "SHEET_CLASSES", "press_layout", "process_units", "standard_hours"]

SHEET_CLASSES = ("kiku_zen", "kiku_han", "a3_plus")
# Finished size -> pages (or copies) per side of a press sheet, by sheet class (0: does not fit).
IMPOSITION = {
    "A4": (8, 4, 2),
    "A5": (16, 8, 4),
    "B5": (8, 4, 2),
    "B4": (4, 2, 1),
    "A3": (4, 2, 1),
    "B3": (2, 1, 0),
    "A2": (2, 1, 0),
    "B2": (1, 0, 0),
    "91x55": (96, 48, 10),
    "100x148": (32, 16, 4),
}


def press_layout(specs: pd.DataFrame, machines: pd.DataFrame) -> pd.DataFrame:
    """Imposition, forms, passes and plates of each job on its machine.

    Public logic (any estimator at the print shop can do this from the ticket and the machine
    list): ``pages_per_sheet`` = pages per side of a press sheet x printed sides; ``forms`` =
    plate sets (signatures); ``passes`` = runs of each sheet through the press; ``plates`` =
    forms x colours of both sides (digital presses use none).
    """
    m = machines.set_index("machine_id").loc[specs["machine_id"]]
    cls = m["sheet_size"].map(SHEET_CLASSES.index).to_numpy()
    up = np.array([IMPOSITION[s][c] for s, c in zip(specs["size"], cls, strict=True)])
    sides = np.where(specs["colors_back"].to_numpy() > 0, 2, 1)
    per_sheet = up * sides
    pages = specs["pages"].to_numpy()
    forms = np.maximum(1, np.ceil(pages / per_sheet)).astype(np.int64)
    units = m["color_units"].to_numpy()
    cf, cb = specs["colors_front"].to_numpy(), specs["colors_back"].to_numpy()
    digital = (m["kind"] == "digital").to_numpy()
    perfecting = m["perfecting"].to_numpy().astype(bool)
    passes = np.where(
        digital,
        sides,
        np.where(
            perfecting,
            np.ceil((cf + cb) / units),
            np.ceil(cf / units) + np.ceil(cb / units),
        ),
    ).astype(np.int64)
    plates = np.where(digital, 0, forms * (cf + cb)).astype(np.int64)
    return pd.DataFrame(
        {"pages_per_sheet": per_sheet, "forms": forms, "passes": passes, "plates": plates},
        index=specs.index,
    )


def process_units(specs: pd.DataFrame, layout: pd.DataFrame) -> pd.DataFrame:
    """Units of work of each process (0 when a job does not need the process).

    pages: printed pages; sheets: press sheets; folds: copies x folds; signatures: copies x forms
    (sections gathered by the binder); copies: finished copies.
    """
    copies = specs["copies"].to_numpy()
    sheets = specs["sheets"].to_numpy()
    signatures = copies * layout["forms"].to_numpy()
    binding = specs["binding"].to_numpy()
    return pd.DataFrame(
        {
            "prepress": specs["pages"].to_numpy(),
            "cutting": sheets,
            "folding": copies * specs["folds"].to_numpy(),
            "saddle": np.where(binding == "saddle", signatures, 0),
            "perfect": np.where(binding == "perfect", signatures, 0),
            "ring": np.where(binding == "ring", copies, 0),
            "lamination": sheets * specs["lamination"].to_numpy(),
            "die_cut": sheets * specs["die_cut"].to_numpy(),
            "packing": copies,
        },
        index=specs.index,
    )


def standard_hours(
    specs: pd.DataFrame, machines: pd.DataFrame, processes: pd.DataFrame
) -> pd.DataFrame:
    """Standard person-hours of each job by the shop's costing sheet (積算基準).

    Press: make-ready = forms x passes x ``std_setup_hours`` + plates x ``std_plate_hours``; run =
    sheets x passes / ``rated_sheets_per_hour``; both times the machine's crew. Every other
    process (``processes`` table) = ``setup_hours + hours_per_1000_units x units / 1000`` times
    its crew, for the jobs that need it. Real times differ from these standards; learning how is
    the point.

    Parameters
    ----------
    specs : DataFrame
        Job tickets (at least the spec columns, ``sheets`` and ``machine_id``).
    machines, processes : DataFrame
        The public machine list and process standards.

    Returns
    -------
    DataFrame
        One column per process plus ``makeready``, ``run`` and ``total``, same index as ``specs``.
    """
    layout = press_layout(specs, machines)
    m = machines.set_index("machine_id").loc[specs["machine_id"]]
    crew = m["crew"].to_numpy()
    forms, passes, plates = (layout[c].to_numpy() for c in ("forms", "passes", "plates"))
    out = pd.DataFrame(index=specs.index)
    out["makeready"] = (
        forms * passes * m["std_setup_hours"].to_numpy() + plates * m["std_plate_hours"].to_numpy()
    ) * crew
    out["run"] = specs["sheets"].to_numpy() * passes / m["rated_sheets_per_hour"].to_numpy() * crew
    units = process_units(specs, layout)
    for row in processes.itertuples():
        needed = units[row.process].to_numpy()
        out[row.process] = np.where(
            needed > 0, (row.setup_hours + row.hours_per_1000_units * needed / 1000) * row.crew, 0.0
        )
    out["total"] = out.sum(axis=1)
    return out
