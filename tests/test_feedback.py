"""Does the one feedback writer put what the gradebook holds, and the problems, into score files?"""

import csv
import json

from support.gradebooks import empty_gradebook, grade_cells, submit

from dxquest.caseinfo import get_case
from dxquest.feedback import write_feedback


def test_score_files_say_what_the_gradebook_holds(tmp_path, build_dir):
    case = get_case("demand_forecast")
    cells = grade_cells(case)
    url = empty_gradebook(tmp_path / "gradebook.db", case, cells)
    scores = {c.grade_id: c.points for c in cells}
    failed = next(c for c in cells if c.kind == "auto")
    waiting = next(c for c in cells if c.kind == "manual")
    submit(url, case.id, "aiko", {**scores, failed.grade_id: 0.0, waiting.grade_id: None}, cells)

    report = write_feedback(
        case,
        "aiko",
        lang="en",
        db_url=url,
        out_dir=tmp_path / "grades",
        problems=["04_executive_pitch.ipynb was not submitted; it scores 0."],
        html=False,
    )

    folder = tmp_path / "grades" / "aiko" / case.id
    assert json.loads((folder / "score.json").read_text(encoding="utf-8")) == json.loads(
        report.to_json()
    )
    counted = [c for c in cells if c.grade_id not in case.completion.stretch_cells]
    auto_max = sum(c.points for c in counted if c.kind == "auto")
    assert (report.auto_score, report.auto_max) == (auto_max - failed.points, auto_max)
    assert report.manual_max == sum(c.points for c in counted if c.kind == "manual")
    assert report.problems == ["04_executive_pitch.ipynb was not submitted; it scores 0."]
    assert report.feedback_dir == ""  # no HTML asked for: none is claimed
    with open(folder / "score.csv", encoding="utf-8") as f:
        rows = {row["grade_id"]: row["score"] for row in csv.DictReader(f)}
    assert rows[waiting.grade_id] == ""  # still waiting for its peer grade
    assert len(rows) == len(cells)


def test_the_stretch_task_is_reported_apart_from_the_points_the_pass_mark_counts(tmp_path):
    case = get_case("effort_prediction")  # the case with a stretch task
    cells = grade_cells(case)
    url = empty_gradebook(tmp_path / "gradebook.db", case, cells)
    stretch = case.completion.stretch_cells
    merit = case.completion.merit_cells
    scores = {c.grade_id: c.points for c in cells}
    submit(
        url,
        case.id,
        "aiko",
        {**scores, **dict.fromkeys(case.completion.distinction_cells, 0.0)},
        cells,
    )

    report = write_feedback(case, "aiko", lang="en", db_url=url, out_dir=tmp_path, html=False)

    counted_auto = [c for c in cells if c.kind == "auto" and c.grade_id not in stretch]
    assert report.auto_score == report.auto_max == sum(c.points for c in counted_auto)
    assert report.stretch_max == sum(c.points for c in cells if c.grade_id in stretch) > 0
    assert report.stretch_score == sum(c.points for c in cells if c.grade_id in merit)
    assert report.stretch_score < report.stretch_max
