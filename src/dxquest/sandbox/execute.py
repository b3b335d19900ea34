"""nbgrader's executor for sandboxed kernels (runs in the grader, outside the sandbox).

It replaces ``nbgrader.preprocessors.Execute`` in autograding (see :func:`sandboxed_autograde`)
and adds:

* a private connection folder and IPC transport per kernel, so a kernel sees no other kernel;
* the cohort secret handed to a test cell only while it runs (never to learner cells, never in
  the kernel's history) and scrubbed from every output afterwards;
* an output budget per cell, so a flood of output cannot exhaust the grader's memory;
* the hidden holdout predictions a test cell displays for the leaderboard
  (:mod:`dxquest.holdout_predictions`) are taken out of the notebook and written to
  ``predictions_dir``; from any other cell they are dropped, since learner code could forge them;
* a dead or unstartable kernel costs the cells from that point on, not the whole submission.
"""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Unicode

from dxquest.holdout_predictions import MIME_TYPE as PREDICTIONS_MIME
from dxquest.i18n import Msg
from dxquest.sandbox.policy import Policy
from dxquest.secret import cohort_secret

KERNEL_NAME = "dxquest-sandbox"
SCRUBBED = "[dxquest: removed]"

OUTPUT_CAPPED = Msg(
    "（出力が多すぎるため、ここで打ち切りました: 上限 {limit} バイト）",
    "(output stopped here: more than the limit of {limit} bytes)",
)
KERNEL_LOST = Msg(
    "カーネルが停止しました（{reason}）。このセル以降は0点です。メモリ・プロセス数・時間の上限を超える"
    "コードがないか確認してください。",
    "The kernel stopped ({reason}); this cell and the ones after it score 0. Check for code that "
    "exceeds the memory, process or time limits.",
)


class _SandboxSpecs(KernelSpecManager):
    """Knows one kernel: the current Python, started through the sandbox launcher."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        import sys

        return KernelSpec(
            argv=[sys.executable, "-m", "dxquest.sandbox.launch", "{connection_file}"],
            display_name="Python 3 (dxquest sandbox)",
            language="python",
            interrupt_mode="signal",  # the launcher forwards it to the kernel
        )


def sandboxed_autograde(config, policy: Policy, lang: str, predictions_dir: Path | None) -> None:
    """Set nbgrader's ``config`` so autograde runs every kernel under ``policy`` and hands the
    hidden tests the cohort secret; the hidden holdout predictions go to ``predictions_dir``."""
    from nbgrader.converters import Autograde

    config.Autograde.autograde_preprocessors = [
        SandboxedExecute if step is Execute else step
        for step in Autograde.class_traits()["autograde_preprocessors"].default()
    ]
    # Execute's settings (timeout, kernel arguments) apply to the subclass too.
    config.SandboxedExecute.merge(config.Execute)
    if policy.limits.cell_seconds:
        # Through the config: the preprocessor re-reads its traits from it before each notebook.
        config.SandboxedExecute.timeout = policy.limits.cell_seconds
    config.SandboxedExecute.policy = policy.to_json()
    config.SandboxedExecute.secret = cohort_secret()
    config.SandboxedExecute.lang = lang
    config.SandboxedExecute.predictions_dir = str(predictions_dir or "")


def kernel_dir_prefix(student: str) -> str:
    return f"dxquest-kernel-{student}-" if student else "dxquest-kernel-"


def is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


class SandboxedExecute(Execute):
    """See the module docstring. ``secret`` is the cohort secret the hidden tests need."""

    policy = Unicode("", help="Policy.to_json() of the sandbox").tag(config=True)
    secret = Unicode("", help="cohort secret for the hidden tests").tag(config=True)
    lang = Unicode("ja", help="language of the messages added to outputs").tag(config=True)
    predictions_dir = Unicode(
        "", help="folder for the holdout predictions of test cells, <notebook>.json (none: dropped)"
    ).tag(config=True)

    def create_kernel_manager(self):
        self.km = self.kernel_manager_class(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=_SandboxSpecs(),
            transport="ipc",
            connection_file=str(Path(self._connection_dir) / "kernel.json"),
            config=self.config,
        )
        return self.km

    async def async_start_new_kernel(self, **kwargs):
        # The launcher (outside the sandbox) reads the policy from its environment; the kernel's
        # own environment is the policy's, nothing of the grader's.
        kwargs["env"] = {**os.environ, **Policy.from_json(self.policy).to_env()}
        kwargs["cwd"] = self._connection_dir
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)

    def preprocess(self, nb, resources=None, km=None):
        policy = Policy.from_json(self.policy)
        self._output_limit = policy.limits.output_bytes_per_cell
        self._current = 0
        self._in_test_cell = False
        self._predictions = None
        # The learner's id in the folder's name, so an operator (or the audit) can tell which
        # learner a kernel process belongs to: the folder is on every kernel's command line.
        student = (resources or {}).get("nbgrader", {}).get("student", "")
        with tempfile.TemporaryDirectory(prefix=kernel_dir_prefix(student)) as connection_dir:
            self._connection_dir = connection_dir
            try:
                return super().preprocess(nb, resources, km)
            except Exception as error:  # the kernel died or never started: see KERNEL_LOST
                self._lose_remaining_cells(nb, error)
                return nb, self.resources
            finally:
                _drop_predictions(nb)
                self._write_predictions((resources or {}).get("unique_key", "notebook"))

    def preprocess_cell(self, cell, resources, index):
        self._current = index
        self._written = 0
        self._in_test_cell = is_test_cell(cell)
        if not is_test_cell(cell) or not self.secret:
            return super().preprocess_cell(cell, resources, index)
        original = cell.source
        cell.source = _with_secret(original, self.secret)
        try:
            # Not stored in the kernel's history: `In` / `_ih` must not keep the secret.
            self._check_assign_resources(resources)
            cell = self.execute_cell(cell, index, store_history=False)
        finally:
            cell.source = original
        self._scrub(cell)
        return cell, self.resources

    def output(self, outs, msg, display_id, cell_index):
        data = msg.get("content", {}).get("data")
        if isinstance(data, dict) and PREDICTIONS_MIME in data:
            if self._in_test_cell:
                self._predictions = data[PREDICTIONS_MIME]
            return None  # never an output: not in feedback, not in the autograded notebook
        size = len(str(msg.get("content", "")))
        if self._written > self._output_limit:
            return None
        self._written += size
        if self._written > self._output_limit:
            note = NotebookNode(
                output_type="stream",
                name="stdout",
                text="\n"
                + str(OUTPUT_CAPPED.format(limit=self._output_limit).render(self.lang))
                + "\n",
            )
            outs.append(note)
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _write_predictions(self, notebook: str) -> None:
        if self.predictions_dir and self._predictions is not None:
            path = Path(self.predictions_dir) / f"{notebook}.json"
            path.write_text(json.dumps(self._predictions), encoding="utf-8")

    def _scrub(self, cell: NotebookNode) -> None:
        for output in cell.get("outputs", []):
            for key in ("text", "evalue"):
                if self.secret in output.get(key, ""):
                    output[key] = output[key].replace(self.secret, SCRUBBED)
            if "traceback" in output:
                output["traceback"] = [
                    line.replace(self.secret, SCRUBBED) for line in output["traceback"]
                ]

    def _lose_remaining_cells(self, nb: NotebookNode, error: Exception) -> None:
        reason = f"{type(error).__name__}: {str(error)[:200]}"
        message = str(KERNEL_LOST.format(reason=reason).render(self.lang))
        for cell in nb.cells[self._current :]:
            if cell.cell_type == "code":
                cell.outputs = [
                    NotebookNode(
                        output_type="error", ename="KernelLost", evalue=message, traceback=[message]
                    )
                ]
        self.log.warning("kernel lost in cell %d: %s", self._current, reason)


def _drop_predictions(nb: NotebookNode) -> None:
    """Remove predictions that reached outputs without :meth:`SandboxedExecute.output` (a display
    updated by id is written into its cell directly)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if PREDICTIONS_MIME not in o.get("data", {})]


def _with_secret(source: str, secret: str) -> str:
    """The test cell's code, run with the cohort secret available and locked again afterwards."""
    return (
        "import dxquest.secret as _dxquest_secret\n"
        f"_dxquest_secret.unlock({secret!r})\n"
        "try:\n"
        f"{textwrap.indent(source, '    ') if source.strip() else '    pass'}\n"
        "    pass\n"
        "finally:\n"
        "    _dxquest_secret.lock()\n"
        "    del _dxquest_secret\n"
    )
