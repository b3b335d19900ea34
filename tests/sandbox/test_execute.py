"""Does nbgrader's autograde, configured for grading, run every kernel through the sandbox?"""

import dataclasses
import json
from functools import partial

import nbformat
from nbclient import NotebookClient
from nbgrader.preprocessors import Execute

from dxquest.caseinfo import get_case
from dxquest.course import nbgrader_api
from dxquest.pipeline import ensure_public_data
from dxquest.sandbox.execute import SandboxedExecute, sandboxed_autograde
from dxquest.sandbox.policy import Limits, grading_policy


def test_autograde_swaps_nbgraders_executor_for_the_sandboxed_one(build_dir, tmp_path):
    policy = grading_policy(get_case("demand_forecast"))
    configure = partial(
        sandboxed_autograde,
        policy=policy,
        case_id="demand_forecast",
        lang="en",
        predictions_dir=tmp_path,
    )
    config = nbgrader_api("en", configure=configure).config
    steps = config.Autograde.autograde_preprocessors
    assert SandboxedExecute in steps and Execute not in steps
    assert json.loads(config.SandboxedExecute.policy) == json.loads(policy.to_json())
    assert (config.SandboxedExecute.lang, config.SandboxedExecute.predictions_dir) == (
        "en",
        str(tmp_path),
    )
    assert config.SandboxedExecute.case_id == "demand_forecast"  # whose hidden checks it marks
    assert "secret" not in config.SandboxedExecute  # no secret ever reaches a kernel


def test_other_nbgrader_steps_keep_nbgraders_own_executor(build_dir):
    assert "SandboxedExecute" not in nbgrader_api("en").config


def test_the_policys_cell_limit_survives_the_executors_reinitialisation(build_dir, tmp_path):
    """nbconvert re-runs NotebookClient.__init__ from the config before each notebook, so a limit
    set on the instance was lost (loops ran to nbgrader's 180 s); it must come from the config."""
    policy = dataclasses.replace(
        grading_policy(get_case("demand_forecast")), limits=Limits(cell_seconds=7)
    )
    configure = partial(
        sandboxed_autograde,
        policy=policy,
        case_id="demand_forecast",
        lang="en",
        predictions_dir=tmp_path,
    )
    executor = SandboxedExecute(config=nbgrader_api("en", configure=configure).config)
    NotebookClient.__init__(executor, nbformat.v4.new_notebook())
    assert executor.timeout == 7


def test_a_sandboxed_kernel_imports_the_models_libraries_without_warnings(build_dir):
    """The sandbox has no shared memory for semaphores: joblib (under scikit-learn and LightGBM)
    warned of it in English, with the runtime's path, in every graded notebook that trains."""
    case = get_case("effort_prediction")
    ensure_public_data(case)  # the sandbox mounts it
    executor = SandboxedExecute(
        policy=grading_policy(case).to_json(), case_id=case.id, lang="en", predictions_dir=""
    )
    probe = nbformat.v4.new_code_cell("import lightgbm\nprint('imported')")
    executed, _ = executor.preprocess(nbformat.v4.new_notebook(cells=[probe]), {})
    outputs = executed.cells[0].outputs
    assert [(o["output_type"], o.get("name"), o.get("text")) for o in outputs] == [
        ("stream", "stdout", "imported\n")
    ]
