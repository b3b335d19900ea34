"""Plausible wrong answers, proven to lose their test's points in one kernel per notebook.

A case's wrong answers are case content (``cases/<case>/wrong_answers.toml``), one
``[[wrong_answer]]`` each::

    notebook = "01_business_problem"
    cell = "annual_waste_cost"            # grade_id of the solution cell it replaces
    must_fail = "annual_waste_cost_test"  # grade_id of the test cell that must lose points
    why = "counts duplicated export rows twice"
    source = '''...'''                    # the whole replacement cell

Grading a wrong answer from scratch re-runs its whole notebook (model training included) in a new
sandboxed kernel. The test cell's verdict only depends on the kernel's state when the test runs,
so here each source notebook runs once, in order, in one kernel, and at each wrong answer the
kernel branches: the wrong cell runs, then the cells after it up to its test, and nbgrader's own
``determine_grade`` reads the test's outputs. The original cells from the answer to the test then
run again, and the test must now earn full marks, so a wrong answer that left the state changed
(an edited frame, a redefined helper) cannot make a later verdict unsound; a restoration that fails
is reported, never ignored.

Wrong answers of the same cell run one after another and are restored once, after the last of
them: the original cells run again through the last of their tests, and every test cell on the way
must earn full marks. Each wrong answer runs every cell from the answer to its test again, which
overwrites what those cells define, so a change one of them left behind (a frame edited in place,
a name the cells do not define) is still there for the restoration to fail on. Only a later wrong
answer that undid exactly that change would hide it. A model's cells run once per wrong answer
instead of twice.

Two shortcuts reach the verdict grading would give with half a model's runs:

- A self-check cell (only ``ex.<question>.check(...)`` calls) is never run: it prints a verdict for
  the learner and sets nothing a test reads. The test's visible part runs the same public checks.
  Between a wrong answer and its test, other test cells of that form are not run either: their
  verdicts are not this wrong answer's, and the restoration runs them.
- A wrong answer's test runs its hidden checks alone first. A test earns its points only if its
  public part and every hidden check pass, so a hidden check that fails proves the loss, and the
  public part (a model's two runs on the public weeks) is not run. Only when every hidden check
  passes does the whole test run, as nbgrader runs it. The hidden checks' distances from the
  reference's outputs (for the tolerances) come from that first run.
"""

from __future__ import annotations

import copy
import itertools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.utils import determine_grade

from dxquest.caseinfo import CaseInfo
from dxquest.grader_channel import INPUTS_ENV, MIME_TYPE
from dxquest.kernel_config import kernel_config
from dxquest.marking import (
    HIDDEN_CHECK,
    handed_over,
    hidden_inputs_dir,
    judge_handed,
    mark_test_cell,
)

# nbgrader's per-cell limit (grading/nbgrader_config.py): a wrong answer that loops loses its test.
CELL_TIMEOUT_SECONDS = 180
CHECK_CALL = re.compile(r"ex\.\w+\.(check|grade|grade_hidden)\(\w*\)")


def only_calls_checks(cell: nbformat.NotebookNode) -> bool:
    """A code cell whose every line (comments aside) calls a question's check on an answer: a
    self-check, or a test cell of the kit's form. It prints verdicts and sets nothing."""
    lines = [
        line.strip()
        for line in cell.source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return (
        cell.cell_type == "code"
        and bool(lines)
        and all(CHECK_CALL.fullmatch(line) for line in lines)
    )


def is_self_check(cell: nbformat.NotebookNode) -> bool:
    """A cell of check calls graded by nothing: the learner's self-check."""
    return only_calls_checks(cell) and not cell.metadata.get("nbgrader", {}).get("grade")


@dataclass(frozen=True)
class WrongAnswer:
    notebook: str
    cell: str
    must_fail: str
    why: str
    source: str

    @property
    def label(self) -> str:
        return f"{self.notebook}/{self.must_fail}: {self.why}"


def wrong_answers_file(case: CaseInfo) -> Path:
    return case.directory / "wrong_answers.toml"


def load_wrong_answers(case: CaseInfo) -> list[WrongAnswer]:
    with open(wrong_answers_file(case), "rb") as f:
        return [WrongAnswer(**entry) for entry in tomllib.load(f)["wrong_answer"]]


def cell_index(nb: nbformat.NotebookNode, grade_id: str) -> int:
    """Position of the one cell whose nbgrader ``grade_id`` is ``grade_id``."""
    found = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    ]
    if len(found) != 1:
        raise KeyError(f"no single cell with grade_id {grade_id!r}")
    return found[0]


def apply_wrong_answer(source_nb: Path, wrong: WrongAnswer, out_dir: Path) -> Path:
    """Copy ``source_nb`` into ``out_dir`` with the solution cell ``wrong.cell`` replaced."""
    nb = nbformat.read(source_nb, as_version=4)
    try:
        index = cell_index(nb, wrong.cell)
    except KeyError as error:
        raise KeyError(f"{source_nb.name}: {error.args[0]}") from None
    nb.cells[index].source = wrong.source.strip("\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source_nb.name
    nbformat.write(nb, target)
    return target


@dataclass
class WrongAnswerRun:
    """What running a notebook's wrong answers showed."""

    missed: list[str]  # wrong answers whose test kept its points
    unrestored: list[str]  # wrong answers after which the original answer failed its test
    # (question, effect): how far each wrong answer's hidden outputs were from the reference's,
    # in the question's tolerance unit, where its kind measures one.
    effects: list[tuple[str, float]] = field(default_factory=list)


class _BranchingKernel:
    """One kernel running a source notebook in order, able to try a cell's replacement."""

    def __init__(self, nb: nbformat.NotebookNode, workdir: Path, case: CaseInfo | None):
        # nbclient stores every executed cell back into its notebook: keep the originals apart.
        self.cells = copy.deepcopy(nb.cells)
        self.case = case
        self.client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT_SECONDS,
            kernel_name="python3",
            config=kernel_config(),
            allow_errors=True,
            resources={"metadata": {"path": str(workdir)}},
        )
        self.done = -1  # index of the last original cell run in order

    def __enter__(self) -> _BranchingKernel:
        env = dict(os.environ)
        if self.case is not None:  # the kernel reads the hidden inputs as a graded kernel does
            env[INPUTS_ENV] = str(hidden_inputs_dir(self.case))
        self._context = self.client.setup_kernel(env=env)
        self._context.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._context.__exit__(*exc)

    def _run(self, index: int, source: str | None = None) -> nbformat.NotebookNode:
        cell = copy.deepcopy(self.cells[index])
        if source is not None:
            cell.source = source
        if cell.cell_type == "code" and not is_self_check(cell):
            cell.outputs = []
            try:
                self.client.execute_cell(cell, index)
            except CellTimeoutError:
                cell.outputs.append(nbformat.v4.new_output("error", ename="Timeout", evalue=""))
        return cell

    def run_through(self, last: int) -> None:
        """Run the original cells after the last one run, up to ``last``."""
        for index in range(self.done + 1, last + 1):
            self._run(index)
        self.done = max(self.done, last)

    def tests_earn_full_marks(self, first: int, tests: list[int], replacement: str | None) -> bool:
        """Run cells ``first`` to the last of ``tests`` (the first replaced by ``replacement``);
        whether every test cell among them earns full marks by nbgrader's grading rule."""
        self._run(first, replacement)
        full = True
        for index in range(first + 1, max(tests, default=first) + 1):
            cell = self._run(index)
            if index in tests:
                full = self._graded_in_full(cell) and full
        self.done = max(self.done, first, *tests)
        return full

    def tests_up_to(self, last: int) -> list[int]:
        """The autograded test cells up to cell ``last``."""
        return [
            index
            for index, cell in enumerate(self.cells[: last + 1])
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
        ]

    def _graded_in_full(self, graded: nbformat.NotebookNode) -> bool:
        if self.case is not None:  # the grader's side of the hidden checks
            handed = handed_over(graded.outputs)
            graded.outputs = [o for o in graded.outputs if MIME_TYPE not in o.get("data", {})]
            mark_test_cell(self.case.id, graded, handed, "en")
        score, points = determine_grade(graded)
        return score == points

    def wrong_answer_loses(
        self, answer: int, test: int, replacement: str
    ) -> tuple[bool, list[tuple[str, float]]]:
        """Run ``replacement`` in place of cell ``answer`` and the cells up to test cell ``test``;
        whether the test then loses points, and the hidden checks' (question, distance) pairs."""
        self._run(answer, replacement)
        for index in range(answer + 1, test):
            # A self-check or another question's test: neither gives this answer's verdict.
            if not only_calls_checks(self.cells[index]):
                self._run(index)
        self.done = max(self.done, test)
        hidden_failed, effects = self._hidden_checks_alone(test)
        return hidden_failed or not self._graded_in_full(self._run(test)), effects

    def _hidden_checks_alone(self, test: int) -> tuple[bool, list[tuple[str, float]]]:
        """Run only the hidden checks of test cell ``test``: whether one failed, and how far each
        answer's outputs were from the reference's where its kind measures that."""
        hidden = "\n".join(
            line for line in self.cells[test].source.splitlines() if HIDDEN_CHECK.search(line)
        )
        if self.case is None or not hidden:
            return False, []
        probe = self._run(test, hidden)
        verdicts = judge_handed(self.case.id, hidden, handed_over(probe.outputs))
        pairs = zip(HIDDEN_CHECK.findall(hidden), verdicts, strict=True)
        effects = [(q, v.effect) for q, v in pairs if v.effect is not None]
        return not all(v.passed for v in verdicts), effects


def run_wrong_answers(
    source_nb: Path, wrong_answers: list[WrongAnswer], workdir: Path, case: CaseInfo | None = None
) -> WrongAnswerRun:
    """Try every wrong answer of one source notebook (solutions and hidden tests included); the
    hidden checks of ``case`` are marked as the grader marks them."""
    nb = nbformat.read(source_nb, as_version=4)
    placed = sorted(
        ((cell_index(nb, w.cell), cell_index(nb, w.must_fail), w) for w in wrong_answers),
        key=lambda item: item[:2],
    )
    workdir.mkdir(parents=True, exist_ok=True)
    result = WrongAnswerRun([], [])
    try:
        with _BranchingKernel(nb, workdir, case) as kernel:
            for answer, group in itertools.groupby(placed, key=lambda item: item[0]):
                tried = [(test, wrong) for _, test, wrong in group]
                for test, wrong in tried:
                    if test <= answer:
                        raise ValueError(f"{wrong.label}: the test cell must come after the answer")
                kernel.run_through(answer - 1)
                for test, wrong in tried:
                    loses, effects = kernel.wrong_answer_loses(
                        answer, test, wrong.source.strip("\n")
                    )
                    if loses:
                        result.effects += effects
                    else:
                        result.missed.append(wrong.label)
                last = max(test for test, _ in tried)
                if not kernel.tests_earn_full_marks(answer, kernel.tests_up_to(last), None):
                    result.unrestored += [wrong.label for _, wrong in tried]
    except DeadKernelError as error:
        # A wrong answer that kills the kernel would cost its test in grading too, but every later
        # verdict of this notebook is unknown: report them rather than guess.
        done = {*result.missed, *result.unrestored}
        result.unrestored += [w.label for *_, w in placed if w.label not in done]
        result.unrestored.append(f"{source_nb.name}: kernel died ({error})")
    return result
