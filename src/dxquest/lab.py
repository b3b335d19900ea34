"""The learner's day: a working folder copied from the release, and JupyterLab opened on it.

``dxquest lab`` builds the case's data and learner release when they are missing, copies the release
into the learner's working folder (files the learner already has are kept, so edits survive a second
start), and starts JupyterLab there with the case README and the first notebook open and nbgrader's
learner tools enabled (Validate button, assignment list) but not the instructor's (formgrader,
create assignment).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from dxquest import kit_build, paths
from dxquest.caseinfo import CaseInfo
from dxquest.exercise import CHECKS_FILE
from dxquest.i18n import Msg
from dxquest.kernel_config import KERNEL_MANAGER_SETTINGS
from dxquest.release import ensure_release

# Instructor tools of nbgrader: learners must not see them in their JupyterLab.
_INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",)
_INSTRUCTOR_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")
# JupyterLab's first-open toast asks whether to fetch Jupyter's news: a question about the tool, not
# the case, in English, before the learner has read a line.
_NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
# JupyterLab's menus and dialogs in the release's language (the Japanese language pack is a
# dependency). nbgrader's own dialogs have no translation: the README lists them.
_LAB_LOCALES = {"ja": "ja_JP", "en": "en"}
# nbgrader's Validate says "Success! Your notebook passes all the tests." of the public tests; the
# kit's plugin (lab_extension/, a prebuilt JupyterLab extension) adds this line under it.
LAB_EXTENSIONS_PATH = Path(__file__).with_name("lab_extension")
VALIDATE_NOTE = Msg(
    "これは公開テストだけの結果です。採点では、見たことのないデータでの非公開テストも行われます。",
    "Public tests only: grading also runs hidden tests on data you have not seen.",
)


@dataclass
class Workspace:
    """A learner's working folder: ``root`` holds one folder per case, ``case_dir`` this case's."""

    root: Path
    case_dir: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def config_dir(self) -> Path:
        """Jupyter configuration for this working folder (learner tools of nbgrader)."""
        return self.root / ".dxquest" / "jupyter-config"

    @property
    def user_settings_dir(self) -> Path:
        """JupyterLab's user settings: the interface language, then whatever the learner changes."""
        return self.root / ".dxquest" / "lab-user-settings"

    @property
    def workspaces_dir(self) -> Path:
        """JupyterLab's saved layouts: the case's layout opens README and the first notebook."""
        return self.root / ".dxquest" / "lab-workspaces"


def default_workspace_root(lang: str) -> Path:
    return Path.cwd() / f"dxquest-{lang}"


def _data_and_release(case: CaseInfo, lang: str) -> Path:
    """The case's learner release in ``lang``, built (with its data) when missing."""
    data = paths.data_dir(case.id)
    # Build the data now rather than in the learner's first cell (nbgrader's Validate has a
    # per-cell time limit and generating the data takes longer than reading it).
    if not kit_build.made_by_this_kit(data / CHECKS_FILE):
        # Imported here: building runs the grader's references, which an opened lab never needs.
        from dxquest.pipeline import ensure_public_data

        ensure_public_data(case)  # another process may be building it: wait for it
    return ensure_release(case, lang)


def prepare_workspace(case: CaseInfo, lang: str, root: Path) -> Workspace:
    """Copy the release of ``case`` into ``root/<case>``, never overwriting the learner's files."""
    release = _data_and_release(case, lang)
    workspace = Workspace(root=root.resolve(), case_dir=root.resolve() / case.id)
    for source in sorted(release.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(release)
        target = workspace.case_dir / relative
        if target.exists():
            workspace.kept.append(str(relative))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        if target.suffix == ".ipynb":
            _trust(target)
        workspace.copied.append(str(relative))
    _write_jupyter_config(workspace, lang)
    _write_interface_language(workspace, lang)
    _write_case_layout(workspace, case)
    return workspace


def _trust(notebook: Path) -> None:
    """Sign a notebook the kit released with the user's Jupyter secret: JupyterLab then opens it
    without "not trusted" (the learner's own edits are signed by JupyterLab as they save)."""
    nb = nbformat.read(notebook, as_version=4)
    NotebookNotary().sign(nb)


def _write_jupyter_config(workspace: Workspace, lang: str) -> None:
    """Learner settings read through ``JUPYTER_CONFIG_PATH``: they win over the environment's."""
    config = workspace.config_dir
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    disabled = dict.fromkeys(_INSTRUCTOR_SERVER_EXTENSIONS, False)
    server = {
        "ServerApp": {"jpserver_extensions": disabled},
        "KernelManager": dict(KERNEL_MANAGER_SETTINGS),  # no "running over TCP" warnings
    }
    (config / "jupyter_server_config.json").write_text(json.dumps(server, indent=2))
    page = {
        "disabledExtensions": dict.fromkeys((*_INSTRUCTOR_LAB_PLUGINS, _NEWS_PLUGIN), True),
        "dxquestValidateNote": VALIDATE_NOTE.render(lang),  # read by the kit's lab plugin
    }
    (config / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2))


def _write_interface_language(workspace: Workspace, lang: str) -> None:
    """JupyterLab speaks the release's language; written once, so a learner's own choice stays."""
    settings = workspace.user_settings_dir / "@jupyterlab" / "translation-extension"
    target = settings / "plugin.jupyterlab-settings"
    if target.exists():
        return
    settings.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"locale": _LAB_LOCALES[lang]}, indent=2), encoding="utf-8")


def layout_name(case: CaseInfo) -> str:
    return f"dxquest-{case.id}"


def _write_case_layout(workspace: Workspace, case: CaseInfo) -> None:
    """A JupyterLab workspace with the README (rendered) and the first notebook open.

    Written only once: JupyterLab saves the learner's own arrangement into the same file.
    """
    from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify

    target = workspace.workspaces_dir / (slugify(layout_name(case)) + WORKSPACE_EXTENSION)
    if target.exists():
        return
    readme = f"{case.id}/README.md"
    first = f"{case.id}/{case.notebook_ids[0]}.ipynb"
    readme_widget = f"markdownviewer-widget:{readme}"
    notebook_widget = f"notebook:{first}"
    layout = {
        "data": {
            "layout-restorer:data": {
                "main": {
                    "dock": {
                        "type": "tab-area",
                        "currentIndex": 0,
                        "widgets": [readme_widget, notebook_widget],
                    },
                    "current": readme_widget,
                },
                "left": {"collapsed": False, "visible": True, "current": "filebrowser"},
            },
            readme_widget: {"data": {"path": readme, "factory": "Markdown Preview"}},
            notebook_widget: {"data": {"path": first, "factory": "Notebook"}},
            "file-browser-filebrowser:cwd": {"path": case.id},
        },
        "metadata": {"id": layout_name(case)},
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(layout, indent=2, ensure_ascii=False), encoding="utf-8")


def lab_command(
    workspace: Workspace, case: CaseInfo, port: int | None = None, open_browser: bool = True
) -> list[str]:
    """The ``jupyter lab`` command line for ``workspace`` (run it with :func:`lab_environment`)."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={workspace.root}",
        f"--LabApp.workspaces_dir={workspace.workspaces_dir}",
        f"--LabApp.user_settings_dir={workspace.user_settings_dir}",
        f"--LabApp.default_url=/lab/workspaces/{layout_name(case)}",
    ]
    if port is not None:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers often run as root; JupyterLab refuses otherwise
    return command


def lab_environment(workspace: Workspace, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for JupyterLab and its kernels.

    The learner configuration comes first on ``JUPYTER_CONFIG_PATH``; the project's grading folder
    follows so nbgrader's Validate uses the course's per-cell time limit. ``JUPYTER_PATH`` starts
    with the kit's JupyterLab plugin (the note under Validate's success). The build folder is passed
    on so kernels read the data the release was built with. The cohort secret is removed: a learner
    machine has no business with it, and Validate must not run checks on the hidden draw.
    """
    env = dict(os.environ if base is None else base)
    config_path = [str(workspace.config_dir), str(paths.GRADING_DIR)]
    if env.get("JUPYTER_CONFIG_PATH"):
        config_path.append(env["JUPYTER_CONFIG_PATH"])
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(config_path)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(LAB_EXTENSIONS_PATH), *filter(None, [env.get("JUPYTER_PATH")])]
    )
    env["DXQUEST_BUILD_DIR"] = str(paths.build_dir())
    env.pop("DXQUEST_COHORT_SECRET", None)
    env.pop("DXQUEST_COHORT_SECRET_FILE", None)
    # nbgrader starts kernels and alembic from PATH: this environment's tools first.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env
