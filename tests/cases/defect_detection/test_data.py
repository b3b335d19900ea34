"""Do titles and tables name every code of the parts table in the reader's language?"""

import pytest

from dxquest.cases.defect_detection.data import name_of
from dxquest.i18n import set_language
from dxquest.synth.surface_tables import DEFECT_KINDS, PRODUCTS

SHIFTS = ("day", "night")


@pytest.mark.parametrize("code", [*DEFECT_KINDS, *PRODUCTS, *SHIFTS])
def test_every_code_has_a_name_in_each_language(code):
    try:
        set_language("ja")
        japanese = name_of(code)
        set_language("en")
        english = name_of(code)
    finally:
        set_language("ja")
    assert japanese != code and english != japanese
    assert not japanese.isascii() and english.isascii()


def test_other_values_pass_through():
    assert name_of("L1") == "L1"
