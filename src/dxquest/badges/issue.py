"""Issue and verify completion badges: Open Badges 2.0 signed assertions for a case.

:func:`issue_badges` reads who completed a case (:mod:`dxquest.badges.completion`: the gradebook
and the similarity review) and writes a hosted layout that the operator publishes as-is at
``base_url``::

    issuer.json                     Profile (name, url, email, publicKey, revocationList)
    issuer-key.json                 CryptographicKey: the public key, to check signatures
    revocations.json                RevocationList: revoked assertions and why (kept on re-issue)
    <case>/badge.json, badge.png    BadgeClass: the case, its criteria, DSS alignment; its image
    <case>/assertions/<id>.json     the assertion (readable copy)
    <case>/assertions/<id>.jws      the same assertion signed (JWS, RS256)
    <case>/assertions/<id>.png      the badge image with the signed assertion baked in

The layout holds only what the Open Badges spec needs, so publishing it reveals nobody: assertion
ids are opaque (derived from the cohort secret), recipients are salted hashes and no score is
written. What names learners (``completion.csv``: who completed, which gates a learner misses,
scores, which badge is whose) goes to the operators' folder, :func:`operators_dir`, outside the
layout; the private signing key stays outside both (``signing_key``).
:func:`verify_badge` is the third party's check, from the files alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from dxquest import paths
from dxquest.badges import openbadges as ob
from dxquest.badges.completion import Completion, case_completions
from dxquest.badges.image import badge_png
from dxquest.badges.revocation import (
    REVOCATION_LIST,
    published_revocation_list,
    revocation_reason,
    with_revoked,
)
from dxquest.caseinfo import CaseInfo
from dxquest.secret import cohort_secret
from dxquest.similarity.standing import SimilarityStanding, recorded_standing
from dxquest.skill import PASS_BAND

DEFAULT_BASE_URL = "https://badges.example.org/dxquest"
"""A placeholder (example.org is reserved for examples): operators pass the URL they publish at."""
DEFAULT_ISSUER_EMAIL = "badges@example.org"
JST = dt.timezone(dt.timedelta(hours=9))
"""Issue dates are Japanese calendar dates: midnight in Japan."""
DSS_URL = "https://www.ipa.go.jp/jinzai/skill-standard/dss/index.html"
DSS_FRAMEWORK = "デジタルスキル標準 (Digital Skill Standard), IPA / METI"


@dataclass(frozen=True)
class BadgeResult:
    student: str
    completed: bool
    score_share: float
    assertion_path: Path | None  # the assertion JSON; its signed .jws sits beside it
    png_path: Path | None  # the baked badge image
    status: str = ""  # completed, not_completed, awaiting_review or awaiting_similarity_review
    score: float = 0.0
    max_score: float = 0.0
    assertion_url: str = ""
    case: str = ""
    missing_gates: tuple[str, ...] = ()  # the completion gates that do not hold (yet)
    similarity: str = ""  # the learner's standing in the similarity review
    band: str = ""  # pass, merit or distinction (the stretch task's) once completed


def badges_dir(case: CaseInfo, lang: str) -> Path:
    """The default hosted layout: ``build/cohort/<lang>/<case>/badges``."""
    return paths.cohort_dir(case.id, lang) / "badges"


def operators_dir(publish_dir: Path) -> Path:
    """The operators' private folder for a layout: ``operators/`` beside it, never inside it."""
    return publish_dir.resolve().parent / "operators"


def _write_json(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _assertion_id(case_id: str, student: str) -> str:
    # Stable across re-issues (the same file is rewritten) and unguessable without the secret.
    digest = hashlib.sha256(f"{cohort_secret()}|{case_id}|{student}|badge".encode()).hexdigest()
    return digest[:24]


def _issuer_documents(base: str, name: str, email: str, key) -> tuple[dict, dict]:
    issuer = {
        "@context": ob.CONTEXT,
        "type": "Issuer",
        "id": f"{base}/issuer.json",
        "name": name,
        "url": base,
        "email": email,
        "publicKey": f"{base}/issuer-key.json",
        "revocationList": f"{base}/{REVOCATION_LIST}",
    }
    public_key = {
        "@context": ob.CONTEXT,
        "type": "CryptographicKey",
        "id": f"{base}/issuer-key.json",
        "owner": issuer["id"],
        "publicKeyPem": ob.public_key_pem(key),
    }
    return issuer, public_key


def badge_class(case: CaseInfo, base: str) -> dict:
    """The case's BadgeClass: what completing it means, aligned to the DSS roles and skills that
    the case's metadata declares."""
    alignment = [
        {
            "targetName": item,
            "targetUrl": DSS_URL,
            "targetFramework": DSS_FRAMEWORK,
            "targetCode": f"{kind}-{index + 1}",
            "targetDescription": description,
        }
        for kind, items, description in (
            ("role", case.dss_roles, "DSS 人材類型（ロール） / DSS role"),
            ("skill", case.dss_skills, "DSS スキル項目 / DSS skill item"),
        )
        for index, item in enumerate(items)
    ]
    notebooks = "、".join(nb.title.ja for nb in case.notebooks)
    gates = case.completion
    # The optional stretch task records merit or distinction; its points are not the pass mark's.
    stretch_ja, stretch_en = (
        (
            "任意の発展課題の点は、この合計にも満点にも含めない。",
            " Points of the optional stretch task count in neither those points nor the maximum.",
        )
        if gates.stretch_cells
        else ("", "")
    )
    return {
        "@context": ob.CONTEXT,
        "type": "BadgeClass",
        "id": f"{base}/{case.id}/badge.json",
        "name": f"{case.title.ja} 修了証 / {case.title.en}: certificate of completion",
        "description": (
            f"{case.company.ja}のケーススタディ（{case.title.ja}）を修了した。"
            f" Completed the case study {case.title.en} of {case.company.en}."
        ),
        "image": f"{base}/{case.id}/badge.png",
        "criteria": {
            "narrative": (
                f"すべてのノートブック（{notebooks}）を提出し、AIが非公開テストで合格帯"
                f"（skill {PASS_BAND} 以上）に達し、プレゼン（提案）が相互評価で配点の"
                f" {gates.pitch_pass:.0%} 以上、自動採点とピアレビューの合計が満点の"
                f" {gates.pass_mark:.0%} 以上で、類似度レビューで写しと確認されていないこと。"
                f"{stretch_ja}"
                f" All notebooks submitted; the AI reaches the pass band (skill {PASS_BAND} or "
                "more) on a hidden holdout; the pitch (proposal) earns at least "
                f"{gates.pitch_pass:.0%} of its points in peer review; autograded plus "
                f"peer-reviewed points reach {gates.pass_mark:.0%} of the maximum; and the "
                f"similarity review confirmed no copy.{stretch_en}"
            )
        },
        "issuer": f"{base}/issuer.json",
        "alignment": alignment,
        "tags": ["dxquest", case.id, "Manabi DX Quest", "デジタルスキル標準"],
    }


LEARNER_URN = "urn:dxquest:learner:"
"""Recipients without an e-mail are identified as this URN followed by their learner id."""


def _recipient_identity(completion: Completion) -> tuple[str, str]:
    """The learner's e-mail when the gradebook has one; else an id under the issuer's URN."""
    if completion.email:
        return completion.email, "email"
    return LEARNER_URN + completion.student, "id"


def issue_badges(
    case: CaseInfo,
    *,
    lang: str = "ja",
    db_url: str | None = None,
    out_dir: Path | None = None,
    issued_on: dt.date | None = None,
    base_url: str = DEFAULT_BASE_URL,
    reviews_complete: bool = True,
    similarity: SimilarityStanding | None = None,
    signing_key: Path | None = None,
    issuer_name: str = "dxquest ケーススタディ教育プログラム",
    issuer_email: str = DEFAULT_ISSUER_EMAIL,
) -> list[BadgeResult]:
    """Decide completion of ``case`` for every learner in the gradebook and write a signed, baked
    badge for each who completed it to ``out_dir`` (default ``build/cohort/<lang>/<case>/badges``;
    layout in the module docstring). ``similarity``: where each learner stands in the similarity
    review (default: the review recorded for ``case`` and ``lang`` with the operators' decisions;
    a learner it has not read waits). Re-issuing rewrites the same files. Returns one result per
    learner, sorted by student id."""
    db_url = paths.gradebook_url(lang, db_url)
    out_dir = out_dir or badges_dir(case, lang)
    base = base_url.rstrip("/")
    issued_on = issued_on or dt.date.today()
    key = ob.load_or_create_key(signing_key or paths.badge_signing_key())
    issuer, public_key = _issuer_documents(base, issuer_name, issuer_email, key)
    badge = badge_class(case, base)
    revocations = published_revocation_list(out_dir, base)
    ob.validate_document(issuer, "Profile")
    ob.validate_document(public_key, "CryptographicKey")
    ob.validate_document(badge, "BadgeClass")
    ob.validate_document(revocations, "RevocationList")
    _write_json(out_dir / "issuer.json", issuer)
    _write_json(out_dir / "issuer-key.json", public_key)
    _write_json(out_dir / REVOCATION_LIST, revocations)
    _write_json(out_dir / case.id / "badge.json", badge)
    image = badge_png(case)
    (out_dir / case.id / "badge.png").write_bytes(image)

    similarity = similarity or recorded_standing(case.id, lang)
    results = []
    completions = case_completions(
        db_url, case, similarity=similarity, reviews_complete=reviews_complete
    )
    for completion in completions:
        result = BadgeResult(
            student=completion.student,
            completed=completion.completed,
            score_share=completion.score_share,
            assertion_path=None,
            png_path=None,
            status=completion.status,
            score=completion.score,
            max_score=completion.max_score,
            case=case.id,
            missing_gates=completion.missing_gates,
            similarity=completion.similarity,
            band=completion.band or "",
        )
        if completion.completed:
            result = _issue_one(case, completion, out_dir, base, issued_on, key, image, result)
        results.append(result)
    return results


def _issue_one(
    case: CaseInfo,
    completion: Completion,
    out_dir: Path,
    base: str,
    issued_on: dt.date,
    key,
    image: bytes,
    result: BadgeResult,
) -> BadgeResult:
    """Sign, write and bake the assertion of one learner who completed ``case``."""
    assertion_id = _assertion_id(case.id, completion.student)
    url = f"{base}/{case.id}/assertions/{assertion_id}.json"
    identity, identity_type = _recipient_identity(completion)
    assertion = {
        "@context": ob.CONTEXT,
        "type": "Assertion",
        "id": url,
        "recipient": ob.recipient(identity, identity_type),
        "badge": f"{base}/{case.id}/badge.json",
        "verification": {"type": "SignedBadge", "creator": f"{base}/issuer-key.json"},
        "issuedOn": dt.datetime.combine(issued_on, dt.time(), JST).isoformat(),
        "image": f"{base}/{case.id}/assertions/{assertion_id}.png",
        # The same for every holder: a score is the learner's to tell, not the issuer's to publish.
        "narrative": (
            "修了の条件（バッジの criteria）をすべて満たして修了。"
            " Completed with every condition of the badge's criteria met."
        ),
    }
    ob.validate_document(assertion, "Assertion")
    signed = ob.sign_assertion(assertion, key)
    folder = out_dir / case.id / "assertions"
    _write_json(folder / f"{assertion_id}.json", assertion)
    (folder / f"{assertion_id}.jws").write_text(signed + "\n", encoding="ascii")
    (folder / f"{assertion_id}.png").write_bytes(ob.bake_png(image, signed))
    return replace(
        result,
        assertion_path=folder / f"{assertion_id}.json",
        png_path=folder / f"{assertion_id}.png",
        assertion_url=url,
    )


class BadgeNotIssued(LookupError):
    """The layout holds no badge of that case for that learner."""


def revoke_badge(
    case: CaseInfo, student: str, reason: str, *, lang: str = "ja", out_dir: Path | None = None
) -> str:
    """Revoke ``student``'s badge of ``case`` issued to the layout ``out_dir`` (default as
    :func:`issue_badges`): list its assertion with ``reason`` in the issuer's RevocationList, which
    is published, so the reason must not name the learner. Revoking again only replaces the reason.
    Returns the assertion's URL; raises :class:`BadgeNotIssued` if there is no such badge."""
    out_dir = out_dir or badges_dir(case, lang)
    assertion = out_dir / case.id / "assertions" / f"{_assertion_id(case.id, student)}.json"
    if not assertion.is_file():
        raise BadgeNotIssued(f"no badge of {case.id} was issued to {student} in {out_dir}")
    assertion_url = ob.json_object(assertion.read_bytes(), assertion.name)["id"]
    issuer = ob.json_object((out_dir / "issuer.json").read_bytes(), "issuer.json")
    base = issuer["id"].rsplit("/", 1)[0]
    revocations = with_revoked(published_revocation_list(out_dir, base), assertion_url, reason)
    ob.validate_document(revocations, "RevocationList")
    _write_json(out_dir / REVOCATION_LIST, revocations)
    if issuer.get("revocationList") != revocations["id"]:  # issued before badges were revocable
        _write_json(out_dir / "issuer.json", {**issuer, "revocationList": revocations["id"]})
    return assertion_url


# --- verification -------------------------------------------------------------------------------


def _hosted_root(path: Path) -> Path | None:
    """The folder of a hosted layout that holds ``path`` (the nearest with an issuer.json)."""
    return next((p for p in path.resolve().parents if (p / "issuer.json").is_file()), None)


MAX_DOCUMENT_BYTES = 1024 * 1024
"""Issuer documents are a few KiB; a larger one is not read past this."""


def _fetcher(root: Path | None):
    """Read a document by URL: from the local copy of the hosted layout when there is one (its
    issuer.json says which URL it is published at; nothing outside that URL is fetched then, so
    verifying against a layout never touches the network), else over HTTPS."""
    base = None
    if root is not None:
        issuer_id = ob.json_object((root / "issuer.json").read_bytes(), "issuer.json").get("id")
        if not isinstance(issuer_id, str):
            raise ob.InvalidBadge("the layout's issuer.json names no id (its published URL)")
        base = issuer_id.rsplit("/", 1)[0] + "/"

    def fetch(url: object) -> dict:
        if not isinstance(url, str):
            raise ob.InvalidBadge(f"{url!r} is not a URL")
        if base is not None:
            if not url.startswith(base):
                raise ob.InvalidBadge(f"{url} is outside the issuer's layout published at {base}")
            local = (root / url[len(base) :]).resolve()
            if not local.is_relative_to(root.resolve()):  # "../" in a forged URL
                raise ob.InvalidBadge(f"{url} points outside the issuer's layout")
            if not local.is_file():
                raise ob.InvalidBadge(f"{url} is not in the issuer's published layout")
            return ob.json_object(local.read_bytes()[:MAX_DOCUMENT_BYTES], url)
        if not url.startswith("https://"):
            raise ob.InvalidBadge(f"cannot fetch {url}: only https URLs are fetched")
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (https only)
            return ob.json_object(response.read(MAX_DOCUMENT_BYTES), url)

    return fetch


def _jws_text(path: Path) -> str:
    if path.stat().st_size > ob.MAX_BAKED_BYTES:
        raise ob.InvalidBadge(f"{path.name} is larger than a signed assertion can be")
    try:
        return path.read_bytes().decode("ascii").strip()
    except UnicodeDecodeError:
        raise ob.InvalidBadge(f"{path.name} is not a JWS (a JWS is ASCII text)") from None


def _signed_assertion(path: Path) -> tuple[str, dict | None]:
    """The JWS of the badge file at ``path`` and, for an assertion JSON, that JSON."""
    if path.suffix == ".png":
        return ob.unbake_png(path), None
    if path.suffix == ".jws":
        return _jws_text(path), None
    shown = ob.json_object(path.read_bytes()[:MAX_DOCUMENT_BYTES], path.name)
    signed = path.with_suffix(".jws")
    if not signed.is_file():
        raise ob.InvalidBadge(f"{path.name}: its signed copy {signed.name} is missing")
    return _jws_text(signed), shown


def _one_line(reason: str, limit: int = 300) -> str:
    """A reason fit for one line of output (schema messages can quote a whole document)."""
    reason = " ".join(reason.split())
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def badge_problem(
    path: Path, *, hosted_root: Path | None = None, today: dt.date | None = None
) -> str | None:
    """Why the badge at ``path`` (assertion JSON, .jws or baked PNG) does not verify, in one line,
    or ``None``; any file at all, however damaged or hostile, gets a reason, never an exception.

    Checks: the JWS is RS256 and its signature holds for the key named by the assertion; that key
    is the issuer's (the issuer's ``publicKey`` and the key's ``owner`` point at each other); the
    assertion, BadgeClass, issuer and key are valid Open Badges 2.0; the issuer's RevocationList
    does not name the badge; it has not expired; and an assertion JSON says exactly what its signed
    copy says. Documents are read from the hosted layout that holds ``path`` (or ``hosted_root``),
    else fetched from their https URLs.
    """
    try:
        problem = _first_problem(path, hosted_root or _hosted_root(path), today or dt.date.today())
    except ob.InvalidBadge as error:
        problem = str(error)
    except (OSError, ValueError, LookupError, TypeError) as error:
        problem = f"cannot read the badge: {type(error).__name__}: {error}"
    return None if problem is None else _one_line(problem)


def _first_problem(path: Path, hosted_root: Path | None, today: dt.date) -> str | None:
    signed, shown = _signed_assertion(path)
    claimed = ob.unverified_payload(signed)
    fetch = _fetcher(hosted_root)
    verification = claimed.get("verification")
    creator = verification.get("creator") if isinstance(verification, dict) else None
    if not creator:
        return "the assertion names no signing key (verification.creator)"
    key = fetch(creator)
    ob.validate_document(key, "CryptographicKey")
    assertion = ob.verified_payload(signed, key["publicKeyPem"])
    ob.validate_document(assertion, "Assertion")
    if assertion["verification"]["type"] != "SignedBadge":
        return "the assertion is not a signed badge"
    badge = fetch(assertion["badge"])
    ob.validate_document(badge, "BadgeClass")
    issuer = fetch(badge["issuer"])
    ob.validate_document(issuer, "Profile")
    if issuer.get("publicKey") != key["id"] or key["owner"] != issuer["id"]:
        return "the signing key does not belong to the badge's issuer"
    reason = _revocation_reason(fetch, issuer, assertion)
    if reason is not None:
        return f"the badge was revoked: {reason}" if reason else "the badge was revoked"
    expires = assertion.get("expires")
    if expires and dt.date.fromisoformat(expires[:10]) < today:
        return f"the badge expired on {expires[:10]}"
    if shown is not None and shown != assertion:
        return f"{path.name} differs from the signed assertion (edited after signing)"
    return None


def _revocation_reason(fetch, issuer: dict, assertion: dict) -> str | None:
    """Why the issuer revoked ``assertion`` ("" without a reason), or ``None`` if it stands: its
    RevocationList (a list that cannot be read fails the badge, as the spec's verification does)
    or, for badges of issuers without one, the assertion's own ``revoked``."""
    if assertion.get("revoked"):
        return assertion.get("revocationReason", "")
    if "revocationList" not in issuer:
        return None
    revocations = fetch(issuer["revocationList"])
    ob.validate_document(revocations, "RevocationList")
    if revocations.get("issuer", issuer["id"]) != issuer["id"]:
        raise ob.InvalidBadge(
            f"{issuer['revocationList']} is not the badge issuer's revocation list"
        )
    return revocation_reason(revocations, assertion["id"])


def verify_badge(
    path: Path, *, hosted_root: Path | None = None, identity: str | None = None
) -> bool:
    """A third party's check of a badge file (see :func:`badge_problem`); with ``identity`` also
    that the badge was issued to it: the holder's e-mail (any case), or their learner id, bare
    (``alice``) or as its URN (``urn:dxquest:learner:alice``)."""
    if badge_problem(path, hosted_root=hosted_root) is not None:
        return False
    if identity is None:
        return True
    signed, _ = _signed_assertion(path)
    assertion = ob.unverified_payload(signed)
    identity = identity.strip()
    if assertion["recipient"]["type"] == "id" and ":" not in identity:
        identity = LEARNER_URN + identity  # the learner id the holder knows, not the URN
    return ob.recipient_matches(assertion, identity)


def export_completion_csv(results: list[BadgeResult], out: Path) -> Path:
    """One row per learner: completion status, the gates that do not hold (``;``-separated), the
    similarity standing, score share and where the badge is."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "case",
                "student",
                "status",
                "completed",
                "missing_gates",
                "similarity",
                "band",
                "score",
                "max_score",
                "score_share",
                "assertion_url",
                "assertion_path",
                "png_path",
            ]
        )
        for r in results:
            writer.writerow(
                [
                    r.case,
                    r.student,
                    r.status,
                    int(r.completed),
                    ";".join(r.missing_gates),
                    r.similarity,
                    r.band,
                    f"{r.score:g}",
                    f"{r.max_score:g}",
                    f"{r.score_share:.4f}",
                    r.assertion_url,
                    r.assertion_path or "",
                    r.png_path or "",
                ]
            )
    return out
