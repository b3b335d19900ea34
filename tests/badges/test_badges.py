"""Completion badges: who completes, Open Badges 2.0 validity, signatures others can check."""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from support.gradebooks import copy_gradebook, submit

from dxquest.badges import badge_problem, export_completion_csv, issue_badges, verify_badge
from dxquest.badges import openbadges as ob
from dxquest.badges.openbadges import InvalidBadge, validate_document
from dxquest.similarity.standing import SimilarityStanding

from .cohort import BASE, CASE_ID, issue_cohort

EARLIER = "2025-01-01T00:00:00+09:00"  # a forged issue date


@pytest.fixture(scope="module")
def case(forecast_case):
    return forecast_case


@pytest.fixture(scope="module")
def cells(forecast_cells):
    return forecast_cells


@pytest.fixture(scope="module")
def template(forecast_template):
    return forecast_template


@pytest.fixture(scope="module")
def issued(tmp_path_factory, build_dir, case, cells, template):
    """A cohort around the pass mark, badges issued once for the module (the similarity review
    recorded in the session's build folder)."""
    return issue_cohort(tmp_path_factory.mktemp("badges"), case, cells, template)


def test_completion_at_and_around_the_pass_mark(issued):
    """Is exactly the pass mark enough, 0.1 point below not, and a missing notebook fatal?"""
    results, *_ = issued
    assert {s: (r.status, r.missing_gates) for s, r in results.items()} == {
        "at_mark": ("completed", ()),
        "full": ("completed", ()),
        "just_below": ("not_completed", ("pass_mark",)),
        # Its pitch is in the missing notebook.
        "no_pitch": ("not_completed", ("all_notebooks", "pitch")),
    }
    assert results["at_mark"].score_share == pytest.approx(0.6)
    assert results["no_pitch"].score_share > 0.6  # completion needs every notebook, not only points
    for student in ("just_below", "no_pitch"):
        assert results[student].assertion_path is None and results[student].png_path is None


def test_awaiting_review_only_when_reviews_are_not_complete(tmp_path, case, cells, template):
    url = copy_gradebook(template, tmp_path / "gradebook.db")
    # No free text graded yet; one 3-point test failed, so the mark depends on the peers.
    scores = {c.grade_id: (c.points if c.kind == "auto" else None) for c in cells}
    scores["lost_margin_test"] = 0.0
    submit(url, CASE_ID, "waiting", scores, cells)
    # All tests passed and the pitch graded: the rest of the peers' points cannot change it.
    decided = {**scores, "lost_margin_test": 3.0, case.completion.pitch_cell: 5.0}
    submit(url, CASE_ID, "decided", decided, cells)
    key, reviewed = tmp_path / "key.pem", SimilarityStanding(frozenset({"waiting", "decided"}))
    pending = issue_badges(
        case,
        db_url=url,
        out_dir=tmp_path / "a",
        reviews_complete=False,
        similarity=reviewed,
        signing_key=key,
    )
    final = issue_badges(
        case,
        db_url=url,
        out_dir=tmp_path / "b",
        reviews_complete=True,
        similarity=reviewed,
        signing_key=key,
    )
    # The share counts the points the pass mark counts: an optional stretch task's are not.
    counted = [c for c in cells if c.grade_id not in case.completion.stretch_cells]
    max_score = sum(c.points for c in counted)
    waiting_share = (sum(c.points for c in counted if c.kind == "auto") - 3) / max_score
    assert waiting_share < case.completion.pass_mark
    assert [(r.student, r.status) for r in pending] == [
        ("decided", "completed"),
        ("waiting", "awaiting_review"),
    ]
    assert [(r.student, r.status, r.missing_gates) for r in final] == [
        ("decided", "completed", ()),
        ("waiting", "not_completed", ("pitch", "pass_mark")),  # a missing peer grade counts 0
    ]
    assert final[1].score_share == pytest.approx(waiting_share)


def test_issued_documents_are_valid_open_badges_2(issued, case):
    results, root, *_ = issued
    hosted = root / "hosted"
    assertion = json.loads(results["full"].assertion_path.read_text(encoding="utf-8"))
    validate_document(assertion, "Assertion")
    badge = json.loads((hosted / CASE_ID / "badge.json").read_text(encoding="utf-8"))
    validate_document(badge, "BadgeClass")
    validate_document(json.loads((hosted / "issuer.json").read_text()), "Profile")
    validate_document(json.loads((hosted / "issuer-key.json").read_text()), "CryptographicKey")
    assert assertion["issuedOn"] == "2026-11-23T00:00:00+09:00"
    assert assertion["badge"] == f"{BASE}/{CASE_ID}/badge.json"
    key_url = f"{BASE}/issuer-key.json"
    assert assertion["verification"] == {"type": "SignedBadge", "creator": key_url}
    # The skills practised, as the case's metadata declares them (DSS roles and skill items).
    aligned = [a["targetName"] for a in badge["alignment"]]
    assert aligned == [*case.dss_roles, *case.dss_skills]
    assert all(a["targetDescription"] and "description" not in a for a in badge["alignment"])
    assert case.title.ja in badge["name"]


def test_recipient_is_a_salted_sha256_hash(issued):
    results, *_ = issued
    full = json.loads(results["full"].assertion_path.read_text(encoding="utf-8"))["recipient"]
    expected = hashlib.sha256(("full@example.org" + full["salt"]).encode()).hexdigest()
    assert full == {
        "type": "email",
        "hashed": True,
        "salt": full["salt"],
        "identity": f"sha256${expected}",
    }
    assert "full@example.org" not in results["full"].assertion_path.read_text(encoding="utf-8")
    no_email = json.loads(results["at_mark"].assertion_path.read_text())["recipient"]
    assert no_email["type"] == "id"
    assert verify_badge(results["full"].png_path, identity="full@example.org")
    assert not verify_badge(results["full"].png_path, identity="someone@example.org")


def test_the_holder_identifies_as_they_know_themselves(issued):
    """Does an e-mail match whatever its case and spaces, and a learner id without its URN?"""
    results, *_ = issued
    for typed in ("Full@Example.org", " FULL@EXAMPLE.ORG ", "full@example.org"):
        assert verify_badge(results["full"].png_path, identity=typed), typed
    at_mark = results["at_mark"].png_path
    assert verify_badge(at_mark, identity="at_mark")
    assert verify_badge(at_mark, identity="urn:dxquest:learner:at_mark")
    assert not verify_badge(at_mark, identity="full")
    assert not verify_badge(at_mark, identity="urn:dxquest:learner:full")


def test_schema_rejects_a_broken_assertion(issued):
    """Can the schema check fail? An assertion without recipient or with a bad date must."""
    results, *_ = issued
    assertion = json.loads(results["full"].assertion_path.read_text(encoding="utf-8"))
    with pytest.raises(InvalidBadge, match="recipient"):
        validate_document({k: v for k, v in assertion.items() if k != "recipient"}, "Assertion")
    with pytest.raises(InvalidBadge, match="issuedOn"):
        validate_document({**assertion, "issuedOn": "23/11/2026"}, "Assertion")
    with pytest.raises(InvalidBadge, match="issuedOn"):  # a date-time needs its time zone
        validate_document({**assertion, "issuedOn": "2026-11-23T00:00:00"}, "Assertion")


def test_genuine_badges_verify(issued):
    results, *_ = issued
    for student in ("at_mark", "full"):
        assert verify_badge(results[student].assertion_path)
        assert verify_badge(results[student].png_path)
        assert verify_badge(results[student].assertion_path.with_suffix(".jws"))


def _tampered_jws(jws: str, **changes) -> str:
    """The JWS with its payload edited and the original signature kept."""
    header, payload, signature = jws.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    edited = base64.urlsafe_b64encode(json.dumps({**claims, **changes}).encode()).rstrip(b"=")
    return ".".join([header, edited.decode(), signature])


def test_tampered_json_fails(issued, tmp_path):
    results, *_ = issued
    original = results["at_mark"].assertion_path
    forged = original.parent / "forged.json"
    jws = original.with_suffix(".jws").read_text().strip()
    try:
        # Edited readable copy, genuine signature beside it.
        assertion = json.loads(original.read_text(encoding="utf-8"))
        forged.write_text(json.dumps({**assertion, "issuedOn": EARLIER}), encoding="utf-8")
        forged.with_suffix(".jws").write_text(jws)
        assert not verify_badge(forged)
        # Edited signed payload: the signature no longer holds.
        forged.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
        forged.with_suffix(".jws").write_text(_tampered_jws(jws, issuedOn=EARLIER))
        assert not verify_badge(forged)
        # Signed with someone else's key while naming the issuer's key.
        other = ob.load_or_create_key(tmp_path / "attacker.pem")
        forged.with_suffix(".jws").write_text(ob.sign_assertion(assertion, other))
        assert not verify_badge(forged)
    finally:
        forged.unlink(missing_ok=True)
        forged.with_suffix(".jws").unlink(missing_ok=True)


def test_tampered_png_fails(issued, tmp_path):
    results, *_ = issued
    png = results["full"].png_path
    jws = ob.unbake_png(png)
    image = (results["full"].png_path.parents[1] / "badge.png").read_bytes()
    hosted_root = png.parents[2]
    forged = tmp_path / "forged.png"
    forged.write_bytes(ob.bake_png(image, _tampered_jws(jws, issuedOn=EARLIER)))
    assert not verify_badge(forged, hosted_root=hosted_root)
    forged.write_bytes(ob.bake_png(image, jws))  # the genuine JWS re-baked still verifies
    assert verify_badge(forged, hosted_root=hosted_root)
    forged.write_bytes(image)  # no baked assertion at all
    assert not verify_badge(forged, hosted_root=hosted_root)


def test_a_key_not_owned_by_the_issuer_fails(issued, tmp_path):
    """A forger who hosts their own key under the issuer's layout must not pass."""
    results, root, *_ = issued

    copy = tmp_path / "hosted"
    shutil.copytree(root / "hosted", copy)
    key_doc = json.loads((copy / "issuer-key.json").read_text())
    (copy / "issuer-key.json").write_text(json.dumps({**key_doc, "owner": f"{BASE}/other.json"}))
    badge = copy / results["full"].png_path.relative_to(root / "hosted")
    assert not verify_badge(badge)


def test_completion_csv(issued, tmp_path):
    results, _, _, max_score = issued
    out = export_completion_csv(list(results.values()), tmp_path / "completion.csv")
    with open(out, encoding="utf-8") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert set(rows) == {"at_mark", "full", "just_below", "no_pitch"}
    assert rows["at_mark"]["completed"] == "1" and rows["just_below"]["completed"] == "0"
    assert rows["no_pitch"]["status"] == "not_completed"
    assert rows["no_pitch"]["missing_gates"] == "all_notebooks;pitch"
    assert rows["at_mark"]["missing_gates"] == "" and rows["at_mark"]["similarity"] == "not_flagged"
    assert float(rows["full"]["score"]) == max_score
    assert rows["full"]["assertion_url"].startswith(f"{BASE}/{CASE_ID}/assertions/")
    assert rows["just_below"]["assertion_url"] == ""


def test_cli_issues_and_verifies(issued, tmp_path):
    """Do `dxquest cohort badges` and `verify-badge` work end to end, in the learner's language?"""
    from click.testing import CliRunner

    from dxquest.cli import main

    _, root, url, _ = issued
    out = tmp_path / "hosted"
    args = ["cohort", "badges", CASE_ID, "--db-url", url, "--out", str(out), "--base-url", BASE]
    args += ["--signing-key", str(root / "private" / "issuer-key.pem"), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    completed = [r for r in listed["results"] if r["completed"]]
    assert sorted(r["student"] for r in completed) == ["at_mark", "full"]
    assert listed["private"] == str(tmp_path / "operators") and listed["publish"] == str(out)
    with open(listed["csv"], encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 4

    png = completed[0]["png_path"]
    ok = CliRunner().invoke(main, ["cohort", "verify-badge", png, "--lang", "ja"])
    assert ok.exit_code == 0 and "有効なバッジです" in ok.output
    forged = tmp_path / "forged.json"
    assertion = json.loads(Path(completed[0]["assertion_path"]).read_text(encoding="utf-8"))
    forged.write_text(json.dumps({**assertion, "issuedOn": EARLIER}), encoding="utf-8")
    forged.with_suffix(".jws").write_text(
        Path(completed[0]["assertion_path"]).with_suffix(".jws").read_text()
    )
    bad = CliRunner().invoke(
        main, ["cohort", "verify-badge", str(forged), "--hosted-root", str(out), "--lang", "en"]
    )
    assert bad.exit_code == 1 and "does not verify" in bad.output and "edited" in bad.output


def test_a_url_escaping_the_hosted_layout_is_refused(issued, tmp_path):
    """A forged creator URL with '../' must not make the verifier read files outside the layout."""
    results, root, *_ = issued
    outside = root / "issuer-key.json"  # beside the layout, not in it
    outside.write_text((root / "hosted" / "issuer-key.json").read_text())
    try:
        jws = results["full"].assertion_path.with_suffix(".jws").read_text().strip()
        forged = tmp_path / "forged.jws"
        forged.write_text(_tampered_jws(jws, verification={
            "type": "SignedBadge", "creator": f"{BASE}/../issuer-key.json"}))  # fmt: skip
        assert badge_problem(forged, hosted_root=root / "hosted") == (
            f"{BASE}/../issuer-key.json points outside the issuer's layout"
        )
    finally:
        outside.unlink()


def test_a_revoked_badge_is_rejected_while_the_others_still_verify(issued, case, tmp_path):
    """Is a revoked badge rejected with its reason, once however often it is revoked, and still
    after re-issuing, while another learner's badge verifies?"""
    from click.testing import CliRunner

    from dxquest.cli import main

    results, root, url, _ = issued
    hosted = tmp_path / "hosted"
    shutil.copytree(root / "hosted", hosted)
    revoke = ["cohort", "revoke-badge", CASE_ID, "at_mark", "--out", str(hosted), "--lang", "en"]
    for reason in ("Work found copied", "Work found copied after review"):
        done = CliRunner().invoke(main, [*revoke, "--reason", reason])
        assert done.exit_code == 0, done.output
    at_mark = hosted / results["at_mark"].png_path.relative_to(root / "hosted")
    full = hosted / results["full"].png_path.relative_to(root / "hosted")

    revocations = json.loads((hosted / "revocations.json").read_text(encoding="utf-8"))
    validate_document(revocations, "RevocationList")
    assert revocations["revokedAssertions"] == [
        {
            "id": results["at_mark"].assertion_url,
            "revocationReason": "Work found copied after review",
        }
    ]
    issuer = json.loads((hosted / "issuer.json").read_text(encoding="utf-8"))
    assert issuer["revocationList"] == revocations["id"] == f"{BASE}/revocations.json"

    def verify(badge: Path):
        return CliRunner().invoke(main, ["cohort", "verify-badge", str(badge), "--lang", "en"])

    rejected = verify(at_mark)
    assert rejected.exit_code == 1
    assert "revoked: Work found copied after review" in rejected.output
    assert verify(full).exit_code == 0
    key = root / "private" / "issuer-key.pem"
    issue_badges(case, db_url=url, out_dir=hosted, base_url=BASE, signing_key=key)
    assert verify(at_mark).exit_code == 1 and verify(full).exit_code == 0

    missing = CliRunner().invoke(main, [*revoke[:3], "just_below", *revoke[4:], "--reason", "x"])
    assert missing.exit_code == 1 and "holds no badge of demand_forecast for just_below" in (
        missing.output
    )


def test_a_spec_revocation_list_of_bare_ids_revokes_too(issued, tmp_path):
    """A RevocationList written by other tools may list bare assertion ids, without a reason."""
    results, root, *_ = issued
    hosted = tmp_path / "hosted"
    shutil.copytree(root / "hosted", hosted)
    revocations = json.loads((hosted / "revocations.json").read_text(encoding="utf-8"))
    revocations["revokedAssertions"] = [results["full"].assertion_url]
    (hosted / "revocations.json").write_text(json.dumps(revocations), encoding="utf-8")
    badge = hosted / results["full"].png_path.relative_to(root / "hosted")
    assert badge_problem(badge) == "the badge was revoked"
    (hosted / "revocations.json").unlink()  # a list that cannot be read fails, never passes
    assert "revocations.json is not in the issuer's published layout" in badge_problem(badge)


def _published_text(path: Path) -> str:
    """What a reader of the published file sees, the signed assertion inside JWS and PNG decoded."""
    text = path.read_bytes().decode("latin-1")
    if path.suffix in (".jws", ".png") and path.parent.name == "assertions":
        signed = ob.unbake_png(path) if path.suffix == ".png" else path.read_text().strip()
        text += json.dumps(ob.unverified_payload(signed), ensure_ascii=False)
    return text


def test_the_publish_folder_names_no_learner(issued, tmp_path):
    """Can a reader of the published folder learn who took part, who failed, whose badge is which
    or any score? Only the operators' folder beside it may say."""
    from click.testing import CliRunner

    from dxquest.cli import main

    results, root, url, _ = issued
    out = tmp_path / "site" / "badges"
    args = ["cohort", "badges", CASE_ID, "--db-url", url, "--out", str(out), "--base-url", BASE]
    args += ["--signing-key", str(root / "private" / "issuer-key.pem")]
    (out / CASE_ID).mkdir(parents=True)  # where earlier versions left completion.csv
    (out / CASE_ID / "completion.csv").write_text("case,student\ndemand_forecast,at_mark\n")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    private_csv = tmp_path / "site" / "operators" / CASE_ID / "completion.csv"
    assert private_csv.is_file()
    assert f"(public, names nobody): {out}\n" in result.output
    assert f"never publish): {private_csv}\n" in result.output

    published = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    spec_documents = {"issuer.json", "issuer-key.json", "revocations.json"}
    spec_documents |= {f"{CASE_ID}/badge.json", f"{CASE_ID}/badge.png"}
    assertions = set(published) - spec_documents
    assert spec_documents <= set(published)
    assert len(assertions) == 2 * 3  # two learners completed: .json, .jws and baked .png each
    assert all(re.fullmatch(rf"{CASE_ID}/assertions/[0-9a-f]{{24}}\.(json|jws|png)", a)
               for a in assertions)  # fmt: skip
    learners = [*results, "full@example.org"]
    for name, path in published.items():
        text = _published_text(path).lower()
        assert not [who for who in learners if who in text], name
    # Nothing else about the holder either: two learners' assertions differ only in what is
    # opaque (id, image URL) or hashed (recipient), so no score can be read from them.
    documents = [json.loads(published[a].read_text()) for a in assertions if a.endswith(".json")]
    personal = ("id", "image", "recipient")
    assert [{k: v for k, v in d.items() if k not in personal} for d in documents].count(
        {k: v for k, v in documents[0].items() if k not in personal}
    ) == 2

    inside = CliRunner().invoke(main, [*args, "--operators-dir", str(out / "private")])
    assert inside.exit_code == 1 and "inside --out" in inside.output


def test_without_a_recorded_similarity_review_every_learner_waits(issued, tmp_path, monkeypatch):
    """Issuing before the similarity review ran must not pass a copy for want of a look: the
    learners who meet the other gates wait, and the operator is told what to run."""
    from click.testing import CliRunner

    from dxquest.cli import main

    _, root, url, _ = issued
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "build"))  # no review recorded there
    args = ["cohort", "badges", CASE_ID, "--db-url", url, "--out", str(tmp_path / "hosted")]
    args += ["--base-url", BASE, "--signing-key", str(root / "private" / "issuer-key.pem")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert (
        "awaiting_similarity_review" in lines["at_mark"]
        and "missing: similarity" in (lines["at_mark"])
    )
    assert "missing: all_notebooks, pitch, similarity" in lines["no_pitch"]
    assert f"no similarity review of {CASE_ID} is recorded" in result.output
    assert f"{CASE_ID}: 0 of 4 completed" in result.output
