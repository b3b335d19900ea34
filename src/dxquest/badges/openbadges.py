"""Open Badges 2.0 documents: build them, sign them (JWS), bake them into a PNG, check them.

A signed badge (verification type ``SignedBadge``) is an assertion whose JSON is the payload of a
JWS compact serialization signed with the issuer's RSA key (RS256). The issuer's public key is a
``CryptographicKey`` document in the hosted layout, linked from the issuer ``Profile``
(``publicKey``) and from the assertion (``verification.creator``), so anyone can fetch it and check
the signature; the private key never leaves the operator's machine. Recipients are identified by a
salted SHA-256 hash (``sha256$<hex>``), as the 2.0 spec's IdentityObject allows, so a published
badge does not reveal who holds it.

Baking follows the Open Badges Baking spec for PNG: one ``iTXt`` chunk with the keyword
``openbadges`` holding the JWS (Pillow writes the chunk; the verifier reads it chunk by chunk).
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import struct
import zlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from PIL import Image, PngImagePlugin

CONTEXT = "https://w3id.org/openbadges/v2"
BAKED_KEYWORD = "openbadges"
SIGNING_ALGORITHM = "RS256"


class InvalidBadge(ValueError):
    """A badge document breaks the Open Badges 2.0 schema or its signature does not hold."""


@lru_cache(maxsize=1)
def _schema() -> dict:
    text = resources.files("dxquest.badges").joinpath("schemas/openbadges_v2.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def validate_document(document: dict, ob_class: str) -> None:
    """Raise :class:`InvalidBadge` unless ``document`` is a valid 2.0 ``ob_class`` (e.g.
    ``"Assertion"``, ``"BadgeClass"``, ``"Profile"``, ``"CryptographicKey"``)."""
    schema = {**_schema(), "$ref": f"#/$defs/{ob_class}"}
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: e.path
    )
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(document)"
        raise InvalidBadge(f"not an Open Badges 2.0 {ob_class}: {where}: {errors[0].message}")


# --- recipient identity -------------------------------------------------------------------------


def hashed_identity(identity: str, salt: str) -> str:
    """The 2.0 spec's hashed identity: ``sha256$`` + hex SHA-256 of the identity plus the salt."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def normalised_identity(identity: str, identity_type: str) -> str:
    """``identity`` as it is hashed: trimmed, and an e-mail lowercased, so that the address a
    holder types (``Someone@Example.JP``) matches the one the gradebook stored."""
    identity = identity.strip()
    return identity.lower() if identity_type == "email" else identity


def recipient(identity: str, identity_type: str) -> dict:
    salt = secrets.token_hex(16)
    return {
        "type": identity_type,
        "hashed": True,
        "salt": salt,
        "identity": hashed_identity(normalised_identity(identity, identity_type), salt),
    }


def recipient_matches(assertion: dict, identity: str) -> bool:
    """Whether ``identity`` (e.g. the learner's e-mail) is the assertion's recipient."""
    found = assertion["recipient"]
    identity = normalised_identity(identity, found["type"])
    if not found.get("hashed"):
        return normalised_identity(found["identity"], found["type"]) == identity
    return found["identity"] == hashed_identity(identity, found.get("salt", ""))


# --- keys and signatures ------------------------------------------------------------------------


def load_or_create_key(path: Path) -> rsa.RSAPrivateKey:
    """The issuer's signing key at ``path`` (PEM), created readable by its owner only if absent."""
    if path.is_file():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path}: the badge signing key must be an RSA key (RS256)")
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return key


def public_key_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def sign_assertion(assertion: dict, key: rsa.RSAPrivateKey) -> str:
    """JWS compact serialization of ``assertion`` (its JSON is the payload)."""
    payload = json.dumps(assertion, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return jwt.api_jws.encode(payload, key, algorithm=SIGNING_ALGORITHM)


def json_object(data: bytes | str, what: str) -> dict:
    """``data`` parsed as a JSON object; :class:`InvalidBadge` naming ``what`` otherwise."""
    try:
        parsed = json.loads(data)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError (bytes that are not UTF-8)
        raise InvalidBadge(f"{what} is not JSON (damaged or truncated?)") from None
    except RecursionError:  # "[[[[…" nested deeper than the parser's stack
        raise InvalidBadge(f"{what} is JSON nested too deeply to be a badge document") from None
    if not isinstance(parsed, dict):
        raise InvalidBadge(f"{what} is JSON but not an object ({type(parsed).__name__})")
    return parsed


def unverified_payload(jws: str) -> dict:
    """The assertion inside ``jws`` before its signature is checked (to find its key).

    A header naming any algorithm but RS256 is refused here, before a key is even looked up:
    ``none`` would need no signature and HS256 would take the public key as a shared secret.
    """
    try:
        header = jwt.get_unverified_header(jws)
        unchecked = jwt.api_jws.decode_complete(jws, options={"verify_signature": False})
    except jwt.exceptions.InvalidTokenError as error:
        raise InvalidBadge(f"not a signed Open Badges assertion (JWS): {error}") from None
    if header.get("alg") != SIGNING_ALGORITHM:
        raise InvalidBadge(
            f"the badge is signed with {header.get('alg')!r}; only {SIGNING_ALGORITHM} is accepted"
        )
    return json_object(unchecked["payload"], "the signed assertion")


def verified_payload(jws: str, public_pem: str) -> dict:
    """The assertion inside ``jws`` if its RS256 signature holds for ``public_pem``."""
    try:
        public_key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeError):
        raise InvalidBadge("the issuer's key document holds no readable PEM public key") from None
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise InvalidBadge(
            f"the issuer's key is not an RSA key, so it cannot check {SIGNING_ALGORITHM}"
        )
    try:
        payload = jwt.api_jws.decode(jws, public_key, [SIGNING_ALGORITHM])
    except jwt.exceptions.InvalidSignatureError:
        raise InvalidBadge("the signature does not match the issuer's public key") from None
    except jwt.exceptions.InvalidTokenError as error:
        raise InvalidBadge(f"not a signed Open Badges assertion (JWS): {error}") from None
    return json_object(payload, "the signed assertion")


# --- baking -------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BAKED_BYTES = 64 * 1024
"""A signed assertion takes a few KiB; a larger ``openbadges`` chunk is refused unread."""


def bake_png(image_png: bytes, signed_assertion: str) -> bytes:
    """``image_png`` with the signed assertion in an ``iTXt`` chunk keyed ``openbadges``."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt(BAKED_KEYWORD, signed_assertion)
    out = io.BytesIO()
    Image.open(io.BytesIO(image_png)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def unbake_png(path: Path) -> str:
    """The content of a baked PNG's one ``openbadges`` chunk.

    The chunks are walked without decoding the image, so a hostile file can neither make the
    verifier inflate pixels nor hold an oversized chunk in memory; a second ``openbadges`` chunk
    is refused rather than one of the two silently chosen.
    """
    baked = []
    with open(path, "rb") as png:
        if png.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
            raise InvalidBadge(f"{path.name} is not a PNG image")
        while (head := png.read(8)) and head[4:] != b"IEND":
            if len(head) < 8:
                break
            length, kind = struct.unpack(">I4s", head)
            start = png.read(min(length, len(BAKED_KEYWORD) + 1))
            if kind != b"iTXt" or start != BAKED_KEYWORD.encode("ascii") + b"\0":
                png.seek(length - len(start) + 4, io.SEEK_CUR)  # the rest and the CRC
                continue
            if length > MAX_BAKED_BYTES:
                raise InvalidBadge(
                    f"{path.name}: its openbadges chunk holds {length} bytes, more than a badge "
                    f"needs ({MAX_BAKED_BYTES}); refused unread"
                )
            data = start + png.read(length - len(start))
            if png.read(4) != zlib.crc32(kind + data).to_bytes(4, "big"):
                raise InvalidBadge(f"{path.name}: its openbadges chunk is damaged (CRC mismatch)")
            baked.append(_itxt_text(data, path.name))
    if not baked:
        raise InvalidBadge(f"{path.name} holds no baked Open Badges assertion")
    if len(baked) > 1:
        raise InvalidBadge(f"{path.name} holds {len(baked)} openbadges chunks; a badge holds one")
    return baked[0]


def _itxt_text(data: bytes, name: str) -> str:
    """The text of an iTXt chunk: keyword, NUL, compression flag and method, language tag, NUL,
    translated keyword, NUL, then UTF-8 text (zlib-compressed when the flag is 1)."""
    inflater = zlib.decompressobj()
    try:
        _keyword, rest = data.split(b"\0", 1)
        compressed, rest = rest[0], rest[2:]
        _language, _translated, text = rest.split(b"\0", 2)
        text = inflater.decompress(text, MAX_BAKED_BYTES) if compressed else text
        text = text.decode("utf-8")
    except (ValueError, IndexError, zlib.error):  # a missing NUL, cut data, bad UTF-8 or zlib
        raise InvalidBadge(f"{name}: its openbadges chunk is not a readable iTXt chunk") from None
    if inflater.unconsumed_tail:
        raise InvalidBadge(f"{name}: its openbadges chunk inflates past {MAX_BAKED_BYTES} bytes")
    return text
