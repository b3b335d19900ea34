"""Due dates and late policy: which applies to a case, and the gradebook's due date from it.

A case may suggest a late policy in its ``case.toml`` (``[deadline]``); the cohort's settings
(:mod:`dxquest.settings`) set the due dates and may change the policy, for every case
(``[deadline]``) or for one (``[deadline.<case>]``); the most specific setting wins. Keys:

* ``due``: a TOML date-time with its offset (``2025-07-31T23:59:00+09:00``);
* ``penalty_per_day``: the share of a notebook's score lost per day, or part of a day, late;
* ``max_penalty``: the most a late notebook loses, as a share of its score (default 1).

nbgrader computes how late a submission is from the assignment's due date in the gradebook
(:func:`write_due_date`) and the submission's ``timestamp.txt``; the plugin
:class:`dxquest.course_plugins.LatePenalty`, named in the course's ``nbgrader_config.py``, turns
that into the notebook's ``late_submission_penalty`` during autograde.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dxquest.caseinfo import CaseInfo
from dxquest.i18n import Msg
from dxquest.settings import (
    CohortSettings,
    SettingsError,
    check_keys,
    load_cohort_settings,
)

_KEYS = {"due", "penalty_per_day", "max_penalty"}
DAY_SECONDS = 24 * 3600

BAD_VALUE = Msg(
    "{path} の [{table}] {key} = {value!r} は使えません：{expected}。",
    "{path}: [{table}] {key} = {value!r} cannot be used: {expected}.",
)
_SHARE = Msg("0 から 1 の割合を書いてください", "write a share from 0 to 1")
_DUE = Msg(
    "時差付きの日時を書いてください（例 2025-07-31T23:59:00+09:00）",
    "write a date-time with its offset (e.g. 2025-07-31T23:59:00+09:00)",
)


@dataclass(frozen=True)
class LatePolicy:
    due: dt.datetime | None = None  # with its offset; None: no due date, nothing is late
    penalty_per_day: float = 0.0
    max_penalty: float = 1.0

    def penalty(self, score: float, seconds_late: float) -> float:
        """Points a notebook scoring ``score`` loses when submitted ``seconds_late`` late."""
        if seconds_late <= 0 or score <= 0:
            return 0.0
        days = math.ceil(seconds_late / DAY_SECONDS)
        return score * min(self.max_penalty, self.penalty_per_day * days)


def _bad(path: Path | None, table: str, key: str, value: object, expected: Msg) -> SettingsError:
    where = {"path": path, "table": table, "key": key, "value": value}
    return SettingsError(
        Msg(
            BAD_VALUE.ja.format(**where, expected=expected.ja),
            BAD_VALUE.en.format(**where, expected=expected.en),
        )
    )


def _checked(table: dict, path: Path | None, name: str) -> dict:
    check_keys(table, _KEYS, path, name)
    for key in ("penalty_per_day", "max_penalty"):
        value = table.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise _bad(path, name, key, value, _SHARE)
    due = table.get("due")
    if due is not None and (not isinstance(due, dt.datetime) or due.utcoffset() is None):
        raise _bad(path, name, "due", due, _DUE)
    return table


def late_policy(case: CaseInfo, settings: CohortSettings) -> LatePolicy:
    """The case's ``[deadline]``, overridden by the cohort's ``[deadline]``, overridden by its
    ``[deadline.<case>]``."""
    toml = case.directory / "case.toml"
    with open(toml, "rb") as f:
        merged = dict(_checked(tomllib.load(f).get("deadline", {}), toml, "deadline"))
    merged |= _checked(settings.deadline, settings.source, "deadline")
    cohort_case = settings.case_deadlines.get(case.id, {})
    merged |= _checked(cohort_case, settings.source, f"deadline.{case.id}")
    return LatePolicy(**merged)


def write_due_date(db_url: str, case: CaseInfo) -> None:
    """Record the case's due date (:func:`late_policy` with the cohort's settings) on its
    assignment in the gradebook, where nbgrader reads it (in UTC without an offset); without one
    the assignment has none."""
    from dxquest.course import open_gradebook

    policy = late_policy(case, load_cohort_settings())
    due = policy.due.astimezone(dt.UTC).replace(tzinfo=None) if policy.due else None
    with open_gradebook(db_url) as gb:
        assignment = gb.find_assignment(case.id)
        if assignment.duedate != due:
            assignment.duedate = due
            gb.db.commit()
