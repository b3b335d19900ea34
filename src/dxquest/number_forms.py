"""How a number gets written in a case's text: the spellings to look for when that number is an
answer that must not appear in a learner release.

A text rarely quotes an answer to full precision: ``131490768`` yen shows up as ``131,000,000``,
``1.31億``, ``1億3,100万`` or ``131 million``, a share of 0.625 as ``62.5%``. :func:`written_forms`
gives those spellings at 2, 3 and 4 significant digits, the whole-number spelling of amounts of a
thousand or more, and percent spellings of numbers below 1 (a share is often quoted as a percent).

Which spellings count (the rule :func:`written_forms` applies):

- a spelling must carry at least **3 significant digits**, or 2 when the number is **1,000 or
  more**: small two-digit numbers (``0.63``, ``3.1``, ``54``) and one-digit ones (``300``, ``0.6``,
  ``7``) are everywhere in a story and its generator's parameters, while a large round amount such
  as ``5,100`` hours or ``1,600万`` yen still points at one answer;
- a plain four-digit whole number from 1900 to 2100 reads as a year and is not a spelling
  (``2,025`` still is);
- zero has no spellings, and the sign is ignored (a loss is often written without its minus).
"""

from __future__ import annotations

import math
from decimal import Decimal

SIGNIFICANT_DIGITS = (2, 3, 4)
"""Rounding levels a text quotes an answer at: 1.26 for 1.2589, 131,000,000 for 131,490,768."""
_MIN_DIGITS_SMALL = 3  # below 1,000 a spelling needs this many significant digits
_MIN_DIGITS_LARGE = 2  # from 1,000 on
_LARGE = 1_000
_YEARS = (1900, 2100)  # a plain whole number in this range reads as a year
_MAN, _OKU, _MILLION = 10**4, 10**8, 10**6


def significant_digits(number: float) -> int:
    """Digits between the first and the last non-zero one: 3 for 0.625, 2 for 5,100 and 1.30."""
    digits = Decimal(repr(abs(number))).normalize().as_tuple().digits
    return len("".join(map(str, digits)).strip("0"))


def round_significant(number: float, digits: int) -> float:
    """``number`` rounded to ``digits`` significant digits (0 stays 0)."""
    if number == 0:
        return 0.0
    return round(number, digits - 1 - math.floor(math.log10(abs(number))))


def _decimals(number: float, digits: int) -> int:
    """Decimal places that show ``digits`` significant digits of ``number`` (0 for large ones)."""
    return max(0, digits - 1 - math.floor(math.log10(number)))


def _counts(number: float) -> bool:
    needed = _MIN_DIGITS_LARGE if number >= _LARGE else _MIN_DIGITS_SMALL
    return significant_digits(number) >= needed


def _trimmed(text: str) -> str:
    """``0.6250`` → ``0.625``; whole numbers stay as they are."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plain_spellings(number: float, decimals: int) -> set[str]:
    plain = f"{number:.{decimals}f}"
    forms = {plain, _trimmed(plain)}
    if number >= _LARGE:
        forms |= {f"{number:,.{decimals}f}", f"{number:_.{decimals}f}"}
        forms |= {_trimmed(f) for f in list(forms)}
    if number.is_integer() and _YEARS[0] <= number <= _YEARS[1]:
        forms.discard(plain)
    return forms


def _scaled_spellings(number: float, digits: int) -> set[str]:
    """Japanese 万/億 and English million spellings of a large amount."""
    forms = set()
    for unit, suffixes in ((_MAN, ("万",)), (_OKU, ("億",)), (_MILLION, (" million", "M"))):
        if number >= unit:
            scaled = number / unit
            text = _trimmed(f"{scaled:,.{_decimals(scaled, digits)}f}")
            forms |= {text + suffix for suffix in suffixes}
    oku, rest = divmod(round(number), _OKU)
    if oku and rest >= _MAN:
        man = rest / _MAN
        forms |= {f"{oku}億{_trimmed(f'{man:{sep}.{_decimals(man, 4)}f}')}万" for sep in (",", "")}
    return forms


def _scientific_spellings(number: float, digits: int) -> set[str]:
    text = f"{number:.{digits - 1}e}"  # 1.31e+08
    mantissa, exponent = text.split("e")
    return {text, f"{mantissa}e{int(exponent)}"}  # and 1.31e8


def _percent_spellings(share: float, digits: int) -> set[str]:
    percent = round_significant(share * 100, digits)
    if not _counts(percent):
        return set()
    return {_trimmed(f"{percent:.{_decimals(percent, digits)}f}") + "%"}


def written_forms(value: float) -> set[str]:
    """Spellings of ``value`` that count as writing it down (see the module docstring for the
    rule); empty for zero and for numbers that are not finite."""
    number = abs(float(value))
    if number == 0 or not math.isfinite(number):
        return set()
    forms: set[str] = set()
    for digits in SIGNIFICANT_DIGITS:
        rounded = round_significant(number, digits)
        if _counts(rounded):
            forms |= _plain_spellings(rounded, _decimals(rounded, digits))
            forms |= _scaled_spellings(rounded, digits)
            forms |= _scientific_spellings(rounded, digits)
        if number < 1:
            forms |= _percent_spellings(number, digits)
    if number >= _LARGE:  # an amount quoted to the yen or the hour: 131,490,768
        forms |= _plain_spellings(float(round(number)), 0)
    return forms
