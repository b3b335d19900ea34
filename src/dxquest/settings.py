"""The cohort's own settings: one TOML file the operator edits (``grading/cohort.toml``).

It holds what differs from cohort to cohort and is the same for every case: nbgrader's course id and
exchange folder, and due dates and the late policy (``[deadline]`` for every case,
``[deadline.<case>]`` for one; :mod:`dxquest.deadlines` reads them). dxquest writes them into each
course folder's ``nbgrader_config.py`` and gradebook, so plain ``nbgrader`` commands see them too.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.i18n import Msg

_COURSE_KEYS = {"id", "exchange_root"}

UNREADABLE = Msg(
    "コホート設定 {path} を読み込めませんでした（{reason}）。",
    "The cohort settings {path} could not be read ({reason}).",
)
UNKNOWN_KEYS = Msg(
    "コホート設定 {path} の [{table}] に知らない項目 {keys} があります（使えるのは {known}）。",
    "The cohort settings {path}: [{table}] has unknown key(s) {keys} (known: {known}).",
)


class SettingsError(ValueError):
    """A settings file that cannot be used; the message says why in Japanese, then English."""

    def __init__(self, problem: Msg):
        super().__init__(f"{problem.ja}\n{problem.en}")
        self.problem = problem


def check_keys(table: dict, known: set[str], path: Path, name: str) -> None:
    """A misspelt key must not be silently ignored (a due date that never applies)."""
    unknown = sorted(set(table) - known)
    if unknown:
        raise SettingsError(
            UNKNOWN_KEYS.format(
                path=path, table=name, keys=", ".join(unknown), known=", ".join(sorted(known))
            )
        )


@dataclass(frozen=True)
class CohortSettings:
    course_id: str = ""  # nbgrader's CourseDirectory.course_id (the exchange needs one)
    exchange_root: str = ""  # nbgrader's Exchange.root: where learners fetch and submit
    deadline: dict = field(default_factory=dict)  # [deadline]: for every case
    case_deadlines: dict[str, dict] = field(default_factory=dict)  # [deadline.<case>]
    source: Path | None = None  # the file read, for messages


def load_cohort_settings(path: Path | None = None) -> CohortSettings:
    """The settings in ``path`` (default :func:`dxquest.paths.cohort_config`; none: defaults)."""
    path = path or paths.cohort_config()
    if path is None:
        return CohortSettings()
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(UNREADABLE.format(path=path, reason=error)) from None
    check_keys(raw, {"course", "deadline"}, path, "")
    course = raw.get("course", {})
    check_keys(course, _COURSE_KEYS, path, "course")
    deadline = dict(raw.get("deadline", {}))
    cases = {key: deadline.pop(key) for key in list(deadline) if isinstance(deadline[key], dict)}
    return CohortSettings(
        course_id=str(course.get("id", "")),
        exchange_root=str(course.get("exchange_root", "")),
        deadline=deadline,
        case_deadlines=cases,
        source=path,
    )
