"""Do hidden holdout predictions reach the grader from test cells only, and never a notebook?

A real sandboxed kernel runs a tiny notebook; about five seconds.
"""

import json

from nbformat.v4 import new_code_cell, new_notebook

from dxquest import paths
from dxquest.holdout_predictions import MIME_TYPE, keys_sha256
from dxquest.sandbox.execute import SandboxedExecute
from dxquest.sandbox.policy import grading_policy

CASE_ID = "effort_prediction"


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


def _display(bundle: dict) -> str:
    return (
        f"from IPython.display import display\ndisplay({{{MIME_TYPE!r}: {bundle!r}}}, raw=True)\n"
    )


def test_only_test_cells_return_predictions_and_no_output_keeps_them(build_dir, tmp_path):
    paths.data_dir(CASE_ID).mkdir(parents=True, exist_ok=True)  # the policy mounts it
    forged = {"case": CASE_ID, "keys_sha256": keys_sha256(["a", "b"]), "predictions": [9.0, 9.0]}
    emit = "from dxquest.holdout_predictions import emit_predictions\n"
    nb = new_notebook(
        cells=[
            # A learner's cell: a forged bundle, and the kit's function (no secret: a no-op).
            new_code_cell(_display(forged) + emit + f"emit_predictions({CASE_ID!r}, ['a'], [1])"),
            _test_cell(
                emit
                + f"emit_predictions({CASE_ID!r}, ['a', 'b'], [1.0, 2.0])\n"
                + f"emit_predictions({CASE_ID!r}, ['a', 'b'], [3.0, 4.0])\n"
                + "print('checked')",
                "hidden_check",
            ),
            # A learner's display updated by id into a bundle bypasses the executor's output hook.
            new_code_cell(
                "from IPython.display import display, update_display\n"
                "display({'text/plain': 'x'}, raw=True, display_id='d')\n"
                f"update_display({{{MIME_TYPE!r}: {forged!r}}}, raw=True, display_id='d')"
            ),
        ]
    )
    executor = SandboxedExecute(
        policy=grading_policy(CASE_ID).to_json(),
        secret="test-cohort-secret",
        predictions_dir=str(tmp_path),
    )
    executed, _ = executor.preprocess(nb, {"unique_key": "02_estimation_trial"})

    returned = json.loads((tmp_path / "02_estimation_trial.json").read_text())
    assert returned == {
        "case": CASE_ID,
        "keys_sha256": keys_sha256(["a", "b"]),
        "predictions": [3.0, 4.0],  # the cell's last bundle
    }
    assert [o.get("text") for o in executed.cells[1].outputs] == ["checked\n"]
    outputs = [o for cell in executed.cells for o in cell.outputs]
    assert outputs and MIME_TYPE not in json.dumps(outputs)
