"""Does the grade export open in Excel with Japanese headers, carry names, e-mail and the late
penalty, and pass through csv and pandas byte for byte?"""

import datetime as dt

import pytest
from nbgrader.api import Gradebook

# The session's empty gradebook of demand_forecast (creating one runs alembic: seconds).
from support.excel import through_csv, through_pandas
from support.fixtures import forecast_case, forecast_cells, forecast_template  # noqa: F401
from support.gradebooks import copy_gradebook, scores_totalling, submit

from dxquest.excel_csv import UnencodableText, read_rows
from dxquest.grade_export import COLUMNS, export_grades

CASE = "demand_forecast"


@pytest.fixture
def gradebook(tmp_path, forecast_template, forecast_cells):  # noqa: F811 (imported fixtures)
    """aiko submitted a day late (2 of her first notebook's points off), ken on time, mio never."""
    url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    auto = [c for c in forecast_cells if c.kind == "auto"]
    submit(url, CASE, "aiko", scores_totalling(10, auto), auto, email="aiko@example.jp")
    submit(url, CASE, "ken", scores_totalling(7.5, auto), auto, email="ken@example.jp")
    with Gradebook(url) as gb:
        gb.update_or_create_student("aiko", last_name="佐藤", first_name="愛子")
        gb.update_or_create_student("ken", last_name="高橋, Jr.", first_name="健")
        gb.add_student("mio", last_name="小林", first_name="澪")
        gb.find_assignment(CASE).duedate = dt.datetime(2025, 7, 31, 14, 59)
        late = gb.find_submission(CASE, "aiko")
        late.timestamp = dt.datetime(2025, 8, 1, 15, 0)
        late.notebooks[0].late_submission_penalty = 2.0
        gb.db.commit()
    return url


def test_one_row_per_learner_with_names_e_mail_and_the_late_penalty(tmp_path, gradebook):
    out = tmp_path / "grades.csv"
    assert export_grades(gradebook, out) == 3
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").split("\r\n")[0]
    assert header.startswith(
        "assignment（課題）,duedate（締切（UTC））,timestamp（提出日時（UTC））,"
    )
    keys, rows = read_rows(out, COLUMNS)
    assert keys == [c.key for c in COLUMNS]
    by = {row["student_id"]: row for row in rows}
    assert (by["aiko"]["last_name"], by["aiko"]["email"]) == ("佐藤", "aiko@example.jp")
    assert by["aiko"]["duedate"] == "2025-07-31 14:59:00"
    assert by["aiko"]["timestamp"] == "2025-08-01 15:00:00"
    assert (by["aiko"]["raw_score"], by["aiko"]["late_submission_penalty"]) == ("10", "2")
    assert by["aiko"]["score"] == "8"
    assert (by["ken"]["last_name"], by["ken"]["score"]) == ("高橋, Jr.", "7.5")
    assert (by["mio"]["timestamp"], by["mio"]["score"]) == ("", "0")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_the_export_round_trips_byte_stable_through_csv_and_pandas(tmp_path, gradebook, encoding):
    out = tmp_path / "grades.csv"
    export_grades(gradebook, out, encoding=encoding)
    written = out.read_bytes()
    assert "佐藤" in written.decode(encoding)
    assert through_csv(out, encoding) == written
    assert through_pandas(out, encoding) == written


def test_a_name_cp932_cannot_store_is_refused_rather_than_garbled(tmp_path, gradebook):
    with Gradebook(gradebook) as gb:
        gb.update_or_create_student("ken", last_name="𠮷田")
    with pytest.raises(UnencodableText, match="last_name"):
        export_grades(gradebook, tmp_path / "grades.csv", encoding="cp932")
