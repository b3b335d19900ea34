"""Does every way a text quotes an answer come out, and do common numbers stay out?"""

import pytest

from dxquest.number_forms import round_significant, significant_digits, written_forms


def test_a_yen_total_is_spelled_as_texts_write_it():
    forms = written_forms(131_490_768.0)
    assert {
        "131490768",
        "131,490,768",
        "131000000",
        "131,000,000",
        "131_000_000",
        "1.31億",
        "1億3,100万",
        "1億3100万",
        "13,100万",
        "131 million",
        "131M",
        "1.31e8",
        "1.31e+08",
        "1.315億",
    } <= forms


def test_a_decimal_is_spelled_at_three_and_four_significant_digits():
    assert {"1.26", "1.259"} <= written_forms(1.2589)
    assert {"296", "296.1"} <= written_forms(296.0625)


def test_a_share_is_spelled_as_a_decimal_and_a_percent():
    assert {"0.625", "62.5%"} <= written_forms(0.625)
    assert {"0.289", "28.9%", "28.89%"} <= written_forms(0.28888)


def test_large_round_amounts_count_at_two_significant_digits():
    """5,078.8 hours quoted as 5,100 and 16,048,638 yen as 16,000,000 still give the answer."""
    assert {"5,100", "5_100"} <= written_forms(5078.78)
    assert {"16,000,000", "1,600万"} <= written_forms(16_048_638.3)


@pytest.mark.parametrize("common", [0, 1, 2, 7, 10, 100, 0.5, 300, 54, 0.1, 0.9, -0])
def test_small_or_one_digit_numbers_have_no_forms(common):
    assert written_forms(common) == set()


def test_small_numbers_are_not_spelled_at_two_significant_digits():
    """0.63 or 3.1 occur everywhere in a story; an answer of 0.625 or 3.14 is not them."""
    assert not {"0.63", "0.62", "63%"} & written_forms(0.625)
    assert "3.1" not in written_forms(3.1439)


def test_a_plain_year_is_not_a_form():
    forms = written_forms(2025.0)
    assert "2025" not in forms
    assert "2,025" in forms


def test_the_sign_is_ignored_and_non_numbers_have_no_forms():
    assert written_forms(-1.2589) == written_forms(1.2589)
    assert written_forms(float("inf")) == set()
    assert written_forms(float("nan")) == set()


def test_significant_digits_and_rounding():
    assert significant_digits(0.625) == 3
    assert significant_digits(5100.0) == 2
    assert significant_digits(1.30) == 2
    assert round_significant(131_490_768, 3) == 131_000_000
    assert round_significant(0.0048175, 2) == 0.0048
