"""Which statements may change places, and is the canonical order the same whatever the order?"""

import ast
import itertools

from dxquest.similarity.order import canonical_order
from dxquest.similarity.syntax import survey


def _must_precede(source: str) -> bool:
    tree = ast.parse(source)
    first, second = tree.body
    effects = survey(tree).effects
    return effects[id(first)].must_precede(effects[id(second)])


def test_statements_that_share_nothing_may_swap():
    assert not _must_precede("a = x.sum()\nb = x.mean()")


def test_reading_what_an_earlier_statement_assigns_keeps_the_order():
    assert _must_precede("a = x.sum()\nb = a + 1")


def test_changing_an_object_in_place_keeps_the_order_with_its_readers():
    assert _must_precede("x['c'] = 1\nb = x.mean()")
    assert _must_precede("model.fit(x, y)\np = model.predict(x)")


def test_a_function_definition_reads_nothing_until_called():
    assert not _must_precede("def f():\n    return a\na = 1")


def test_comprehension_variables_are_their_own():
    assert not _must_precede("a = [c for c in xs]\nc = 2")


def test_returns_keep_their_place():
    assert _must_precede("a = 1\nreturn b")


def test_every_order_of_independent_statements_gives_one_canonical_order():
    block = "a = x.sum()\nb = x.mean()\nc = y.max()\nd = a / b\n"
    lines = block.splitlines()
    orders = set()
    for first_three in itertools.permutations(lines[:3]):
        tree = ast.parse("\n".join([*first_three, lines[3]]))
        ordered = canonical_order(tree.body, ast.unparse, survey(tree).effects)
        orders.add(tuple(ast.unparse(s) for s in ordered))
    assert len(orders) == 1
