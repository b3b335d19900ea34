"""Open Badges 2.0 documents: build them, sign them (JWS), bake them into a PNG, check them.

A signed badge (verification type ``SignedBadge``) is an assertion whose JSON is the payload of a
JWS compact serialization signed with the issuer's RSA key (RS256). The issuer's public key is a
``CryptographicKey`` document in the hosted layout, linked from the issuer ``Profile``
(``publicKey``) and from the assertion (``verification.creator``), so anyone can fetch it and check
the signature; the private key never leaves the operator's machine. Recipients are identified by a
salted SHA-256 hash (``sha256$<hex>``), as the 2.0 spec's IdentityObject allows, so a published
badge does not reveal who holds it.

Baking follows the Open Badges Baking spec for PNG: one ``iTXt`` chunk with the keyword
``openbadges`` holding the JWS (Pillow writes and reads the chunk).
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
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


def unverified_payload(jws: str) -> dict:
    """The assertion inside ``jws`` before its signature is checked (to find its key)."""
    try:
        unchecked = jwt.api_jws.decode_complete(jws, options={"verify_signature": False})
        return json.loads(unchecked["payload"])
    except (jwt.exceptions.DecodeError, json.JSONDecodeError) as error:
        raise InvalidBadge(f"not a signed Open Badges assertion: {error}") from None


def verified_payload(jws: str, public_pem: str) -> dict:
    """The assertion inside ``jws`` if its RS256 signature holds for ``public_pem``."""
    try:
        payload = jwt.api_jws.decode(
            jws, serialization.load_pem_public_key(public_pem.encode("ascii")), [SIGNING_ALGORITHM]
        )
    except jwt.exceptions.InvalidSignatureError:
        raise InvalidBadge("the signature does not match the issuer's public key") from None
    except jwt.exceptions.DecodeError as error:
        raise InvalidBadge(f"not a signed Open Badges assertion: {error}") from None
    return json.loads(payload)


# --- baking -------------------------------------------------------------------------------------


def bake_png(image_png: bytes, signed_assertion: str) -> bytes:
    """``image_png`` with the signed assertion in an ``iTXt`` chunk keyed ``openbadges``."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt(BAKED_KEYWORD, signed_assertion)
    out = io.BytesIO()
    Image.open(io.BytesIO(image_png)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def unbake_png(path: Path) -> str:
    """The content of a baked PNG's ``openbadges`` chunk."""
    with Image.open(path) as image:
        image.load()  # text chunks after the image data are read only with it
        baked = getattr(image, "text", {}).get(BAKED_KEYWORD)
    if not baked:
        raise InvalidBadge(f"{path.name} holds no baked Open Badges assertion")
    return str(baked)
