"""CSV files that operators and reviewers open in Japanese Excel and save back.

Excel on a Japanese Windows reads UTF-8 only after a byte-order mark, and saves "CSV (コンマ区切り)"
in cp932 (Shift_JIS with Microsoft's extensions) or "CSV UTF-8" with a BOM; either way rows end in
CRLF and only what must be quoted is quoted. Files are written here in those conventions, so
Python's ``csv`` and pandas read and write them back byte for byte, and read in either encoding.

Every column has a machine key (what programs read) and a Japanese label, and the header shows
both: ``points（点数）``. A header cell reads as its key whether it shows both, the key alone or the
label alone, so a file with machine keys only, or with Japanese headers only, reads too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dxquest.i18n import Msg

WRITE_ENCODINGS = ("utf-8-sig", "cp932")
EXTRA = "_extra_cells"
"""Where :func:`read_rows` puts the cells of a row beyond the header's columns."""

NOT_CP932 = Msg(
    "{row}行目の {column} の「{text}」は cp932（Shift_JIS）で保存できない文字を含みます。"
    "UTF-8（BOM付き）で書き出してください。",
    "Row {row}, {column}: {text!r} holds a character cp932 (Shift_JIS) cannot store; "
    "write the file as UTF-8 with a BOM instead.",
)


@dataclass(frozen=True)
class Column:
    key: str  # what programs read
    ja: str  # what a Japanese reader sees beside it

    @property
    def header(self) -> str:
        return f"{self.key}（{self.ja}）"


class UnreadableCsv(ValueError):
    """The file is no CSV in UTF-8 or cp932; the message is the reason, in both languages."""


class UnencodableText(ValueError):
    """Text that cp932 cannot store; ``problem`` says where, in both languages."""

    def __init__(self, problem: Msg):
        super().__init__(problem.en)
        self.problem = problem


_KEY_BESIDE_LABEL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*[（(]")


def header_key(cell: str, columns: Sequence[Column]) -> str:
    """The machine key a header cell names (the cell itself when it names no known column)."""
    cell = cell.strip()
    for column in columns:
        if cell in (column.key, column.ja, column.header):
            return column.key
    beside = _KEY_BESIDE_LABEL.match(cell)
    if beside and beside[1] in {column.key for column in columns}:
        return beside[1]
    return cell


def write_rows(
    path: Path,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    *,
    encoding: str = "utf-8-sig",
) -> int:
    """Write the header and ``rows`` (cells in ``columns``' order) as Excel writes a CSV; returns
    the number of rows. In cp932, text it cannot store raises :class:`UnencodableText` and
    nothing is written."""
    if encoding not in WRITE_ENCODINGS:
        raise ValueError(f"encoding must be one of {WRITE_ENCODINGS}, got {encoding!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    count = 0
    for count, row in enumerate(rows, start=1):
        cells = ["" if value is None else str(value) for value in row]
        if encoding == "cp932":
            _check_cp932(cells, columns, count + 1)
        writer.writerow(cells)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return count


def _check_cp932(cells: list[str], columns: Sequence[Column], row: int) -> None:
    for cell, column in zip(cells, columns, strict=True):
        try:
            cell.encode("cp932")
        except UnicodeEncodeError:
            raise UnencodableText(NOT_CP932.format(row=row, column=column.key, text=cell)) from None


def decode(data: bytes) -> str:
    """Text of a CSV saved by Excel: UTF-8 (with or without a BOM), else cp932."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableCsv("UTF-8 でも cp932 でもありません / neither UTF-8 nor cp932")


def read_rows(path: Path, columns: Sequence[Column]) -> tuple[list[str], list[dict[str, str]]]:
    """The header's keys and one dict per row (keys of ``columns``; a missing cell reads as
    ``""``, cells beyond the header go to :data:`EXTRA`). Row ``i`` of the list is the
    spreadsheet's row ``i + 2``, so a blank line is kept as a row of empty cells."""
    try:
        text = decode(path.read_bytes())
    except OSError as error:
        raise UnreadableCsv(error.strerror or str(error)) from None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise UnreadableCsv(str(error)) from None
    if not records:
        return [], []
    keys = [header_key(cell, columns) for cell in records[0]]
    rows = []
    for record in records[1:]:
        row = dict(zip(keys, record, strict=False))
        row |= {key: "" for key in keys[len(record) :]}
        if len(record) > len(keys):
            row[EXTRA] = ",".join(record[len(keys) :])
        rows.append(row)
    return keys, rows
