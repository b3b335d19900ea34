"""Do CSV files open in Japanese Excel and read back whatever Excel saved them as?"""

import pytest

from dxquest.excel_csv import (
    EXTRA,
    Column,
    UnencodableText,
    UnreadableCsv,
    header_key,
    read_rows,
    write_rows,
)

COLUMNS = (Column("student_id", "受講者ID"), Column("points", "点数"))


def test_the_header_shows_the_japanese_label_beside_the_key_and_rows_end_as_excels_do(tmp_path):
    path = tmp_path / "t.csv"
    write_rows(path, COLUMNS, [["aiko", 3], ["ken", None]])
    assert (
        path.read_bytes()
        == "\ufeffstudent_id（受講者ID）,points（点数）\r\naiko,3\r\nken,\r\n".encode()
    )
    assert read_rows(path, COLUMNS) == (
        ["student_id", "points"],
        [{"student_id": "aiko", "points": "3"}, {"student_id": "ken", "points": ""}],
    )


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("points（点数）", "points"),
        ("points (点数)", "points"),  # half-width brackets, as an IME or a person may type them
        (" points ", "points"),
        ("点数", "points"),
        ("受講者ID", "student_id"),
        ("memo", "memo"),
        ("pointsx（点数）", "pointsx（点数）"),
    ],
)
def test_a_header_cell_reads_as_its_key_whichever_way_it_is_written(cell, key):
    assert header_key(cell, COLUMNS) == key


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_every_encoding_excel_saves_in_reads_back(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes('点数,受講者ID\r\n"1,5",田中\r\n2\r\n'.encode(encoding))
    keys, rows = read_rows(path, COLUMNS)
    assert keys == ["points", "student_id"]
    assert rows == [{"points": "1,5", "student_id": "田中"}, {"points": "2", "student_id": ""}]


def test_cells_beyond_the_header_are_kept_apart_and_other_bytes_are_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("points\n1,x,y\n", encoding="utf-8")
    assert read_rows(path, COLUMNS)[1] == [{"points": "1", EXTRA: "x,y"}]
    path.write_bytes(b"\x81\x00\xff points")
    with pytest.raises(UnreadableCsv, match="neither UTF-8 nor cp932"):
        read_rows(path, COLUMNS)


def test_text_cp932_cannot_store_is_refused_in_both_languages_before_anything_is_written(
    tmp_path,
):
    path = tmp_path / "t.csv"
    with pytest.raises(UnencodableText) as caught:
        write_rows(path, COLUMNS, [["aiko", 1], ["𠮷田", 2]], encoding="cp932")
    assert "Row 3, student_id" in caught.value.problem.en
    assert "3行目の student_id" in caught.value.problem.ja
    assert not path.exists()
