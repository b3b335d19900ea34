"""Does `dxquest lab` give learners their own copy of the case, without the cohort secret?

What JupyterLab then serves (nbgrader's learner tools, not the instructor's) is tested on a running
server in test_learner_browser.py.
"""

import pytest

from dxquest.caseinfo import get_case
from dxquest.lab import lab_environment, prepare_workspace

pytestmark = pytest.mark.slow  # builds the data and a release once


@pytest.fixture(scope="module")
def case(build_dir):
    return get_case("demand_forecast")


def test_working_folder_gets_the_release_and_keeps_the_learners_edits(case, tmp_path):
    first = prepare_workspace(case, "ja", tmp_path)
    expected = {"README.md", "rubric.md", *(f"{nb}.ipynb" for nb in case.notebook_ids)}
    assert set(first.copied) == expected
    assert first.kept == []

    edited = first.case_dir / f"{case.notebook_ids[0]}.ipynb"
    edited.write_text("my work", encoding="utf-8")
    (first.case_dir / "README.md").unlink()
    second = prepare_workspace(case, "ja", tmp_path)

    assert edited.read_text(encoding="utf-8") == "my work"
    assert second.copied == ["README.md"]
    assert f"{case.notebook_ids[0]}.ipynb" in second.kept


def test_the_copied_notebooks_are_trusted(case, tmp_path, monkeypatch):
    """Jupyter trusts a notebook its user's secret signed: the kit's own open without a warning."""
    import nbformat
    from nbformat.sign import NotebookNotary

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    workspace = prepare_workspace(case, "ja", tmp_path / "work")
    notary = NotebookNotary()
    for name in workspace.copied:
        if name.endswith(".ipynb"):
            nb = nbformat.read(workspace.case_dir / name, as_version=4)
            assert notary.check_signature(nb), name


def test_kernels_never_see_the_cohort_secret(case, tmp_path):
    workspace = prepare_workspace(case, "ja", tmp_path)
    env = lab_environment(
        workspace,
        {"PATH": "/usr/bin", "DXQUEST_COHORT_SECRET": "s", "DXQUEST_COHORT_SECRET_FILE": "f"},
    )
    assert not {"DXQUEST_COHORT_SECRET", "DXQUEST_COHORT_SECRET_FILE"} & set(env)
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(workspace.config_dir)
