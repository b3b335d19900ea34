"""The cohort's learners from a roster file into nbgrader's student table: id, names and e-mail.

A roster is a CSV as Japanese Excel saves it (UTF-8, UTF-8 with a BOM, or cp932) with a column
``id`` and, optionally, ``last_name``, ``first_name`` and ``email`` (the columns of nbgrader's own
student import); a header may be the key, the key with its Japanese label (``id（受講者ID）``)
or the label alone (``受講者ID``). Every row is checked first and every problem reported with its
row number in both languages: a roster with any problem changes nothing, one without is stored in
one transaction. Learners already in the gradebook take the roster's names and e-mail (of the
columns it has); nobody is removed. nbgrader shows them (``nbgrader db student list``,
``nbgrader export``) and the completion badges hash the e-mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.course_config import write_course_config
from dxquest.excel_csv import EXTRA, Column, UnreadableCsv, read_rows
from dxquest.grade import STUDENT_ID
from dxquest.i18n import Msg

COLUMNS = (
    Column("id", "受講者ID"),
    Column("last_name", "姓"),
    Column("first_name", "名"),
    Column("email", "メールアドレス"),
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

UNREADABLE = Msg(
    "名簿 {path} を読み込めませんでした（{reason}）。"
    "CSV（UTF-8 または cp932）で保存し直してください。",
    "The roster {path} could not be read ({reason}). Save it again as CSV (UTF-8 or cp932).",
)
NO_ID_COLUMN = Msg(
    "名簿の1行目に id（受講者ID）の列がありません（見出し：{header}）。",
    "The roster's first row has no id (受講者ID) column (headers: {header}).",
)
NOBODY = Msg("名簿に受講者が1人もいません。", "The roster lists no learner.")
EMPTY_ID = Msg("{row}行目：受講者IDが空です。", "Row {row}: the learner id is empty.")
BAD_ID = Msg(
    "{row}行目：受講者ID {id!r} は使えません"
    "（半角の英数字・「.」「_」「-」で64文字まで、先頭は英数字）。",
    "Row {row}: learner id {id!r} cannot be used (letters, digits, '.', '_' or '-', at most 64, "
    "starting with a letter or digit).",
)
DUPLICATE_ID = Msg(
    "{row}行目：受講者ID {id} は {first}行目にもあります。",
    "Row {row}: learner id {id} is on row {first} too.",
)
BAD_EMAIL = Msg(
    "{row}行目：メールアドレス {email!r} の形が正しくありません。",
    "Row {row}: e-mail {email!r} is not an e-mail address.",
)
EXTRA_CELLS = Msg(
    "{row}行目：見出しより列が多くあります（{cells}）。カンマを含む名前は引用符で囲んでください。",
    "Row {row}: more cells than headers ({cells}). Quote a name that holds a comma.",
)


class RosterError(ValueError):
    """A roster that cannot be imported; ``problems`` says every reason, in both languages."""

    def __init__(self, problems: list[Msg]):
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems


@dataclass
class RosterResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def read_roster(path: Path) -> list[dict[str, str]]:
    """The roster's learners (one dict per learner, of the columns it has), every row checked;
    :class:`RosterError` lists every problem."""
    try:
        header, rows = read_rows(path, COLUMNS)
    except UnreadableCsv as error:
        raise RosterError([UNREADABLE.format(path=path.name, reason=error)]) from None
    if "id" not in header:
        raise RosterError([NO_ID_COLUMN.format(header=", ".join(header) or "-")])
    present = [c.key for c in COLUMNS if c.key in header]
    problems: list[Msg] = []
    learners: list[dict[str, str]] = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(value.strip() for value in row.values()):
            continue  # a blank line a spreadsheet left
        if row.get(EXTRA):
            problems.append(EXTRA_CELLS.format(row=number, cells=row[EXTRA]))
        learner = {key: row[key].strip() for key in present}
        student, email = learner["id"], learner.get("email", "")
        if not student:
            problems.append(EMPTY_ID.format(row=number))
        elif not STUDENT_ID.match(student):
            problems.append(BAD_ID.format(row=number, id=student))
        elif student in first_row:
            problems.append(DUPLICATE_ID.format(row=number, id=student, first=first_row[student]))
        else:
            first_row[student] = number
        if email and not _EMAIL.match(email):
            problems.append(BAD_EMAIL.format(row=number, email=email))
        learners.append(learner)
    if not learners and not problems:
        problems.append(NOBODY)
    if problems:
        raise RosterError(problems)
    return learners


def import_roster(path: Path, *, lang: str = "ja", db_url: str | None = None) -> RosterResult:
    """Store the roster at ``path`` in the gradebook of the course of ``lang`` (or ``db_url``):
    all of it in one transaction, or, with :class:`RosterError`, nothing."""
    from nbgrader.api import Student

    from dxquest.course import open_gradebook

    learners = read_roster(path)
    write_course_config(lang)  # the course folder, ready for plain nbgrader commands too
    result = RosterResult()
    with open_gradebook(paths.gradebook_url(lang, db_url)) as gb:
        known = {student.id: student for student in gb.db.query(Student)}
        for learner in learners:
            student = known.get(learner["id"])
            if student is None:
                student = Student(id=learner["id"])
                gb.db.add(student)
                result.added.append(learner["id"])
            else:
                result.updated.append(learner["id"])
            for key in ("last_name", "first_name", "email"):
                if key in learner:
                    setattr(student, key, learner[key] or None)
        gb.db.commit()
    return result
