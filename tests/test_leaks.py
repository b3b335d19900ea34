"""Does the leak scan catch solutions, hidden tests, reference lines and outputs in a release?"""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dxquest.leaks import scan_release

SOLUTION = (
    "def waste(sales):\n    ### BEGIN SOLUTION\n"
    "    return float((sales['waste_qty'] * sales['unit_cost']).sum())\n    ### END SOLUTION"
)
TEST = (
    "q.grade(waste)\n### BEGIN HIDDEN TESTS\n"
    "q.grade_hidden_with_secret_data(waste)\n### END HIDDEN TESTS"
)
STUB = "def waste(sales):\n    # YOUR CODE HERE\n    raise NotImplementedError()"


def _pair(tmp_path, release_cells):
    source = new_notebook(
        cells=[
            new_code_cell(SOLUTION),
            new_code_cell(TEST),
            new_markdown_cell("The reference answer is forty-two yen."),
        ]
    )
    source.cells[2].metadata["nbgrader"] = {"solution": True, "grade": True}
    release = new_notebook(cells=release_cells)
    nbformat.write(source, tmp_path / "source.ipynb")
    nbformat.write(release, tmp_path / "release.ipynb")
    return scan_release(tmp_path / "source.ipynb", tmp_path / "release.ipynb")


def test_a_clean_release_has_no_leaks(tmp_path):
    assert (
        _pair(
            tmp_path,
            [
                new_code_cell(STUB),
                new_code_cell("q.grade(waste)"),
                new_markdown_cell("YOUR ANSWER HERE"),
            ],
        )
        == []
    )


def test_markers_and_solution_lines_are_leaks(tmp_path):
    leaks = _pair(tmp_path, [new_code_cell(SOLUTION)])
    assert any("BEGIN SOLUTION" in leak for leak in leaks)
    assert any("reference line" in leak for leak in leaks)


def test_hidden_test_lines_without_markers_are_leaks(tmp_path):
    leaks = _pair(tmp_path, [new_code_cell("q.grade_hidden_with_secret_data(waste)")])
    assert any("reference line" in leak for leak in leaks)


def test_manual_reference_answer_is_a_leak(tmp_path):
    assert _pair(tmp_path, [new_markdown_cell("The reference answer is forty-two yen.")])


def test_outputs_are_leaks(tmp_path):
    cell = new_code_cell("print(1)", outputs=[new_output("stream", name="stdout", text="1")])
    assert any("outputs" in leak for leak in _pair(tmp_path, [cell]))
