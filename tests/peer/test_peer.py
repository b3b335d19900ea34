"""Peer review without kernels: who reviews whom, the review form, packets, medians and flags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.excel import through_csv, through_pandas

from dxquest.caseinfo import get_case
from dxquest.cohort.gradebook import sqlite_url
from dxquest.peer import (
    AssignmentError,
    PeerAssignment,
    Review,
    assign_reviewers,
    import_reviews,
    make_aliases,
)
from dxquest.peer.aggregate import flag_reviewers, peer_scores, trusted_reviews
from dxquest.peer.forms import (
    FormError,
    parse_form,
    read_form_rows,
    write_form,
    write_form_rows,
)
from dxquest.peer.packets import render_packet
from dxquest.peer.store import (
    load_assignment,
    load_reviews,
    replace_reviews,
    save_assignment,
)
from dxquest.rubric import load_rubric

CASE = get_case("effort_prediction")
RUBRIC = load_rubric(CASE)

student_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
cohorts = st.lists(student_ids, min_size=2, max_size=80, unique=True)


@settings(max_examples=200, deadline=None)
@given(cohorts, st.integers(min_value=1, max_value=10), st.integers(min_value=0, max_value=2**32))
def test_every_submission_gets_k_distinct_reviewers_never_its_author_and_loads_are_equal(
    students, k, seed
):
    k = min(k, len(students) - 1)
    assigned = assign_reviewers(students, k, seed)
    assert set(assigned) == set(students)
    load = dict.fromkeys(students, 0)
    for author, reviewers in assigned.items():
        assert author not in reviewers
        assert len(reviewers) == len(set(reviewers)) == k
        assert set(reviewers) <= set(students)
        for reviewer in reviewers:
            load[reviewer] += 1
    assert set(load.values()) == {k}


@settings(max_examples=100, deadline=None)
@given(cohorts, st.integers(min_value=0, max_value=2**32), st.randoms(use_true_random=False))
def test_assignment_and_aliases_depend_only_on_the_cohort_k_and_seed(students, seed, rng):
    k = min(3, len(students) - 1)
    shuffled = list(students)
    rng.shuffle(shuffled)
    assert assign_reviewers(shuffled, k, seed) == assign_reviewers(students, k, seed)
    aliases = make_aliases(shuffled, seed)
    assert aliases == make_aliases(students, seed)
    assert len(set(aliases.values())) == len(students)
    assert all(re.fullmatch(r"P-[0-9A-F]{6}", alias) for alias in aliases.values())
    # The aliases carry nothing of the names: another cohort of the same size gets the same ones.
    others = [f"x{i}" for i in range(len(students))]
    assert sorted(make_aliases(others, seed).values()) == sorted(aliases.values())


def test_another_seed_gives_another_assignment():
    students = [f"s{i:02d}" for i in range(30)]
    assert assign_reviewers(students, 3, 1) != assign_reviewers(students, 3, 2)


@pytest.mark.parametrize(("n", "k"), [(3, 3), (1, 1), (5, 0)])
def test_impossible_assignments_say_why(n, k):
    with pytest.raises(AssignmentError, match="k|submissions"):
        assign_reviewers([f"s{i}" for i in range(n)], k)


# --- review forms -------------------------------------------------------------------------------

STUDENTS = ["ann", "ben", "cho", "dan"]


def _assignment() -> PeerAssignment:
    return PeerAssignment(
        case_id=CASE.id,
        seed=7,
        k=2,
        aliases=make_aliases(STUDENTS, 7),
        reviewers=assign_reviewers(STUDENTS, 2, 7),
    )


def _fill(path: Path, points, encoding: str = "utf-8-sig") -> None:
    """Fill in a blank form: ``points(row)`` gives the text for the points column."""
    rows = read_form_rows(path)
    write_form_rows(path, [row | {"points": points(row)} for row in rows], encoding)


def test_a_filled_form_reads_back_as_one_review_per_row(tmp_path):
    assignment = _assignment()
    form = tmp_path / "ann.csv"
    rows = write_form(form, "ann", assignment, RUBRIC, "ja")
    criteria = sum(len(q.criteria) for q in RUBRIC.questions)
    assert rows == 2 * criteria
    # A Japanese spreadsheet may save it in cp932 with full-width digits: still accepted.
    _fill(form, lambda row: "１" if row["criterion"].startswith("k") else "0", encoding="cp932")
    reviewer, reviews = parse_form(form, assignment, RUBRIC)
    assert reviewer == "ann"
    assert len(reviews) == rows
    assert {r.author for r in reviews} == set(assignment.reviews_of("ann"))
    assert {r.points for r in reviews} == {0.0, 1.0}


def test_a_form_opens_in_japanese_excel_with_japanese_headers_beside_the_keys(tmp_path):
    """UTF-8 with a BOM and CRLF (Excel's own CSV UTF-8), every header showing its key and a
    Japanese label, and nothing that cp932 (Excel's other CSV) cannot store; or cp932 itself."""
    utf8, cp932 = tmp_path / "utf8.csv", tmp_path / "cp932.csv"
    write_form(utf8, "ann", _assignment(), RUBRIC, "ja")
    write_form(cp932, "ann", _assignment(), RUBRIC, "ja", encoding="cp932")
    data = utf8.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n")
    text = data.decode("utf-8-sig")
    header = text.split("\r\n")[0]
    assert header.startswith("reviewer（レビュアー）,submission（提出物）,")
    assert "points（点数）" in header and "comment（コメント）" in header
    assert cp932.read_bytes() == text.encode("cp932")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_a_filled_form_round_trips_byte_stable_through_csv_and_pandas(tmp_path, encoding):
    form = tmp_path / "ann.csv"
    write_form(form, "ann", _assignment(), RUBRIC, "ja", encoding=encoding)
    rows = read_form_rows(form)
    rows[0]["comment"] = '根拠が明確。ただし "KPI" の定義は、\n次回に期待'  # quote, comma, newline
    write_form_rows(form, [row | {"points": "1"} for row in rows], encoding)
    written = form.read_bytes()
    assert through_csv(form, encoding) == written
    assert through_pandas(form, encoding) == written
    reviewer, reviews = parse_form(form, _assignment(), RUBRIC)
    assert reviewer == "ann" and reviews[0].comment.endswith("定義は、\n次回に期待")


def test_every_problem_of_a_bad_form_is_reported_in_both_languages(tmp_path):
    assignment = _assignment()
    form = tmp_path / "ben.csv"
    write_form(form, "ben", assignment, RUBRIC, "en")
    _fill(form, lambda row: {"kpi_choice": "3", "measurement": ""}.get(row["criterion"], "1"))
    rows = read_form_rows(form)
    rows[-1]["submission"] = "P-NOPE00"
    rows.pop(3)  # a deleted row
    write_form_rows(form, rows)

    with pytest.raises(FormError) as caught:
        parse_form(form, assignment, RUBRIC)
    en = [p.en for p in caught.value.problems]
    ja = [p.ja for p in caught.value.problems]
    assert sum("is not a level of the rubric; enter one of 0 / 1" in m for m in en) == 2
    assert sum("points is empty" in m for m in en) == 2
    assert any("submission P-NOPE00 is not under review" in m for m in en)
    assert any("row(s) are missing" in m for m in en)
    assert any("ルーブリックの段階にありません" in m for m in ja)
    assert any("レビュー対象にありません" in m for m in ja)


def test_a_blank_form_gets_one_message_not_one_per_row(tmp_path):
    form = tmp_path / "dan.csv"
    write_form(form, "dan", _assignment(), RUBRIC, "ja")
    with pytest.raises(FormError) as caught:
        parse_form(form, _assignment(), RUBRIC)
    assert [p.ja for p in caught.value.problems] == [
        "レビューフォームに点数が1つも記入されていません。points 列に記入してから提出してください。"
    ]


def test_a_form_naming_someone_elses_submission_is_refused(tmp_path):
    assignment = _assignment()
    form = tmp_path / "cho.csv"
    write_form(form, "cho", assignment, RUBRIC, "en")
    _fill(form, lambda row: "1")
    not_mine = next(a for a in STUDENTS if a != "cho" and a not in assignment.reviews_of("cho"))
    text = form.read_text(encoding="utf-8-sig")
    first_alias = assignment.aliases[assignment.reviews_of("cho")[0]]
    form.write_text(text.replace(first_alias, assignment.aliases[not_mine]), encoding="utf-8")
    with pytest.raises(FormError, match="was not assigned to you"):
        parse_form(form, assignment, RUBRIC)


def test_import_stores_good_forms_and_rejects_bad_ones_without_stopping(tmp_path, build_dir):
    assignment = _assignment()
    db_url = sqlite_url(tmp_path / "gradebook.db")
    save_assignment(db_url, assignment)
    forms = []
    for reviewer in STUDENTS:
        form = tmp_path / f"{reviewer}.csv"
        write_form(form, reviewer, assignment, RUBRIC, "ja")
        _fill(form, lambda row, bad=(reviewer == "ben"): "2" if bad else "1")
        forms.append(form)
    (tmp_path / "garbage.csv").write_bytes(b"\xff\xfe\x00not a form")
    forms.append(tmp_path / "garbage.csv")

    result = import_reviews(CASE, forms, lang="ja", db_url=db_url)

    assert set(result.imported) == {"ann", "cho", "dan"}
    assert set(result.rejected) == {"ben.csv", "garbage.csv"}
    assert "ルーブリックの段階にありません" in result.rejected["ben.csv"][0].ja
    stored = load_reviews(db_url, CASE.id)
    assert len(stored) == result.reviews == sum(result.imported.values())
    assert {r.reviewer for r in stored} == {"ann", "cho", "dan"}
    # Importing a form again replaces it instead of adding to it.
    again = import_reviews(CASE, forms[:1], lang="ja", db_url=db_url)
    assert again.imported == {"ann": result.imported["ann"]}
    assert len(load_reviews(db_url, CASE.id)) == len(stored)


# --- packets ------------------------------------------------------------------------------------


def test_a_packet_shows_answers_as_escaped_text_under_the_alias_only():
    answers = {q.grade_id: f"answer of {q.grade_id}" for q in RUBRIC.questions}
    answers["kpi_and_target"] = '<script>alert("x")</script> & <b>bold</b>'
    answers["executive_pitch"] = None
    html = render_packet(CASE, RUBRIC, "P-ABC123", answers, "ja")
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert "<b>bold" not in html
    assert "P-ABC123" in html
    assert "提出されていません" in html
    assert "現状値つきの数値目標" in html  # a criterion of the rubric, in the cohort's language
    en = render_packet(CASE, RUBRIC, "P-ABC123", answers, "en")
    assert "Numeric target with its baseline" in en and "was not submitted" in en


# --- medians and flags --------------------------------------------------------------------------


def _reviews(reviewer: str, author: str, points: dict[str, float]) -> list[Review]:
    question = RUBRIC.question("kpi_and_target")
    return [Review(reviewer, author, question.grade_id, c, points[c]) for c in points]


def test_a_cells_peer_score_is_the_sum_of_its_criteria_medians():
    reviews = (
        _reviews("r1", "ann", {"kpi_choice": 1, "target_with_baseline": 1, "measurement": 0})
        + _reviews("r2", "ann", {"kpi_choice": 1, "target_with_baseline": 0, "measurement": 0})
        + _reviews("r3", "ann", {"kpi_choice": 0, "target_with_baseline": 1, "measurement": 1})
    )
    cell = peer_scores(reviews, RUBRIC)["ann"]["kpi_and_target"]
    assert cell.criteria == {"kpi_choice": 1, "target_with_baseline": 1, "measurement": 0}
    assert cell.score == 2 and cell.max_score == 3 and cell.reviewers == 3
    two = peer_scores(reviews[:6], RUBRIC)["ann"]["kpi_and_target"]
    assert two.criteria["target_with_baseline"] == 0.5  # median of two: their mean


def test_reviewers_who_did_not_review_or_disagree_with_everyone_are_flagged():
    authors = ["ann", "ben", "cho", "dan"]
    truth = {
        a: {"kpi_choice": i % 2, "target_with_baseline": 1, "measurement": 0}
        for i, a in enumerate(authors)
    }
    reviews = []
    for author in authors:
        reviews += _reviews("fair1", author, truth[author])
        reviews += _reviews("fair2", author, truth[author])
        reviews += _reviews("erratic", author, {c: 1 - p for c, p in truth[author].items()})
    assignment = PeerAssignment(
        CASE.id,
        0,
        3,
        make_aliases(authors),
        {a: ("erratic", "fair1", "fair2", "idle") for a in authors},
    )
    flags = {(f.reviewer, f.reason): f for f in flag_reviewers(assignment, reviews, RUBRIC)}
    assert set(flags) == {("idle", "missing"), ("erratic", "outlier")}
    assert flags[("erratic", "outlier")].deviation == 1.0
    assert flags[("erratic", "outlier")].items == 12
    # The median ignores the erratic reviewer: the scores are the fair ones.
    scores = peer_scores(reviews, RUBRIC)
    assert all(scores[a]["kpi_and_target"].criteria == truth[a] for a in authors)
    # The outlier's reviews leave the medians wherever someone else reviewed the submission.
    alone = _reviews(
        "erratic", "eve", {"kpi_choice": 1, "target_with_baseline": 1, "measurement": 1}
    )
    kept = trusted_reviews(reviews + alone, list(flags.values()))
    assert {r.reviewer for r in kept if r.author != "eve"} == {"fair1", "fair2"}
    assert peer_scores(kept, RUBRIC)["eve"]["kpi_and_target"].score == 3
    # Two reviewers who disagree: nothing tells which is off, so nobody is flagged.
    pairs = [r for r in reviews if r.reviewer != "fair2"]
    assert [f.reason for f in flag_reviewers(assignment, pairs, RUBRIC)] == ["missing", "missing"]


def test_the_round_is_kept_in_a_postgresql_gradebook_too(postgres_url, build_dir):
    assignment = _assignment()
    save_assignment(postgres_url, assignment)
    assert load_assignment(postgres_url, CASE.id) == assignment
    review = Review("ann", assignment.reviews_of("ann")[0], "kpi_and_target", "kpi_choice", 1.0)
    replace_reviews(postgres_url, CASE.id, "ann", [review])
    assert load_reviews(postgres_url, CASE.id) == [review]
