"""Does normalising hide what a copier can change and keep what they cannot?"""

from dxquest.similarity.normalise import normalise

ORIGINAL = '''
import pandas as pd

def lost(sales, items):
    """Lost margin."""
    recent = sales.merge(items[["item_id", "unit_cost"]])  # join the cost
    print(recent.head())
    return float((recent["qty"] * recent["unit_cost"]).sum())
'''

DISGUISED = """
from pandas import DataFrame
def lost(s, it):
    r = s.merge(it[['item_id','unit_cost',]])
    # a comment of my own
    assert len(r) > 0

    return float(
        (r['qty'] * r['unit_cost']).sum()
    )
"""


def _texts(source: str) -> list[str]:
    return [t.text for t in normalise(source)]


def test_renames_layout_comments_docstrings_imports_prints_and_checks_leave_the_same_tokens():
    assert _texts(ORIGINAL) == _texts(DISGUISED)


def test_a_changed_column_name_is_not_hidden():
    assert _texts(ORIGINAL) != _texts(ORIGINAL.replace('"qty"', '"quantity"'))


def test_names_the_cell_binds_become_n_and_names_it_only_uses_stay():
    assert _texts("x = np.log(df.groupby('a', sort=False)[1])") == [
        "N", "=", "np", ".", "log", "df", ".", "groupby", "'a'", ",", "sort", "=", "False",
        "[", "0", "]",
    ]  # fmt: skip


def test_other_strings_become_s_and_f_strings_hide_renamed_names():
    assert _texts("y = 'a long message, with punctuation!'") == ["N", "=", "S"]
    assert _texts("k = 1\ny = f'lag_{k}'") == _texts("j = 1\ny = f'lag_{j}'")


def test_independent_statements_and_functions_in_any_order_give_the_same_tokens():
    first = "def a(x):\n    u = x.sum()\n    v = x.mean()\n    return u / v\n\ndef b():\n    pass\n"
    second = (
        "def b():\n    pass\n\ndef a(x):\n    v = x.mean()\n    u = x.sum()\n    return u / v\n"
    )
    assert _texts(first) == _texts(second)


def test_dependent_statements_keep_their_order():
    first = "def a(x):\n    x['c'] = 1\n    v = x.mean()\n    return v\n"
    second = "def a(x):\n    v = x.mean()\n    x['c'] = 1\n    return v\n"
    assert _texts(first) != _texts(second)


def test_tokens_keep_their_source_lines():
    tokens = normalise("def a(x):\n    v = x.mean()\n    u = x.sum()\n    return u / v\n")
    assert {t.line for t in tokens if t.text == "sum"} == {3}


def test_a_broken_cell_and_magics_still_give_tokens():
    assert _texts("%matplotlib inline\ny = [x +") == ["N", "=", "[", "N", "+"]


def test_a_deeply_nested_cell_falls_back_to_plain_tokens():
    chain = "x = " + " + ".join(["a"] * 3000)
    assert _texts(chain)[:4] == ["N", "=", "N", "+"]  # every name a placeholder: no tree
