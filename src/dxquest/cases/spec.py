"""A case declared, not wired: :class:`CaseSpec` gives every case the same data, caches, hidden
holdout and AI-task questions, so a case package writes only what is its own.

A case package declares one ``SPEC = CaseSpec(...)`` in its ``__init__.py``: its generator, the
writer and reader of its files, its sizes, and (for a case with a model-building question) the
function that cuts the hidden draw into the rows that question predicts (:class:`AITask`). From
that declaration come

- the learner's data: :meth:`CaseSpec.build_public_data`, :meth:`CaseSpec.load_data` (built on
  first use) and :meth:`CaseSpec.public` (read once per kernel, for the checks);
- the grader's data: :meth:`CaseSpec.hidden_data`, drawn from the cohort secret;
- the hidden holdout: :meth:`CaseSpec.hidden_task`, the one builder of the rows that both the
  checkers (who hand the learner's per-row predictions to the grader) and the cohort leaderboard
  (which scores them) use, so the two never disagree about which rows are predicted;
- the AI task's question pair (:func:`skill_questions`): "beats today's practice" and
  "skill ≥ pass", sharing one hint, one public check and one computation of the hidden scores.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.exercise import Question, same_number
from dxquest.holdout_predictions import emit_predictions
from dxquest.i18n import Msg, set_language
from dxquest.secret import derived_seed
from dxquest.skill import PASS_BAND, normalised_skill, report_scores, skill_at_least

PUBLIC_SEED = 0
"""Every case's learners get the draw of seed 0: the public data is the same for everyone."""


@dataclass(frozen=True)
class Holdout:
    """The rows of a case's hidden holdout that the AI task predicts."""

    case: str
    metric: str  # the name case.toml gives (grading.metric)
    keys: np.ndarray  # str, one per row, stable across runs (dates, store/item, job or part ids)
    actual: np.ndarray
    baseline: np.ndarray  # today's practice on each row
    oracle: np.ndarray  # the best achievable prediction on each row


@dataclass(frozen=True)
class AITask:
    """The hidden holdout's rows and ``predict(answer)``, which runs the learner's function (the
    answer of the case's model-building question) on the holdout's tasks, one value per row."""

    holdout: Holdout
    predict: Callable[[Any], np.ndarray]
    metric: Callable[[np.ndarray, np.ndarray], float]

    def scores(self, predictions: np.ndarray) -> dict[str, float]:
        """The metric of the learner's, today's and the oracle's predictions, and the skill."""
        rows = self.holdout
        scores = {
            "learner": self.metric(rows.actual, predictions),
            "baseline": self.metric(rows.actual, rows.baseline),
            "oracle": self.metric(rows.actual, rows.oracle),
        }
        scores["skill"] = normalised_skill(scores["learner"], scores["baseline"], scores["oracle"])
        return scores


@dataclass(frozen=True, eq=False)
class CaseSpec:
    """What one case declares; see the module docstring for what it gets.

    Parameters
    ----------
    id : str
        The case id (its folder under ``cases/``); also names the hidden draw's seed.
    make : callable
        The generator, ``make(*, seed, return_truth, **size)``.
    write, read : callable
        ``write(data, directory)`` and ``read(directory)`` of the generator's files.
    built_file : str
        A file ``write`` always writes: the public data counts as built when it exists.
    size : mapping
        The learners' size, spelled out (the generator's defaults may change; the case must not).
    hidden_size : mapping
        What the hidden draw changes in ``size`` (nothing: a second company of the same size).
    ten_x_size : mapping
        Ten times the learners' data, for the build-time benchmark.
    notebook_metrics : mapping
        Per notebook: the label and the prefix of the figures its hidden checks report.
    summarise_metrics : callable
        The benchmark's case summary from the figures the reference's hidden checks reported.
    ai_task : callable or None
        ``ai_task(hidden_draw) -> AITask``: the rows of the model-building question.
    """

    id: str
    make: Callable[..., Any]
    write: Callable[[Any, Path], Any]
    read: Callable[[Path], Any]
    built_file: str
    size: Mapping[str, Any]
    ten_x_size: Mapping[str, Any]
    notebook_metrics: Mapping[str, tuple[str, str]]
    summarise_metrics: Callable[[dict[str, dict]], dict]
    hidden_size: Mapping[str, Any] = field(default_factory=dict)
    ai_task: Callable[[Any], AITask] | None = None

    def build_public_data(self, directory: Path | None = None, **size: Any) -> Path:
        """Generate the learners' data (seed 0, the case's size unless ``size`` says otherwise)."""
        directory = directory or paths.data_dir(self.id)
        self.write(self.make(seed=PUBLIC_SEED, **{**self.size, **size}), directory)
        return directory

    def load_data(self, directory: Path | None = None) -> Any:
        """The public data (built on first use, so a fresh laptop needs no extra step)."""
        directory = directory or paths.data_dir(self.id)
        if not (directory / self.built_file).is_file():
            self.build_public_data(directory)
        return self.read(directory)

    def public(self) -> Any:
        """The learner's data, read once per kernel: checks pass copies of it to learner code."""
        return self._public()

    def hidden_data(self) -> Any:
        """The grading draw, with truth: another seed, derived from the cohort secret."""
        return self._draw(derived_seed(self.id, "holdout"))

    def hidden_task(self) -> AITask:
        """The AI task's rows on the grading draw (the same for checkers and leaderboard)."""
        if self.ai_task is None:
            raise KeyError(f"case {self.id!r} has no AI task on a hidden holdout")
        return self._task(derived_seed(self.id, "holdout"))

    def same_number(
        self,
        name: str,
        what: Msg,
        hint: Msg,
        expected: Callable[..., float],
        rel: float,
        arguments: Callable[[Any], tuple],
    ) -> Question:
        """A question whose answer is a function returning one number, checked against
        ``expected`` on the learner's data and on the hidden draw (see
        :func:`dxquest.exercise.same_number`)."""
        return same_number(
            name, what, hint, expected, rel, arguments, self.public, self.hidden_data
        )

    def emit_holdout_predictions(self, predictions: np.ndarray) -> None:
        """Hand the learner's per-row predictions on :meth:`hidden_task`'s rows to the grader
        (only while grading), for the leaderboard."""
        emit_predictions(self.id, self.hidden_task().holdout.keys, predictions)

    def setup(self, lang: str) -> None:
        """Called by each notebook's first cell: messages follow the notebook's language."""
        set_language(lang)

    def __post_init__(self) -> None:
        # Caches per spec: a method decorated with functools.cache would keep every spec alive.
        object.__setattr__(self, "_public", functools.cache(self.load_data))
        # Keyed by the seed: once the grader locks the secret again, the cache answers no caller.
        object.__setattr__(self, "_draw", functools.lru_cache(maxsize=1)(self._make_hidden))
        object.__setattr__(self, "_task", functools.lru_cache(maxsize=1)(self._make_task))

    def _make_hidden(self, seed: int) -> Any:
        return self.make(seed=seed, return_truth=True, **{**self.size, **self.hidden_size})

    def _make_task(self, seed: int) -> AITask:
        return self.ai_task(self._draw(seed))


def case_spec(case: CaseInfo) -> CaseSpec:
    """The declaration of ``case``: the ``SPEC`` of the package ``case.toml`` names."""
    return importlib.import_module(case.python_module).SPEC


def once_per_answer(compute: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``compute(answer)`` computed once per learner function: a self-check and several test
    cells ask for the same scores, and running a model costs seconds to minutes."""
    return functools.cache(compute)


def hidden_task_scores(spec: CaseSpec, prefix: str) -> Callable[[Any], dict[str, float]]:
    """The AI task's hidden scores of an answer, once per answer: the learner's function runs on
    :meth:`CaseSpec.hidden_task`'s rows, the figures are reported under ``prefix`` and the per-row
    predictions handed to the grader for the leaderboard (only while grading)."""

    @once_per_answer
    def scores(answer) -> dict[str, float]:
        task = spec.hidden_task()
        predictions = task.predict(answer)
        result = task.scores(predictions)
        report_scores(prefix, result)
        spec.emit_holdout_predictions(predictions)
        return result

    return scores


def skill_questions(
    names: tuple[str, str],
    titles: tuple[Msg, Msg],
    hint: Msg,
    public: Callable[[Any], None],
    hidden_scores: Callable[[Any], dict[str, float]],
    summary: Callable[[dict[str, float]], str],
    label: Msg,
    pass_skill: float = PASS_BAND,
) -> tuple[Question, Question]:
    """The question pair of a model: it beats today's practice (skill > 0) and it reaches the
    pass band (skill ≥ ``pass_skill``) on the hidden holdout, with the same public check."""
    beats, passes = (
        Question(name, title, hint, public, skill_at_least(floor, hidden_scores, summary, label))
        for name, title, floor in zip(names, titles, (0.0, pass_skill), strict=True)
    )
    return beats, passes
