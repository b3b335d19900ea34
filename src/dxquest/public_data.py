"""The learner's data as a notebook loads it (kernel side).

``dxquest lab`` (and the grader) build a case's data before a kernel starts; a kernel only reads
it. A grading kernel has none of the code that generates it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dxquest import paths
from dxquest.i18n import Msg

NOT_PREPARED = Msg(
    "ケース {case} のデータがまだ作られていません。"
    "ターミナルで `dxquest build-data {case}` を実行するか、"
    "`dxquest lab` から開いてください。",
    "The data of case {case} has not been built yet: run `dxquest build-data {case}` in a "
    "terminal, or open the case with `dxquest lab`.",
)


def load_public_data(
    case_id: str, read: Callable[[Path], Any], built_file: str, directory: Path | None = None
) -> Any:
    """``read`` the case's data from ``directory`` (default: the case's data folder)."""
    directory = directory or paths.data_dir(case_id)
    if not (directory / built_file).is_file():
        raise FileNotFoundError(str(NOT_PREPARED.format(case=case_id)))
    return read(directory)
