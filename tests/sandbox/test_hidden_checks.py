"""Are hidden checks judged by the grader, outside the kernel, from what test cells hand over?

A real sandboxed kernel runs a tiny notebook on the demand case's cheapest hidden check (WAPE).
"""

import json

from nbformat.v4 import new_code_cell, new_notebook

from dxquest.caseinfo import get_case
from dxquest.grader_channel import MIME_TYPE
from dxquest.marking import hidden_inputs_dir
from dxquest.pipeline import ensure_public_data
from dxquest.sandbox.execute import SandboxedExecute
from dxquest.sandbox.policy import grading_policy

CASE = "demand_forecast"
IMPORT = "from dxquest.cases.demand_forecast import exercises as ex\n"
RIGHT = "def wape(actual, forecast):\n    return abs(actual - forecast).sum() / actual.sum()\n"


def _test_cell(source: str, grade_id: str):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": 1,
        "schema_version": 3,
    }
    return cell


def _forged(outputs) -> str:
    bundle = {"question": "wape", "outputs": outputs}
    return (
        f"from IPython.display import display\ndisplay({{{MIME_TYPE!r}: {bundle!r}}}, raw=True)\n"
    )


def _errors(cell) -> list[str]:
    return [o["evalue"] for o in cell.outputs if o["output_type"] == "error"]


def test_the_grader_marks_what_test_cells_hand_over_and_nothing_else(build_dir, tmp_path):
    case = get_case(CASE)
    ensure_public_data(case)
    nb = new_notebook(
        cells=[
            # A learner's cell: the right answer, and a forged hand-over (dropped: not a test).
            new_code_cell(IMPORT + RIGHT + _forged([0.0] * 5)),
            _test_cell("ex.wape.grade_hidden(wape)", "right"),
            _test_cell("ex.wape.grade_hidden(lambda actual, forecast: 0.25)", "wrong"),
            # A test cell whose hidden check never hands anything over scores 0.
            _test_cell("if False:\n    ex.wape.grade_hidden(wape)", "silent"),
            # A display updated by id into a hand-over bypasses the executor's output hook.
            new_code_cell(
                "from IPython.display import display, update_display\n"
                "display({'text/plain': 'x'}, raw=True, display_id='d')\n"
                f"update_display({{{MIME_TYPE!r}: {{'question': 'wape'}}}}, raw=True, "
                "display_id='d')"
            ),
        ]
    )
    executor = SandboxedExecute(
        policy=grading_policy(case, hidden_inputs=hidden_inputs_dir(case)).to_json(),
        case_id=CASE,
        lang="en",
        predictions_dir=str(tmp_path),
    )
    executed, _ = executor.preprocess(nb, {"unique_key": "02_forecast_trial"})

    right, wrong, silent = executed.cells[1:4]
    assert _errors(right) == []
    assert _errors(wrong) == ["WAPE: not the expected value (yours: 0.25)."]
    assert _errors(silent) == ["The hidden test's results did not reach the grader (wape)."]
    outputs = [o for cell in executed.cells for o in cell.outputs]
    assert MIME_TYPE not in json.dumps(outputs)
    assert not list(tmp_path.iterdir())  # no model question ran: nothing for the leaderboard


def test_a_kernel_sees_the_questions_but_no_reference_oracle_or_generator(build_dir):
    """Inside the sandbox, the kit is its kernel view: the case's reference, marking, declaration
    and generator do not exist, by import or by file."""
    case = get_case(CASE)
    ensure_public_data(case)
    probe = (
        "import importlib, pathlib, dxquest\n"
        "import dxquest.cases.demand_forecast.exercises\n"
        "library = pathlib.Path(dxquest.__file__).parent\n"
        "for name in ['dxquest.cases.demand_forecast.reference', 'dxquest.cases.demand_forecast."
        "marking', 'dxquest.cases.demand_forecast.declaration', 'dxquest.synth.supermarket', "
        "'dxquest.marking', 'dxquest.secret']:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "        print('IMPORTED', name)\n"
        "    except ImportError:\n"
        "        pass\n"
        "print(sorted(p.name for p in (library / 'cases' / 'demand_forecast').glob('*.py')))\n"
    )
    nb = new_notebook(cells=[new_code_cell(probe)])
    executor = SandboxedExecute(
        policy=grading_policy(case).to_json(), case_id=CASE, lang="en", predictions_dir=""
    )
    executed, _ = executor.preprocess(nb, {"unique_key": "probe"})
    (printed,) = [o["text"] for o in executed.cells[0].outputs if o["output_type"] == "stream"]
    assert "IMPORTED" not in printed
    assert printed.strip() == str(sorted(f"{m}.py" for m in case.kernel_modules))
