"""nbgrader's executor for sandboxed kernels (runs in the grader, outside the sandbox).

It replaces ``nbgrader.preprocessors.Execute`` in autograding (see :func:`sandboxed_autograde`)
and adds:

* a private connection folder and IPC transport per kernel, so a kernel sees no other kernel;
* an output budget per cell, so a flood of output cannot exhaust the grader's memory;
* the hidden checks judged here, outside the sandbox: a hidden test cell hands the learner's
  outputs on the hidden inputs back (:mod:`dxquest.grader_channel`); they are taken out of the
  notebook, marked by :func:`dxquest.marking.judge`, and the verdict is written into the cell (an
  error output scores it 0, as nbgrader scores any failing test). Outputs displayed by any other
  cell are dropped. An AI task's predictions go to ``predictions_dir`` for the leaderboard;
* a dead or unstartable kernel costs the cells from that point on, not the whole submission.

No secret ever enters the kernel: the hidden inputs were cut from the cohort's draw beforehand.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Unicode

from dxquest.grader_channel import MIME_TYPE as OUTPUTS_MIME
from dxquest.i18n import Msg
from dxquest.marking import mark_test_cell
from dxquest.sandbox.policy import Policy

KERNEL_NAME = "dxquest-sandbox"

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

        # The launcher is told who started it: if this grader dies before the launcher asks for
        # its parent-death signal, the launcher sees another parent and exits.
        grader = str(os.getpid())
        return KernelSpec(
            argv=[sys.executable, "-m", "dxquest.sandbox.launch", grader, "{connection_file}"],
            display_name="Python 3 (dxquest sandbox)",
            language="python",
            interrupt_mode="signal",  # the launcher forwards it to the kernel
        )


def sandboxed_autograde(
    config, policy: Policy, case_id: str, lang: str, predictions_dir: Path | None
) -> None:
    """Set nbgrader's ``config`` so autograde runs every kernel under ``policy`` and judges the
    hidden checks of ``case_id``; the hidden holdout predictions go to ``predictions_dir``."""
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
    config.SandboxedExecute.case_id = case_id
    config.SandboxedExecute.lang = lang
    config.SandboxedExecute.predictions_dir = str(predictions_dir or "")


def kernel_dir_prefix(student: str) -> str:
    return f"dxquest-kernel-{student}-" if student else "dxquest-kernel-"


def is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


class SandboxedExecute(Execute):
    """See the module docstring."""

    policy = Unicode("", help="Policy.to_json() of the sandbox").tag(config=True)
    case_id = Unicode("", help="the case whose hidden checks the test cells hand over").tag(
        config=True
    )
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
        self._handed_over: list[dict] = []
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
                _drop_handed_over(nb)
                self._write_predictions((resources or {}).get("unique_key", "notebook"))

    def preprocess_cell(self, cell, resources, index):
        self._current = index
        self._written = 0
        self._in_test_cell = is_test_cell(cell)
        self._handed_over = []
        cell, resources = super().preprocess_cell(cell, resources, index)
        if self._in_test_cell:
            self._judge(cell)
        return cell, resources

    def _judge(self, cell: NotebookNode) -> None:
        handed = {
            b.get("question"): b.get("outputs") for b in self._handed_over if isinstance(b, dict)
        }
        for verdict in mark_test_cell(self.case_id, cell, handed, self.lang):
            if verdict.leaderboard is not None:
                self._predictions = verdict.leaderboard

    def output(self, outs, msg, display_id, cell_index):
        data = msg.get("content", {}).get("data")
        if isinstance(data, dict) and OUTPUTS_MIME in data:
            if self._in_test_cell:
                self._handed_over.append(data[OUTPUTS_MIME])
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


def _drop_handed_over(nb: NotebookNode) -> None:
    """Remove handed-over outputs that reached a cell without :meth:`SandboxedExecute.output` (a
    display updated by id is written into its cell directly)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if OUTPUTS_MIME not in o.get("data", {})]
