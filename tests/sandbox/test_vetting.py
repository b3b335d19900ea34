"""Does vetting refuse code that reaches into the grader, and leave ordinary answers alone?"""

import nbformat
import pytest

from dxquest.sandbox.vetting import vet_notebook


def _release():
    setup = nbformat.v4.new_code_cell(
        "import pandas as pd\nfrom dxquest.cases.demand_forecast import exercises as ex, business"
    )
    answer = nbformat.v4.new_code_cell("def wape(y, f):\n    raise NotImplementedError()")
    answer.metadata["nbgrader"] = {"grade_id": "wape", "solution": True, "grade": False}
    test = nbformat.v4.new_code_cell("ex.wape.grade(wape)")
    test.metadata["nbgrader"] = {"grade_id": "wape_test", "solution": False, "grade": True}
    return nbformat.v4.new_notebook(cells=[setup, answer, test])


def _submitted(code: str):
    nb = _release()
    nb.cells[1].source = code
    return nb


@pytest.mark.parametrize(
    "code",
    [
        "def wape(y, f):\n    return abs(y - f).sum() / y.sum()",
        "%matplotlib inline\nimport numpy as np\n"
        "def wape(y, f):\n    return np.abs(y - f).sum() / y.sum()",
        "pd.options.display.max_rows = 20\nrate = business.HOURLY_COST_YEN",
        "class Model:\n    def __init__(self):\n        self.name = type(self).__name__",
        "value = getattr(business, 'HOURLY_COST_YEN')",
        # what every notebook's ending tells the learner to run in a cell of their own
        "from dxquest.progress import show_progress; show_progress()",
    ],
)
def test_ordinary_answers_pass(code):
    assert vet_notebook(_submitted(code), _release()) == []


@pytest.mark.parametrize(
    "code, why",
    [
        ("ex.wape.grade = lambda answer: None", "patching an imported module"),
        ("import dxquest.exercise as e\ne.expect_close = print", "the kit's internals"),
        ("get_ipython().input_transformers_cleanup.append(lambda l: [])", "IPython internals"),
        ("exec('ex.wape.grade = print')", "code built at run time"),
        ("import sys\nsys._getframe()", "module sys is not allowed"),
        ("f = (lambda: 0).__globals__", "special attribute __globals__"),
        ("ex = object()", "ex is used by the checks"),
        ("def ex():\n    pass", "ex is used by the checks"),
        ("data = ex.hidden_data()", "the grading data"),
        ("import threading", "module threading is not allowed"),
        ("class Spy:\n    def __del__(self):\n        pass", "a finaliser"),
        ("x = getattr(ex, '_forecast_cache')", "dynamic attribute access"),
        ("!cat /etc/passwd", "IPython internals"),
        ("print(In[-1])", "execution history"),
    ],
)
def test_tampering_is_refused_with_the_line_to_remove(code, why):
    findings = vet_notebook(_submitted(code), _release())
    assert findings, code
    assert any(why in f.why for f in findings), [f.why for f in findings]
    message = findings[0].message("02_forecast_trial")
    assert "セル 2" in message.ja and "cell 2" in message.en and "02_forecast_trial" in message.en


def test_test_cells_and_untouched_cells_are_not_vetted():
    nb = _release()
    nb.cells[2].source = "import sys  # nbgrader restores test cells from the gradebook"
    assert vet_notebook(nb, _release()) == []
