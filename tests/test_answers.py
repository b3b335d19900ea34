"""Do the answer kinds confirm a right answer without holding it, and reject the near misses the
tolerance is meant to catch, in the kernel (digest) and in the grader (exact comparison) alike?"""

import math

import numpy as np
import pandas as pd
import pytest

from dxquest.answers import Figures, Incorrect, Number, Predictions, Ranges, Table, Values
from dxquest.i18n import Msg

WHAT = Msg("答え", "the answer")
SALT = "a-salt"


@pytest.mark.parametrize("expected", [131_000_000.0, 0.2589, -4_200.0])
def test_a_number_within_tolerance_is_confirmed_and_one_beyond_it_is_not(expected):
    kind = Number(WHAT, 0.001)
    digest = kind.digest(expected, SALT)
    assert kind.confirms(expected * 1.0009, digest, SALT) is None
    assert kind.mismatch(expected * 1.0009, expected) is None
    # A mistake of 0.3 % (the duplicates of an export) is refused by both.
    assert kind.confirms(expected * 1.003, digest, SALT) is not None
    assert kind.mismatch(expected * 1.003, expected) is not None


@pytest.mark.parametrize("expected", [131_000_000.0, 0.2589, -4_200.0])
def test_the_self_check_says_which_way_a_figure_is_off_and_when_the_unit_is_suspect(expected):
    kind = Number(WHAT, 1e-4)
    digest = kind.digest(expected, SALT)
    low, high = sorted((expected * 0.97, expected * 1.03))  # as numbers, for either sign
    assert "too low" in kind.confirms(low, digest, SALT).en
    assert "too high" in kind.confirms(high, digest, SALT).en
    assert "小さすぎます" in kind.confirms(low, digest, SALT).ja
    for far in (expected * 1000, expected / 60, -expected):  # yen for thousands, minutes, sign
        assert "Check the unit" in kind.confirms(far, digest, SALT).en
    assert "±0.01 %" in kind.confirms(high, digest, SALT).en


def test_the_digest_holds_no_readable_number():
    digest = Number(WHAT, 0.001).digest(131_000_000.0, SALT)
    assert not any("131" in entry for entry in digest)
    assert Number(WHAT, 0.001).digest(131_000_000.0, "another-salt") != digest


def test_never_paying_back_is_an_answer_only_where_it_is_right():
    kind = Number(WHAT, 1e-6, never=True)
    assert kind.read(float("inf"), ()) == math.inf
    assert kind.confirms(math.inf, kind.digest(math.inf, SALT), SALT) is None
    assert kind.confirms(40.0, kind.digest(math.inf, SALT), SALT) is not None
    assert kind.confirms(math.inf, kind.digest(40.0, SALT), SALT) is not None
    assert kind.mismatch(math.inf, 40.0) is not None
    with pytest.raises(Incorrect):
        Number(WHAT, 1e-6).read(float("inf"), ())


def test_values_are_compared_row_by_row():
    kind = Values(WHAT, 0.01, rows=lambda args: 3)
    expected = [1.0, 2.5, 0.0]
    digest = kind.digest(expected, SALT)
    assert kind.confirms([1.004, 2.5, 0.0], digest, SALT) is None
    assert kind.confirms([1.0, 2.6, 0.0], digest, SALT) is not None
    assert kind.mismatch([1.0, 2.6, 0.0], expected) is not None
    with pytest.raises(Incorrect, match="3"):
        kind.read([1.0, 2.0], ())


def test_a_table_must_hold_the_same_rows_in_any_order():
    kind = Table(WHAT, ("day", "sold"))
    right = pd.DataFrame({"day": pd.to_datetime(["2025-01-01", "2025-01-02"]), "sold": [3, 4]})
    expected = kind.read(right, ())
    digest = kind.digest(expected, SALT)
    assert kind.confirms(kind.read(right.iloc[::-1], ()), digest, SALT) is None
    as_floats = right.assign(sold=right["sold"].astype(float))
    assert kind.mismatch(kind.read(as_floats, ()), expected) is None
    wrong = right.assign(sold=[3, 5])
    assert kind.confirms(kind.read(wrong, ()), digest, SALT) is not None
    assert kind.mismatch(kind.read(right.iloc[:1], ()), expected) is not None
    with pytest.raises(Incorrect, match="DataFrame"):
        kind.read(np.array([1, 2]), ())


def test_figures_are_each_compared_with_their_own_tolerance():
    kind = Figures({"hours": Number(WHAT, 1e-6), "cost": Number(WHAT, 0.01)})
    expected = kind.read({"hours": 54.0, "cost": 7_657_200.0, "note": "mine"}, ())
    assert expected == {"hours": 54.0, "cost": 7_657_200.0}
    digest = kind.digest(expected, SALT)
    close = {"hours": 54.0, "cost": 7_700_000.0}
    assert kind.confirms(close, digest, SALT) is None and kind.mismatch(close, expected) is None
    off = {"hours": 54.01, "cost": 7_657_200.0}
    assert kind.confirms(off, digest, SALT) is not None
    assert kind.mismatch(off, expected) is not None
    with pytest.raises(Incorrect, match="cost"):
        kind.read({"hours": 54.0}, ())


def test_predictions_are_extracted_in_the_kernel_and_only_checked_in_the_grader():
    def scores_of(output, args):
        scores, _pictures = output
        return scores

    kind = Predictions(WHAT, lambda args: 2, lambda values, material: None, extract=scores_of)
    read = kind.read(([0.5, 1.5], "pictures"), ())
    assert read == [0.5, 1.5] and kind.checked(read, ()) == read
    with pytest.raises(Incorrect):
        kind.checked([0.5, -1.0], ())  # nonnegative by default
    with pytest.raises(Incorrect):
        kind.checked([0.5], ())


def test_a_tolerance_too_fine_to_search_tenfold_says_only_that_the_figure_differs():
    kind = Number(WHAT, 1e-6)
    digest = kind.digest(1234.5, SALT)
    assert "too high" in kind.confirms(1234.5 * 1.01, digest, SALT).en
    assert "not the expected value" in kind.confirms(1234.5 * 3, digest, SALT).en


def test_a_decided_figure_is_right_anywhere_in_its_range_and_wrong_outside_it():
    """A cost a learner defines: every point of the defensible range passes, in the kernel
    (salted bins) and in the grader (the exact range), and a figure beyond the slack does not."""
    kind = Ranges({"over": WHAT, "short": Msg("不足", "the shortage")}, slack=0.005)
    ranges = {"over": (40.0, 70.0), "short": (120.0, 121.0)}
    digest = kind.digest(ranges, SALT)
    for over in (40.0, 55.5, 70.0, 70.3):
        mine = kind.read({"over": over, "short": 120.5}, ())
        assert kind.confirms(mine, digest, SALT) is None
        assert kind.inside(over, *ranges["over"])
    for over in (39.5, 71.0, 0.0, -55.0):
        mine = {"over": over, "short": 120.5}
        assert "outside" in kind.confirms(mine, digest, SALT).en
        assert not kind.inside(over, *ranges["over"])
    assert all(len(bin_) == 20 and int(bin_, 16) >= 0 for bin_ in digest["over"])  # hashes only
    with pytest.raises(Incorrect):
        kind.read({"over": 50.0}, ())
    with pytest.raises(Incorrect):
        kind.read({"over": float("nan"), "short": 120.0}, ())
