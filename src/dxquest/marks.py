"""How the grader marks a question's outputs (grader side: never in the learner's kernel).

A case's ``marking`` module maps each question name to a mark:

* :class:`Expected` — the reference's output on the same inputs, compared by the question's kind
  under its tolerance (numbers, per-row values, tables);
* :class:`Skill` — a model's predictions on the hidden holdout, scored against today's practice
  and the oracle as a normalised skill that must reach a floor (:mod:`dxquest.skill`).

Each mark also gives the public self-check its material: the digests of the reference's answers
on the learner's data (:class:`Expected`), or figures of that data that hold no answer
(:class:`Skill`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dxquest.exercise import Draw, Question
from dxquest.holdout_predictions import keys_sha256
from dxquest.i18n import Msg
from dxquest.skill import LEAKAGE_NOTE, LEAKAGE_REVIEW_ABOVE, report_scores

UNREADABLE = Msg(
    "提出された関数の出力を採点できませんでした（形式が違います）。",
    "The outputs of your function could not be marked (wrong form).",
)


@dataclass(frozen=True)
class Verdict:
    """The grader's judgement of one hidden check; ``summary`` is shown either way."""

    passed: bool
    message: Msg | None = None
    summary: Msg | None = None  # shown in the learner's language
    leaderboard: dict | None = None  # the AI task's predictions, for the cohort leaderboard
    # How far a wrong answer was from the reference's, in the tolerance's unit (its largest
    # distance over the inputs), where the kind measures one: validate reports it by tolerance.
    effect: float | None = None


def read_outputs(
    outputs: Any, args_list: list[tuple], read: Callable[[Any, tuple], Any]
) -> tuple[list, None] | tuple[None, Verdict]:
    """Each handed-over output read by ``read`` with its inputs, or the failing verdict when they
    are not one per input or one does not read (with the kind's own message)."""
    if not isinstance(outputs, list) or len(outputs) != len(args_list):
        return None, Verdict(False, UNREADABLE)
    try:
        return [read(o, a) for o, a in zip(outputs, args_list, strict=True)], None
    except AssertionError as wrong:  # the kind's Incorrect
        return None, Verdict(False, getattr(wrong, "message", UNREADABLE))


# The reference's outputs on one list of inputs, kept as long as that list: a grader judges every
# learner of a cohort on the same hidden inputs (loaded once), and a reference run costs seconds.
_kept_outputs: dict[tuple, tuple[list, list]] = {}


def _reference_outputs(reference: Callable[..., Any], question: Question, args_list: list[tuple]):
    key = (reference, question.name, id(args_list))
    kept = _kept_outputs.get(key)
    if kept is not None and kept[0] is args_list:  # the very list, not another at its address
        return kept[1]
    # Deep copies: a reference that edits a frame must not change the next call's inputs.
    outputs = [question.kind.read(reference(*copy.deepcopy(args)), args) for args in args_list]
    _kept_outputs[key] = (args_list, outputs)
    return outputs


@dataclass(frozen=True)
class Expected:
    """The learner's output must be the reference's, within the question's tolerance."""

    reference: Callable[..., Any]

    def public_material(self, question: Question, draw: Draw, salt: str) -> list:
        expected = _reference_outputs(self.reference, question, question.inputs(draw))
        return [question.kind.digest(e, salt) for e in expected]

    def judge(
        self, question: Question, args_list: list[tuple], outputs: list, truth: Any
    ) -> Verdict:
        if not isinstance(outputs, list) or len(outputs) != len(args_list):
            return Verdict(False, UNREADABLE)
        expected = _reference_outputs(self.reference, question, args_list)
        failures = [question.kind.mismatch(m, e) for m, e in zip(outputs, expected, strict=True)]
        failure = next((f for f in failures if f is not None), None)
        if failure is None:
            return Verdict(True)
        # The effect is measured where the answer fails: a mistake that only shows where the
        # answer is infinite (a payback never reached) has no distance, not a distance of 0.
        measure = getattr(question.kind, "distance", None)
        failing = [
            (m, e) for m, e, f in zip(outputs, expected, failures, strict=True) if f is not None
        ]
        distances = [measure(m, e) for m, e in failing] if measure else []
        known = [d for d in distances if d is not None]
        return Verdict(False, failure, effect=max(known) if known else None)


@dataclass(frozen=True)
class SkillSummary:
    """The line a model's hidden check shows under its test cell, whether it passed or not: the
    learner's figure, today's practice's and the best possible (the oracle's), and the skill,
    in the learner's language with the glossary's terms (``docs/glossary.md``).

    ``figure`` formats one figure (with its unit); ``detail`` adds a case's own figures."""

    what: Msg
    baseline: Msg
    figure: Msg = Msg("{:.3f}", "{:.3f}")
    detail: Callable[[dict], Msg] | None = None

    def __call__(self, scores: dict) -> Msg:
        ja, en = (
            [form.format(scores[role]) for role in ("learner", "baseline", "oracle")]
            for form in (self.figure.ja, self.figure.en)
        )
        line = Msg(
            f"非公開の評価データでの{self.what.ja}: {ja[0]}（{self.baseline.ja} {ja[1]}、"
            f"理論上の最善 {ja[2]}）、改善到達度 {scores['skill']:.2f}",
            f"hidden holdout {self.what.en} {en[0]} ({self.baseline.en} {en[1]}, "
            f"best possible {en[2]}); skill {scores['skill']:.2f}",
        )
        return line if self.detail is None else line + self.detail(scores)


@dataclass(frozen=True)
class Skill:
    """A model's hidden-holdout skill must exceed ``floor`` (0: beat today's practice; equalling
    it is not enough) or reach it (above 0).

    ``scores(truth, predictions_per_task)`` returns the learner's, the baseline's and the oracle's
    figures and the skill (and, for the leaderboard, ``"leaderboard"``: the case's holdout bundle);
    ``material(public_data)`` is the public self-check's material; ``prefix`` names the figures
    reported for the benchmark. ``condition(scores)``, where given, is what else the scores must
    satisfy whatever the skill (promises kept as often as asked), as the failure's message or
    ``None``."""

    scores: Callable[[Any, list], dict]
    floor: float
    summary: SkillSummary
    label: Msg
    prefix: str
    material: Callable[[Any], dict]
    condition: Callable[[dict], Msg | None] | None = None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def public_material(self, question: Question, draw: Draw, salt: str) -> dict:
        return self.material(draw.data)

    def judge(
        self, question: Question, args_list: list[tuple], outputs: list, truth: Any
    ) -> Verdict:
        rows, refused = read_outputs(outputs, args_list, question.kind.checked)
        if refused is not None:
            return refused
        scores = self.scores(truth, rows)
        report_scores(self.prefix, scores)
        skill = scores["skill"]
        passed = skill > 0 if self.floor == 0 else skill >= self.floor
        message = Msg(
            f"非公開の評価データでの{self.label.ja}改善到達度が {skill:.2f} で、"
            f"基準 {self.floor} に届きません。",
            f"{self.label.en} skill on the hidden holdout is {skill:.2f}, below {self.floor}.",
        )
        failure = None if self.condition is None else self.condition(scores)
        if failure is None and not passed:
            failure = message
        summary = self.summary(scores)
        if skill > LEAKAGE_REVIEW_ABOVE:
            summary += Msg("\n", "\n") + LEAKAGE_NOTE
        return Verdict(failure is None, failure, summary, scores.get("leaderboard"))


def ai_task_scores(
    spec, scored_rows: Callable[[Any], np.ndarray] | None = None
) -> Callable[[Any, list], dict]:
    """``Skill.scores`` of a case's AI task: its metric and skill on the hidden holdout's rows
    (:meth:`dxquest.cases.spec.CaseSpec.hidden_task`), and the per-row predictions for the
    cohort leaderboard, which scores the same rows. ``scored_rows(truth)`` picks the holdout's
    rows among the rows the learner predicted, when not every row is scored."""

    def scores(truth: Any, predictions_per_task: list) -> dict:
        task = spec.hidden_task()
        predictions = np.concatenate([np.asarray(p, dtype=float) for p in predictions_per_task])
        if scored_rows is not None:
            predictions = predictions[scored_rows(truth)]
        result = task.scores(predictions)
        result["leaderboard"] = {
            "case": spec.id,
            "keys_sha256": keys_sha256(task.holdout.keys),
            "predictions": predictions.tolist(),
        }
        return result

    return scores


@dataclass(frozen=True)
class WithinRanges:
    """Each figure a learner decides must lie in the range ``ranges(*args)`` gives on the same
    inputs (the defensible definitions, the grader's), judged by the question's
    :class:`~dxquest.answers.Ranges` kind: a definition is graded, not one constant."""

    ranges: Callable[..., dict[str, tuple[float, float]]]

    def public_material(self, question: Question, draw: Draw, salt: str) -> list:
        return [question.kind.digest(self.ranges(*args), salt) for args in question.inputs(draw)]

    def judge(
        self, question: Question, args_list: list[tuple], outputs: list, truth: Any
    ) -> Verdict:
        figures, refused = read_outputs(outputs, args_list, question.kind.read)
        if refused is not None:
            return refused
        for mine, args in zip(figures, args_list, strict=True):
            for key, (low, high) in self.ranges(*args).items():
                if not question.kind.inside(mine[key], low, high):
                    return Verdict(False, question.kind.outside(key, mine[key]))
        return Verdict(True)


Mark = Expected | Skill | WithinRanges
