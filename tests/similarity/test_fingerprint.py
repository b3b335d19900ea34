"""Does winnowing keep its guarantee, and leave the release's k-grams out?"""

import numpy as np

from dxquest.similarity.fingerprint import K, W, kgram_hashes, winnow
from dxquest.similarity.normalise import Token


def _stream(values) -> list[Token]:
    return [Token(f"t{v}", i) for i, v in enumerate(values)]


def test_any_shared_run_of_w_plus_k_minus_1_tokens_is_found():
    """Is the winnowing guarantee kept, wherever the run sits between unrelated tokens?"""
    rng = np.random.default_rng(0)
    for _ in range(200):
        run = list(rng.integers(0, 10_000, size=W + K - 1))
        left = list(rng.integers(0, 10_000, size=int(rng.integers(0, 40)))) + run
        right = run + list(rng.integers(0, 10_000, size=int(rng.integers(0, 40))))
        found = {f.hash for f in winnow(_stream(left))} & {f.hash for f in winnow(_stream(right))}
        assert found


def test_a_run_shorter_than_k_is_never_found():
    rng = np.random.default_rng(1)
    run = list(rng.integers(0, 10_000, size=K - 1))
    left = [*rng.integers(10_000, 20_000, size=30), *run]
    right = [*run, *rng.integers(20_000, 30_000, size=30)]
    assert not set(kgram_hashes(_stream(left))) & set(kgram_hashes(_stream(right)))


def test_ignored_kgrams_are_never_selected():
    tokens = _stream(range(60))
    ignored = set(kgram_hashes(tokens[:30]))
    assert not {f.hash for f in winnow(tokens, ignored=ignored)} & ignored
    assert winnow(tokens, ignored=ignored)  # the rest still is
