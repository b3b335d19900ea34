"""Does normalising hide renames and reformatting, and does winnowing keep its guarantee?"""

import numpy as np

from dxquest.similarity.fingerprint import K, Token, W, kgram_hashes, normalise, winnow

ORIGINAL = '''
import pandas as pd

def lost(sales, items):
    """Lost margin."""
    recent = sales.merge(items[["item_id", "unit_cost"]])  # join the cost
    return float((recent["qty"] * recent["unit_cost"]).sum())
'''

DISGUISED = """
from pandas import DataFrame
def lost(s, it):
    r = s.merge(it[['item_id','unit_cost',]])
    # a comment of my own

    return float(
        (r['qty'] * r['cost_per_unit']).sum()
    )
"""


def _texts(source: str) -> list[str]:
    return [t.text for t in normalise(source)]


def test_renames_reformatting_comments_docstrings_and_imports_leave_the_same_tokens():
    assert _texts(ORIGINAL) == _texts(DISGUISED)


def test_attribute_names_are_kept_and_literals_become_their_kind():
    assert _texts("x = df.groupby('a')[1]") == ["N", "=", "N", ".", "groupby", "S", "[", "0", "]"]


def test_a_broken_cell_and_magics_still_give_tokens():
    assert _texts("%matplotlib inline\ny = [x +") == ["N", "=", "[", "N", "+"]


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
