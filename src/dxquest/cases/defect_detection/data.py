"""Kanazawa Precision's inspection data as the notebooks and the questions read it (kernel side).

The images and tables are the learner's data; the reference model's scores of the validation lots
(and its heatmaps of their defective parts) were computed by the grader when it built that data
(:mod:`.validation_scores`), so that every learner designs the inspection with the same numbers and
no kernel holds the reference model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dxquest.i18n import Msg
from dxquest.public_data import load_public_data
from dxquest.synth.surface_tables import SurfaceData, read_surface_data

CASE_ID = "defect_detection"
VALIDATION_SHARE = 0.3
"""The last 30 % of lots are the validation set: a model never learns from them."""
VALIDATION_SCORES_FILE = "validation_scores.csv"
VALIDATION_HEATMAPS_FILE = "validation_heatmaps.npz"


CODE_NAMES = {
    "scratch": Msg("傷", "scratch"),
    "dent": Msg("打痕", "dent"),
    "crack": Msg("割れ", "crack"),
    "stain": Msg("しみ", "stain"),
    "BR": Msg("ブラケット", "bracket"),
    "KN": Msg("ノブ", "knob"),
    "HS": Msg("ハウジング", "housing"),
    "day": Msg("昼勤", "day shift"),
    "night": Msg("夜勤", "night shift"),
}
"""What the parts table's codes (defect kinds, products, shifts) are called on the shop floor."""


def name_of(code: object) -> object:
    """The name of a code of the parts table in the notebook's language, for titles and tables
    (``table.rename(index=name_of)``); any other value as it is."""
    return str(CODE_NAMES[code]) if code in CODE_NAMES else code


def load_data(directory: Path | None = None) -> SurfaceData:
    """The parts' images, annotations and tables: the learner's data."""
    return load_public_data(CASE_ID, read_surface_data, "images.npz", directory)


def validation_split(data: SurfaceData) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (train, validation) by lot: the last lots are the validation set, as a new
    month of production would be."""
    lots = data.parts["lot_id"]
    cut = lots.unique()[int(len(lots.unique()) * (1 - VALIDATION_SHARE))]
    validation = (lots >= cut).to_numpy()
    return ~validation, validation


def load_validation_scores(directory: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Scores of the validation lots' parts by a LightGBM detector trained on the other lots, and
    the parts' labels: the numbers notebook 03 designs the operation with."""
    return load_public_data(CASE_ID, _read_scores, VALIDATION_SCORES_FILE, directory)


def _read_scores(directory: Path) -> tuple[np.ndarray, np.ndarray]:
    table = pd.read_csv(directory / VALIDATION_SCORES_FILE)
    return table["score"].to_numpy(dtype=float), table["label"].to_numpy(dtype=int)


def load_validation_heatmaps(directory: Path | None = None) -> dict[str, np.ndarray]:
    """The same detector's heatmaps of the validation lots' defective parts, by ``part_id``: what
    the AI shows an inspector, for notebook 04's picture."""
    return load_public_data(CASE_ID, _read_heatmaps, VALIDATION_HEATMAPS_FILE, directory)


def _read_heatmaps(directory: Path) -> dict[str, np.ndarray]:
    with np.load(directory / VALIDATION_HEATMAPS_FILE) as saved:
        return dict(zip(saved["part_id"], saved["heatmaps"], strict=True))
