"""The issuer's RevocationList: which issued badges no longer stand, and why.

A signed badge cannot be withdrawn: its assertion says forever what it said when signed. Open
Badges 2.0 revokes it instead through a RevocationList that the issuer publishes and links from its
Profile (``revocationList``); a verifier reads that list and rejects every assertion it names. The
list is published beside ``issuer.json`` and is only ever added to, so re-issuing keeps it.
"""

from __future__ import annotations

from pathlib import Path

from dxquest.badges import openbadges as ob

REVOCATION_LIST = "revocations.json"


def empty_revocation_list(base: str) -> dict:
    """A RevocationList of the issuer published at ``base`` that revokes nothing yet."""
    return {
        "@context": ob.CONTEXT,
        "type": "RevocationList",
        "id": f"{base}/{REVOCATION_LIST}",
        "issuer": f"{base}/issuer.json",
        "revokedAssertions": [],
    }


def published_revocation_list(publish_dir: Path, base: str) -> dict:
    """The list ``publish_dir`` already publishes (an empty one if none), under ``base``."""
    path = publish_dir / REVOCATION_LIST
    if not path.is_file():
        return empty_revocation_list(base)
    published = ob.json_object(path.read_bytes(), str(path))
    ob.validate_document(published, "RevocationList")
    return {**empty_revocation_list(base), "revokedAssertions": published["revokedAssertions"]}


def with_revoked(revocations: dict, assertion_id: str, reason: str) -> dict:
    """``revocations`` naming ``assertion_id`` exactly once, with ``reason`` (revoking a badge
    again only replaces its reason)."""
    entry = {"id": assertion_id, "revocationReason": reason}
    entries = list(revocations["revokedAssertions"])
    listed = [i for i, e in enumerate(entries) if _listed_id(e) == assertion_id]
    if listed:
        entries[listed[0]] = entry
    else:
        entries.append(entry)
    return {**revocations, "revokedAssertions": entries}


def revocation_reason(revocations: dict, assertion_id: str) -> str | None:
    """Why ``revocations`` revokes ``assertion_id`` ("" when it gives no reason), or ``None``
    when it does not. Entries are assertion ids or objects with one, as the spec allows."""
    for entry in revocations.get("revokedAssertions", []):
        if _listed_id(entry) == assertion_id:
            return entry.get("revocationReason", "") if isinstance(entry, dict) else ""
    return None


def _listed_id(entry: str | dict) -> str | None:
    return entry.get("id") if isinstance(entry, dict) else entry
