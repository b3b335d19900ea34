"""Winnow the k-gram hashes of a normalised token stream into a small fingerprint set.

Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003): hash every k-gram of the token stream
(:mod:`.normalise`) and keep, in each window of ``w`` consecutive k-grams, the one with the
smallest hash (the rightmost on ties). Two cells that share a run of at least ``w + k - 1``
tokens share a whole window of k-grams, and that window selects the same k-gram in both, so
**any shared run of ``w + k - 1`` tokens or more is always found**; runs shorter than ``k`` never
are. K-grams whose hash is in ``ignored`` (the release's own code) are skipped before selecting,
so the guarantee holds for every shared run that contains no release-provided k-gram.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from functools import cache
from typing import NamedTuple

from dxquest.similarity.normalise import Token

K = 8
"""Tokens per k-gram: shorter shared runs are noise (every answer has ``N [ S ] . sum ( )``)."""
W = 6
"""K-grams per window: any shared run of ``W + K - 1`` = 13 tokens is guaranteed to be found."""

_MODULUS = (1 << 61) - 1  # a Mersenne prime: the rolling k-gram hash stays a fixed-size integer
_BASE = 1_000_003


class Fingerprint(NamedTuple):
    """A selected k-gram: its hash and the source lines its tokens come from (statements may
    have been put in another order, so they need not be consecutive). A tuple: a cohort's
    fingerprints cross process boundaries by the million."""

    hash: int
    lines: tuple[int, ...]


@cache
def _token_hash(text: str) -> int:
    """A stable hash of one token (Python's own ``hash`` of a string changes between runs)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def kgram_hashes(tokens: list[Token], k: int = K) -> list[int]:
    """The hash of every k-gram of ``tokens``, in order (none when there are fewer than k)."""
    values = [_token_hash(t.text) for t in tokens]
    if len(values) < k:
        return []
    top = pow(_BASE, k - 1, _MODULUS)
    current = 0
    for value in values[:k]:
        current = (current * _BASE + value) % _MODULUS
    hashes = [current]
    for index in range(k, len(values)):
        current = ((current - values[index - k] * top) * _BASE + values[index]) % _MODULUS
        hashes.append(current)
    return hashes


def winnow(
    tokens: list[Token], *, k: int = K, w: int = W, ignored: Collection[int] = frozenset()
) -> list[Fingerprint]:
    """The winnowed fingerprints of ``tokens``: in each window of ``w`` k-grams, the smallest
    hash not in ``ignored`` (rightmost on ties), each selected k-gram once."""
    hashes = kgram_hashes(tokens, k)
    selected: set[int] = set()
    for start in range(max(len(hashes) - w + 1, 1 if hashes else 0)):
        window = [
            (h, start + offset)
            for offset, h in enumerate(hashes[start : start + w])
            if h not in ignored
        ]
        if not window:
            continue
        smallest = min(h for h, _ in window)
        selected.add(max(i for h, i in window if h == smallest))
    return [
        Fingerprint(hashes[i], tuple(sorted({t.line for t in tokens[i : i + k]})))
        for i in sorted(selected)
    ]
