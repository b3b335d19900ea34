"""Do the copiers' disguises keep the code working while changing what they claim to change?"""

import ast

import numpy as np
import pytest

from dxquest.similarity.disguises import edit, independent, reformat, rename, reorder

CELL = '''KEYS = ["a", "b"]


def helper(frame, days=7):
    return frame.tail(days)


def answer(sales, items, months=6):
    """Docstring stays first."""
    recent = helper(sales, days=months)
    unit = items.set_index("item_id")["unit_cost"]
    recent["cost"] = recent["item_id"].map(unit)
    total = recent["cost"].sum()
    count = len(items)
    return float(total / count)
'''


def _statements(source: str) -> list[str]:
    """Every simple statement, wherever it is."""
    return sorted(
        ast.unparse(s)
        for s in ast.walk(ast.parse(source))
        if isinstance(s, ast.stmt) and not isinstance(s, ast.FunctionDef)
    )


@pytest.mark.parametrize("disguise", [rename, reorder, reformat, edit])
def test_every_disguise_leaves_code_that_parses(disguise):
    for seed in range(20):
        ast.parse(disguise(CELL, np.random.default_rng(seed)))


def _free_names(source: str) -> set[str]:
    tree = ast.parse(source)
    bound = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)} | {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - bound


def test_rename_renames_every_local_and_parameter_and_leaves_no_name_behind():
    renamed = rename(CELL, np.random.default_rng(0))
    tree = ast.parse(renamed)
    parameters = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    assert not parameters & {"frame", "days", "sales", "items", "months"}
    assert {k.arg for k in ast.walk(tree) if isinstance(k, ast.keyword)} == {"days"}
    assert _free_names(renamed) == _free_names(CELL)  # every use follows its renamed name


def test_rename_never_makes_two_names_one():
    cell = "def f():\n" + "".join(f"    m{i} = {i}\n" for i in range(60)) + "    return m0\n"
    renamed = ast.parse(rename(cell, np.random.default_rng(0)))
    assert len({n.id for n in ast.walk(renamed) if isinstance(n, ast.Name)}) == 60


def test_reorder_moves_statements_but_keeps_every_one_and_the_docstring_first():
    for seed in range(20):
        moved = reorder(CELL, np.random.default_rng(seed))
        assert _statements(moved) == _statements(CELL)
        answer = next(n for n in ast.parse(moved).body if getattr(n, "name", "") == "answer")
        assert ast.get_docstring(answer) == "Docstring stays first."
    assert any(reorder(CELL, np.random.default_rng(s)) != CELL for s in range(20))


def test_statements_that_use_each_other_are_not_independent():
    body = ast.parse(CELL).body[2].body
    recent, unit, cost, total, count = body[1:6]
    assert independent(recent, unit)
    assert not independent(unit, cost)  # cost reads unit
    assert not independent(cost, total)  # cost changes recent in place; total reads it
    assert independent(total, count)


def test_edit_changes_a_few_lines_only():
    for seed in range(20):
        edited = edit(CELL, np.random.default_rng(seed)).splitlines()
        original = CELL.splitlines()
        assert len(original) < len(edited) <= len(original) + 3
        assert len(set(edited) - set(original)) <= 3
