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

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dxquest.similarity.normalise import Token

K = 8
"""Tokens per k-gram: shorter shared runs are noise (every answer has ``N [ S ] . sum ( )``)."""
W = 6
"""K-grams per window: any shared run of ``W + K - 1`` = 13 tokens is guaranteed to be found."""

# Each k-gram is hashed twice, modulo two primes below 2**31, and the two halves joined: the
# rolling hash then runs on whole arrays at once without overflowing 64-bit integers.
_PRIMES = np.array([2_147_483_647, 2_147_483_629], dtype=np.int64)
_BASES = np.array([1_000_003, 999_983], dtype=np.int64)
_NOT_SELECTABLE = np.iinfo(np.int64).max  # above every hash


class Fingerprint(NamedTuple):
    """A selected k-gram: its hash and the source lines its tokens come from (statements may
    have been put in another order, so they need not be consecutive). A tuple: a cohort's
    fingerprints cross process boundaries by the million."""

    hash: int
    lines: tuple[int, ...]


@cache
def _token_values(text: str) -> tuple[int, int]:
    """A stable hash of one token, modulo each prime (Python's own ``hash`` of a string changes
    between runs)."""
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
    return digest % int(_PRIMES[0]), digest % int(_PRIMES[1])


def _kgram_array(tokens: list[Token], k: int) -> np.ndarray:
    count = len(tokens) - k + 1
    if count < 1:
        return np.empty(0, dtype=np.int64)
    values = np.array([_token_values(t.text) for t in tokens], dtype=np.int64)
    rolling = np.zeros((count, 2), dtype=np.int64)
    for offset in range(k):
        rolling = (rolling * _BASES + values[offset : offset + count]) % _PRIMES
    return (rolling[:, 0] << 31) | rolling[:, 1]


def kgram_hashes(tokens: list[Token], k: int = K) -> list[int]:
    """The hash of every k-gram of ``tokens``, in order (none when there are fewer than k)."""
    return _kgram_array(tokens, k).tolist()


def winnow(
    tokens: list[Token], *, k: int = K, w: int = W, ignored: Collection[int] = frozenset()
) -> list[Fingerprint]:
    """The winnowed fingerprints of ``tokens``: in each window of ``w`` k-grams, the smallest
    hash not in ``ignored`` (rightmost on ties), each selected k-gram once."""
    hashes = _kgram_array(tokens, k)
    if not len(hashes):
        return []
    skipped = np.fromiter((h in ignored for h in hashes.tolist()), dtype=bool, count=len(hashes))
    candidates = np.where(skipped, _NOT_SELECTABLE, hashes)
    width = min(w, len(hashes))  # fewer k-grams than a window: one window of them all
    windows = sliding_window_view(candidates, width)
    # argmin finds the first smallest; on the reversed window that is the rightmost one
    chosen = np.arange(len(windows)) + (width - 1 - np.argmin(windows[:, ::-1], axis=1))
    chosen = np.unique(chosen[candidates[chosen] != _NOT_SELECTABLE])
    return [
        Fingerprint(int(hashes[i]), tuple(sorted({t.line for t in tokens[i : i + k]})))
        for i in chosen.tolist()
    ]
