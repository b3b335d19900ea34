"""Does every damaged or hostile badge get one line saying why and exit 1, never a traceback?

Each builder below writes one badge file an attacker or a broken copy could produce; the hostile
payloads are signed with the issuer's own key where the point is a later check (a forger who
steals nothing still cannot get past the signature, so those checks guard against the issuer's
own mistakes and a leaked key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import jwt
import pytest
from click.testing import CliRunner
from PIL import Image, PngImagePlugin

from dxquest.badges import openbadges as ob
from dxquest.cli import main

from .cohort import BASE, issue_cohort


@pytest.fixture(scope="module")
def genuine(tmp_path_factory, build_dir, forecast_case, forecast_cells, forecast_template):
    """The issued layout, the signing key and one genuine badge to derive hostile ones from."""
    results, root, *_ = issue_cohort(
        tmp_path_factory.mktemp("hostile"), forecast_case, forecast_cells, forecast_template
    )
    png = results["full"].png_path
    return {
        "hosted": root / "hosted",
        "key": ob.load_or_create_key(root / "private" / "issuer-key.pem"),
        "jws": ob.unbake_png(png),
        "assertion": json.loads(results["full"].assertion_path.read_text(encoding="utf-8")),
        "image": (png.parents[1] / "badge.png").read_bytes(),
        "png": png.read_bytes(),
    }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unsigned(header: dict, payload: dict) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"


def _signed(g: dict, payload: object) -> str:
    """``payload`` (any JSON) signed RS256 with the issuer's real key."""
    return jwt.api_jws.encode(json.dumps(payload).encode(), g["key"], algorithm="RS256")


def _assertion(g: dict, **changes) -> dict:
    edited = {**g["assertion"], **changes}
    return {k: v for k, v in edited.items() if v is not None}


def alg_none(g, d):
    (d / "b.jws").write_text(_unsigned({"alg": "none"}, g["assertion"]) + ".")
    return d / "b.jws", "signed with 'none'"


def hs256_with_the_public_key_as_secret(g, d):
    pem = ob.public_key_pem(g["key"]).encode("ascii")
    signing_input = _unsigned({"alg": "HS256", "typ": "JWT"}, g["assertion"])
    mac = hmac.new(pem, signing_input.encode("ascii"), hashlib.sha256).digest()
    (d / "b.jws").write_text(f"{signing_input}.{_b64(mac)}")
    return d / "b.jws", "signed with 'HS256'"


def truncated_jws(g, d):
    (d / "b.jws").write_text(g["jws"][: g["jws"].rindex(".")])  # the signature cut off
    return d / "b.jws", "not a signed Open Badges assertion"


def corrupted_base64(g, d):
    header, payload, signature = g["jws"].split(".")
    middle = len(payload) // 2
    flipped = "A" if payload[middle] != "A" else "B"
    (d / "b.jws").write_text(
        f"{header}.{payload[:middle]}{flipped}{payload[middle + 1 :]}.{signature}"
    )
    return d / "b.jws", "the signed assertion"  # its payload no longer parses or no longer matches


def binary_instead_of_jws(g, d):
    (d / "b.jws").write_bytes(b"\xff\xfe" + g["jws"].encode())
    return d / "b.jws", "not a JWS"


def key_of_another_issuer(g, d):
    other = ob.load_or_create_key(d / "other.pem")
    creator = "https://badges.other.example/issuer-key.json"
    payload = _assertion(g, verification={"type": "SignedBadge", "creator": creator})
    (d / "b.jws").write_text(ob.sign_assertion(payload, other))
    return d / "b.jws", "outside the issuer's layout"


def unknown_key_id(g, d):
    creator = f"{BASE}/issuer-key-2.json"
    payload = _assertion(g, verification={"type": "SignedBadge", "creator": creator})
    (d / "b.jws").write_text(_signed(g, payload))
    return d / "b.jws", "not in the issuer's published layout"


def oversized_itxt_chunk(g, d):
    (d / "b.png").write_bytes(ob.bake_png(g["image"], g["jws"] + "A" * ob.MAX_BAKED_BYTES))
    return d / "b.png", "refused unread"


def two_openbadges_chunks(g, d):
    other = _signed(g, _assertion(g, issuedOn="2025-01-01T00:00:00+09:00"))
    info = PngImagePlugin.PngInfo()
    info.add_itxt(ob.BAKED_KEYWORD, g["jws"])
    info.add_itxt(ob.BAKED_KEYWORD, other)
    Image.open(d.parent / "image.png").save(d / "b.png", format="PNG", pnginfo=info)
    return d / "b.png", "holds 2 openbadges chunks"


def damaged_png_chunk(g, d):
    png = bytearray(g["png"])
    at = png.index(g["jws"][100:120].encode())
    png[at] ^= 0x01
    (d / "b.png").write_bytes(bytes(png))
    return d / "b.png", "CRC mismatch"


def not_a_png(g, d):
    (d / "b.png").write_text(g["jws"])
    return d / "b.png", "not a PNG image"


def payload_not_an_object(g, d):
    (d / "b.jws").write_text(_signed(g, [g["assertion"]]))
    return d / "b.jws", "not an object (list)"


def deeply_nested_payload(g, d):
    (d / "b.jws").write_text(_unsigned({"alg": "RS256"}, {}).split(".")[0] + "."
                             + _b64(b"[" * 20000 + b"]" * 20000) + ".c2ln")  # fmt: skip
    return d / "b.jws", "nested too deeply"


def readable_copy_not_an_object(g, d):
    (d / "b.json").write_text('"an assertion"')
    (d / "b.jws").write_text(g["jws"])
    return d / "b.json", "not an object (str)"


def missing_recipient(g, d):
    (d / "b.jws").write_text(_signed(g, _assertion(g, recipient=None)))
    return d / "b.jws", "'recipient' is a required property"


def missing_verification(g, d):
    (d / "b.jws").write_text(_signed(g, _assertion(g, verification=None)))
    return d / "b.jws", "names no signing key"


def creator_not_a_url(g, d):
    payload = _assertion(g, verification={"type": "SignedBadge", "creator": 42})
    (d / "b.jws").write_text(_signed(g, payload))
    return d / "b.jws", "42 is not a URL"


def expired(g, d):
    (d / "b.jws").write_text(_signed(g, _assertion(g, expires="2026-01-01T00:00:00+09:00")))
    return d / "b.jws", "expired on 2026-01-01"


HOSTILE = [
    alg_none,
    hs256_with_the_public_key_as_secret,
    truncated_jws,
    corrupted_base64,
    binary_instead_of_jws,
    key_of_another_issuer,
    unknown_key_id,
    oversized_itxt_chunk,
    two_openbadges_chunks,
    damaged_png_chunk,
    not_a_png,
    payload_not_an_object,
    deeply_nested_payload,
    readable_copy_not_an_object,
    missing_recipient,
    missing_verification,
    creator_not_a_url,
    expired,
]


@pytest.mark.parametrize("build", HOSTILE, ids=lambda build: build.__name__)
def test_a_hostile_badge_gets_one_line_and_exit_1(genuine, tmp_path, build):
    (tmp_path / "image.png").write_bytes(genuine["image"])
    folder = tmp_path / "badge"
    folder.mkdir()
    badge, reason = build(genuine, folder)
    args = ["cohort", "verify-badge", str(badge), "--hosted-root", str(genuine["hosted"])]
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert result.output.startswith("✗ This badge does not verify: ")
    assert result.output.count("\n") == 1, result.output
    assert reason in result.output


def test_the_genuine_badge_still_verifies(genuine, tmp_path):
    """The corpus is hostile, not the verifier: the badge it is derived from passes, also for the
    e-mail its holder types in another case, and not for someone else."""
    (tmp_path / "b.png").write_bytes(genuine["png"])
    args = ["cohort", "verify-badge", str(tmp_path / "b.png"), "--hosted-root"]
    args += [str(genuine["hosted"]), "--lang", "en"]
    assert CliRunner().invoke(main, args).exit_code == 0
    holder = CliRunner().invoke(main, [*args, "--identity", "FULL@example.org"])
    assert holder.exit_code == 0, holder.output
    other = CliRunner().invoke(main, [*args, "--identity", "at_mark"])
    assert other.exit_code == 1 and "was not issued to at_mark" in other.output
