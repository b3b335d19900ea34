"""The grader's side of every hidden check: prepare the hidden inputs, judge the outputs.

Before a cohort is graded, :func:`hidden_inputs_dir` cuts every question's inputs from the cohort's
hidden draw (its learner-visible tables only, never its truth) and writes them to a folder the
sandboxed kernels read (:mod:`dxquest.grader_channel`). The kernel hands back the learner's
outputs; :func:`judge` marks them here, with the case's references, oracle and truth
(``<case package>.marking.MARKS``), none of which is ever in the kernel.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import importlib
import json
import logging
import os
import pickle
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat

from dxquest import kit_build, paths
from dxquest.caseinfo import CaseInfo, get_case
from dxquest.cases.spec import case_spec
from dxquest.exercise import Draw, Exercises, Question
from dxquest.grader_channel import MIME_TYPE, inputs_file, received
from dxquest.i18n import Msg
from dxquest.marks import UNREADABLE, Expected, Mark, Verdict
from dxquest.secret import cohort_secret, question_inputs_seed

log = logging.getLogger(__name__)
HIDDEN_CHECK = re.compile(r"\bex\.(\w+)\.grade_hidden\(")
NOTHING_HANDED_OVER = Msg(
    "非公開テストの結果が採点側に届きませんでした（{question}）。",
    "The hidden test's results did not reach the grader ({question}).",
)


def case_exercises(case: CaseInfo) -> Exercises:
    """The case's questions (the kernel-side declarations, read by the grader too)."""
    return importlib.import_module(f"{case.python_module}.exercises").EXERCISES


def case_marks(case: CaseInfo) -> dict[str, Mark]:
    """How the grader marks each question of the case, by question name."""
    marks = importlib.import_module(f"{case.python_module}.marking").MARKS
    missing = set(case_exercises(case).questions) - set(marks)
    if missing:
        raise KeyError(f"case {case.id}: no mark for questions {sorted(missing)}")
    return marks


def hidden_draw(case: CaseInfo) -> Draw:
    """The cohort's hidden draw as learners' functions may see it (no truth), with a secret seed
    for the questions whose inputs are random."""
    spec = case_spec(case)
    return Draw(
        lambda: dataclasses.replace(spec.hidden_data(), truth=None),
        question_inputs_seed(case.id),
    )


def hidden_inputs_dir(case: CaseInfo) -> Path:
    """The folder of the case's hidden inputs for this cohort, prepared once per cohort secret and
    build of the kit (named by a digest of the secret, never the secret).

    Cohort workers may ask at the same time: each prepares a private folder and renames it into
    place, so a kernel never reads a folder another process is still writing."""
    cohort = hashlib.sha256(cohort_secret().encode()).hexdigest()[:16]
    # Another build of the kit may cut the inputs otherwise: a folder of their own.
    folder = paths.build_dir() / "hidden-inputs" / cohort / kit_build.fingerprint()[:16] / case.id
    if folder.is_dir():
        return folder
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    draw = hidden_draw(case)
    written: dict[object, Path] = {}  # questions that share their inputs share one file
    for name, question in case_exercises(case).questions.items():
        target = inputs_file(staging, name)
        if question.inputs in written:
            os.link(written[question.inputs], target)
            continue
        with open(target, "wb") as f:
            pickle.dump(question.inputs(draw), f, protocol=pickle.HIGHEST_PROTOCOL)
        written[question.inputs] = target
    try:
        staging.rename(folder)
    except OSError:  # another process put its copy in place first: the same inputs
        shutil.rmtree(staging, ignore_errors=True)
    return folder


@functools.lru_cache(maxsize=64)
def _load_inputs(folder: Path, question: str) -> list[tuple]:
    with open(inputs_file(folder, question), "rb") as f:
        return pickle.load(f)  # written by hidden_inputs_dir, never by learner code


def expected_outputs(case: CaseInfo, question_name: str, dataset: str) -> list[Any]:
    """The reference's outputs on ``question_name``'s inputs from the learner's data
    (``dataset="public"``) or the cohort's hidden draw (``"hidden"``), as the kind reads them;
    for audits and the answer-leak scan (questions marked against a reference only)."""
    question = case_exercises(case).questions[question_name]
    mark = case_marks(case)[question_name]
    if not isinstance(mark, Expected):
        raise TypeError(f"{case.id}/{question_name} has no reference answer (its mark is a skill)")
    if dataset == "public":
        args_list = question.inputs(case_exercises(case).public_draw)
    else:
        args_list = _load_inputs(hidden_inputs_dir(case), question_name)
    return [question.kind.read(mark.reference(*copy.deepcopy(a)), a) for a in args_list]


def judge(case_id: str, question_name: str, outputs: Any) -> Verdict:
    """Mark a learner's outputs (JSON text from a kernel, :func:`dxquest.grader_channel.hand_over`)
    on ``question_name``'s hidden inputs."""
    case = get_case(case_id)
    question: Question = case_exercises(case).questions[question_name]
    args_list = _load_inputs(hidden_inputs_dir(case), question_name)
    truth = case_spec(case).hidden_data()
    return case_marks(case)[question_name].judge(question, args_list, received(outputs), truth)


def judge_answer(case_id: str, question_name: str, answer: Any) -> Verdict:
    """Grade ``answer`` (a learner's function) on the hidden inputs in this process: what a hidden
    test cell and the grader's executor do together, for tests and the wrong-answer checks."""
    case = get_case(case_id)
    question = case_exercises(case).questions[question_name]
    args_list = _load_inputs(hidden_inputs_dir(case), question_name)
    # As JSON text, as the outputs travel from a kernel.
    return judge(case_id, question_name, json.dumps(question.outputs(answer, args_list)))


def handed_over(outputs: list) -> dict[str, Any]:
    """The outputs a test cell handed over, by question (the last one counts), from its outputs."""
    bundles = [o["data"][MIME_TYPE] for o in outputs if MIME_TYPE in o.get("data", {})]
    return {b.get("question"): b.get("outputs") for b in bundles if isinstance(b, dict)}


def judge_handed(case_id: str, source: str, handed: dict[str, Any]) -> list[Verdict]:
    """The verdict of each hidden check in a test cell's ``source`` on the outputs it ``handed``
    over, in order (a check that handed nothing over fails)."""
    verdicts = []
    for question in HIDDEN_CHECK.findall(source):
        if question not in handed:
            verdicts.append(Verdict(False, NOTHING_HANDED_OVER.format(question=question)))
            continue
        try:
            verdicts.append(judge(case_id, question, handed[question]))
        except Exception:  # the outputs came from learner code: anything unexpected scores 0
            log.exception("could not mark %s's outputs", question)
            verdicts.append(Verdict(False, UNREADABLE))
    return verdicts


def mark_test_cell(case_id: str, cell, handed: dict[str, Any], lang: str) -> list[Verdict]:
    """Judge each hidden check a test cell ran (``ex.<question>.grade_hidden``) from the outputs
    it ``handed`` over, and write the verdicts into the cell: each summary as text, and the first
    failure as an error output, which scores the cell 0 under nbgrader's rule. A cell that already
    failed (its public part, or the learner's code) is left as it is."""
    if any(o.get("output_type") == "error" for o in cell.outputs):
        return []
    verdicts = judge_handed(case_id, cell.source, handed)
    for verdict in verdicts:
        if verdict.summary:
            cell.outputs.append(
                nbformat.v4.new_output(
                    "stream", name="stdout", text=verdict.summary.render(lang) + "\n"
                )
            )
        if not verdict.passed:
            message = verdict.message.render(lang)
            cell.outputs.append(
                nbformat.v4.new_output(
                    "error", ename="Incorrect", evalue=message, traceback=[message]
                )
            )
            break
    return verdicts
