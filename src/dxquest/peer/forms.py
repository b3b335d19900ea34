"""The review form: one CSV per reviewer, one row per (submission, free-text cell, criterion).

The reviewer fills in ``points`` (one of ``allowed_points``) and may add a ``comment``. Forms are
CSV files Japanese Excel opens and saves back (:mod:`dxquest.excel_csv`): written as UTF-8 with a
byte-order mark (or cp932 on request), with Japanese headers beside the machine keys, and read back
in either encoding. Reading checks every row and collects every problem, so one round trip tells the
reviewer all that must be fixed.
"""

from __future__ import annotations

from pathlib import Path

from dxquest.excel_csv import Column, UnreadableCsv, read_rows, write_rows
from dxquest.i18n import Msg
from dxquest.peer.store import PeerAssignment, Review
from dxquest.rubric import Rubric

COLUMNS = (
    Column("reviewer", "レビュアー"),
    Column("submission", "提出物"),
    Column("notebook", "ノートブック"),
    Column("grade_id", "設問"),
    Column("criterion", "観点"),
    Column("criterion_title", "観点の説明"),
    Column("allowed_points", "選べる点数"),
    Column("points", "点数"),
    Column("comment", "コメント"),
)

UNREADABLE = Msg(
    "レビューフォームを読み込めませんでした（{reason}）。配布されたCSVに記入して保存し直してください。",
    "The review form could not be read ({reason}). "
    "Fill in the CSV you were given and save it again.",
)
MISSING_COLUMNS = Msg(
    "レビューフォームに列 {columns} がありません。列を消さずに、配布されたCSVに記入してください。",
    "The review form lacks the column(s) {columns}. Fill in the CSV you were given without "
    "deleting columns.",
)
WRONG_REVIEWER = Msg(
    "reviewer 列は全行で、レビューを割り当てられた受講生のIDでなければなりません（{found}）。",
    "The reviewer column must hold, on every row, the id of a learner assigned reviews ({found}).",
)
UNKNOWN_ALIAS = Msg(
    "{row}行目：提出物 {alias} はこのケースのレビュー対象にありません。",
    "Row {row}: submission {alias} is not under review in this case.",
)
NOT_YOURS = Msg(
    "{row}行目：提出物 {alias} はあなたに割り当てられていません。",
    "Row {row}: submission {alias} was not assigned to you.",
)
UNKNOWN_CELL = Msg(
    "{row}行目：設問 {grade_id} はこのケースのルーブリックにありません。",
    "Row {row}: question {grade_id} is not in this case's rubric.",
)
UNKNOWN_CRITERION = Msg(
    "{row}行目：設問 {grade_id} に観点 {criterion} はありません。",
    "Row {row}: question {grade_id} has no criterion {criterion}.",
)
NOT_FILLED = Msg(
    "{row}行目：points が空です。{allowed} のどれかを記入してください。",
    "Row {row}: points is empty; enter one of {allowed}.",
)
NOT_A_LEVEL = Msg(
    "{row}行目：points {value!r} はルーブリックの段階にありません。"
    "{allowed} のどれかを記入してください。",
    "Row {row}: points {value!r} is not a level of the rubric; enter one of {allowed}.",
)
DUPLICATE = Msg(
    "{row}行目：{alias} の {grade_id} / {criterion} はすでに別の行で採点されています。",
    "Row {row}: {alias} {grade_id} / {criterion} is already scored on another row.",
)
BLANK = Msg(
    "レビューフォームに点数が1つも記入されていません。points 列に記入してから提出してください。",
    "The review form has no points filled in; fill in the points column, then hand it in.",
)
MISSING_ROWS = Msg(
    "採点されていない行があります（{count}行、例：{example}）。配布された全行に記入してください。",
    "{count} row(s) are missing (e.g. {example}); fill in every row you were given.",
)


class FormError(ValueError):
    """A review form that cannot be imported; ``problems`` says every reason, in both languages."""

    def __init__(self, problems: list[Msg]):
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems


def _points_text(points: float) -> str:
    return f"{points:g}"


def _allowed_text(points: tuple[float, ...]) -> str:
    return " / ".join(_points_text(p) for p in points)


def form_name(reviewer: str) -> str:
    return f"{reviewer}.csv"


def expected_rows(assignment: PeerAssignment, rubric: Rubric, reviewer: str):
    """(author, question, criterion) in form order: by alias, then rubric order."""
    for author in assignment.reviews_of(reviewer):
        for question in rubric.questions:
            for criterion in question.criteria:
                yield author, question, criterion


def write_form(
    path: Path,
    reviewer: str,
    assignment: PeerAssignment,
    rubric: Rubric,
    lang: str,
    encoding: str = "utf-8-sig",
) -> int:
    """Write ``reviewer``'s blank form (UTF-8 with a BOM, or cp932); returns its number of rows."""
    return write_rows(
        path,
        COLUMNS,
        (
            [
                reviewer,
                assignment.aliases[author],
                question.notebook,
                question.grade_id,
                criterion.id,
                criterion.title.render(lang),
                _allowed_text(criterion.allowed_points),
                "",
                "",
            ]
            for author, question, criterion in expected_rows(assignment, rubric, reviewer)
        ),
        encoding=encoding,
    )


def read_form_rows(path: Path) -> list[dict[str, str]]:
    """The form's rows by machine key, in order (row ``i`` is the spreadsheet's row ``i + 2``)."""
    try:
        header, rows = read_rows(path, COLUMNS)
    except UnreadableCsv as error:
        raise FormError([UNREADABLE.format(reason=str(error))]) from None
    missing = [
        c for c in ("reviewer", "submission", "grade_id", "criterion", "points") if c not in header
    ]
    if missing:
        raise FormError([MISSING_COLUMNS.format(columns=", ".join(missing))])
    return rows


def _parse_points(text: str) -> float | None:
    try:
        return float(text.strip().replace("，", ".").replace(",", "."))
    except ValueError:
        return None


def write_form_rows(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> None:
    """Save rows as :func:`read_form_rows` gives them (as a reviewer's spreadsheet saves it)."""
    write_rows(
        path, COLUMNS, ([row.get(c.key, "") for c in COLUMNS] for row in rows), encoding=encoding
    )


def _filled(row: dict[str, str]) -> bool:
    """Not a row of empty cells (which spreadsheets leave below the data)."""
    return any(value.strip() for value in row.values())


def parse_form(path: Path, assignment: PeerAssignment, rubric: Rubric) -> tuple[str, list[Review]]:
    """The reviewer and reviews of a filled-in form; :class:`FormError` lists every problem."""
    rows = {number: row for number, row in enumerate(read_form_rows(path), start=2) if _filled(row)}
    reviewers = {(row.get("reviewer") or "").strip() for row in rows.values()}
    assigned = set(assignment.all_reviewers)
    if len(reviewers) != 1 or not reviewers <= assigned:
        raise FormError([WRONG_REVIEWER.format(found=", ".join(sorted(reviewers)) or "-")])
    reviewer = reviewers.pop()
    if not any((row.get("points") or "").strip() for row in rows.values()):
        raise FormError([BLANK])  # one message, not one per row
    by_alias = {alias: author for author, alias in assignment.aliases.items()}
    mine = set(assignment.reviews_of(reviewer))

    problems: list[Msg] = []
    reviews: dict[tuple[str, str, str], Review] = {}
    seen: set[tuple[str, str, str]] = set()  # rows present, whether or not their points are valid
    for number, row in rows.items():  # numbered as the spreadsheet shows them
        alias = (row.get("submission") or "").strip()
        grade_id = (row.get("grade_id") or "").strip()
        criterion_id = (row.get("criterion") or "").strip()
        author = by_alias.get(alias)
        if author is None:
            problems.append(UNKNOWN_ALIAS.format(row=number, alias=alias))
            continue
        if author not in mine:
            problems.append(NOT_YOURS.format(row=number, alias=alias))
            continue
        try:
            question = rubric.question(grade_id)
        except KeyError:
            problems.append(UNKNOWN_CELL.format(row=number, grade_id=grade_id))
            continue
        criterion = next((c for c in question.criteria if c.id == criterion_id), None)
        if criterion is None:
            problems.append(
                UNKNOWN_CRITERION.format(row=number, grade_id=grade_id, criterion=criterion_id)
            )
            continue
        key = (author, grade_id, criterion_id)
        if key in seen:
            problems.append(
                DUPLICATE.format(row=number, alias=alias, grade_id=grade_id, criterion=criterion_id)
            )
            continue
        seen.add(key)
        allowed = _allowed_text(criterion.allowed_points)
        value = (row.get("points") or "").strip()
        if not value:
            problems.append(NOT_FILLED.format(row=number, allowed=allowed))
            continue
        points = _parse_points(value)
        if points not in criterion.allowed_points:
            problems.append(NOT_A_LEVEL.format(row=number, value=value, allowed=allowed))
            continue
        comment = (row.get("comment") or "").strip()
        reviews[key] = Review(reviewer, author, grade_id, criterion_id, points, comment)

    missing = [
        f"{assignment.aliases[author]} {question.grade_id}/{criterion.id}"
        for author, question, criterion in expected_rows(assignment, rubric, reviewer)
        if (author, question.grade_id, criterion.id) not in seen
    ]
    if missing:
        problems.append(MISSING_ROWS.format(count=len(missing), example=missing[0]))
    if problems:
        raise FormError(problems)
    return reviewer, list(reviews.values())
