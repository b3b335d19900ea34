"""Are submissions found in every layout nbgrader and operators produce, and archives safe?"""

import tarfile
import zipfile

import pytest

from dxquest.cohort.layout import extract_archive, find_submissions, is_archive

CASE = "demand_forecast"


def _nb(path, text="{}"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_collect_layout_reads_nbgrader_timestamps(tmp_path):
    _nb(tmp_path / "submitted" / "alice" / CASE / "01_business_problem.ipynb")
    (tmp_path / "submitted" / "alice" / CASE / "timestamp.txt").write_text(
        "2025-04-01 09:00:00.000000 UTC"
    )
    _nb(tmp_path / "submitted" / "bob" / "other_case" / "x.ipynb")  # not this case
    found = find_submissions(tmp_path, CASE)
    assert [(s.student, s.layout, s.timestamp) for s in found] == [
        ("alice", "collect", "2025-04-01 09:00:00.000000 UTC")
    ]
    assert found[0].path == tmp_path / "submitted" / "alice" / CASE


def test_exchange_inbound_keeps_each_learners_latest(tmp_path):
    inbound = tmp_path / "inbound"
    _nb(inbound / f"alice+{CASE}+2025-04-01 09:00:00.000000 UTC+abc" / "a.ipynb", "old")
    _nb(inbound / f"alice+{CASE}+2025-04-02 09:00:00.000000 UTC+def" / "a.ipynb", "new")
    _nb(inbound / "bob+other_case+2025-04-01 09:00:00.000000 UTC" / "a.ipynb")
    found = find_submissions(tmp_path, CASE)
    assert [s.student for s in found] == ["alice"]
    assert found[0].layout == "exchange" and found[0].timestamp.startswith("2025-04-02")
    assert (found[0].path / "a.ipynb").read_text() == "new"


def test_plain_layout_counts_a_learner_with_no_notebooks(tmp_path):
    _nb(tmp_path / "bob" / "01_business_problem.ipynb")
    (tmp_path / "carol").mkdir()  # submitted nothing: still graded (0 with a message)
    (tmp_path / ".hidden").mkdir()
    found = find_submissions(tmp_path, CASE)
    assert [(s.student, s.layout) for s in found] == [("bob", "plain"), ("carol", "plain")]


def test_fingerprint_changes_with_the_files_only(tmp_path):
    _nb(tmp_path / "bob" / "a.ipynb", "one")
    before = find_submissions(tmp_path, CASE)[0].fingerprint()
    assert find_submissions(tmp_path, CASE)[0].fingerprint() == before
    _nb(tmp_path / "bob" / "a.ipynb", "two")
    assert find_submissions(tmp_path, CASE)[0].fingerprint() != before


def test_archives_unpack_to_the_same_submissions(tmp_path):
    source = tmp_path / "src" / "cohort"
    _nb(source / "alice" / "a.ipynb")
    _nb(source / "bob" / "b.ipynb")
    archive = tmp_path / "cohort.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(source, arcname="cohort")
    assert is_archive(archive)
    root = extract_archive(archive, tmp_path / "unpacked")
    assert [s.student for s in find_submissions(root, CASE)] == ["alice", "bob"]


def test_archive_members_may_not_escape(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../outside.ipynb", "{}")
    with pytest.raises(ValueError, match="leaves the folder"):
        extract_archive(archive, tmp_path / "unpacked")
    assert not (tmp_path / "outside.ipynb").exists()
