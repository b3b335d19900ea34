"""A case declared, not wired: :class:`CaseSpec` gives every case the same data build, hidden draw
and hidden holdout, so a case package writes only what is its own (grader side).

A case package declares one ``SPEC = CaseSpec(...)`` in its ``declaration`` module: its
generator, the writer of its files, its sizes, and (for a case with a model-building question) the
function that cuts the hidden draw into the rows that question predicts (:class:`AITask`). From
that declaration come

- the learner's data: :meth:`CaseSpec.build_public_data` (the kernel reads it with the case's
  ``data.load_data``);
- the grader's data: :meth:`CaseSpec.hidden_data`, drawn from the cohort secret;
- the hidden holdout: :meth:`CaseSpec.hidden_task`, the one builder of the rows that both the
  marking of the AI task and the cohort leaderboard score, so the two never disagree about which
  rows are predicted.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.secret import derived_seed
from dxquest.skill import normalised_skill

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
    """The hidden holdout's rows and the metric of the case's model-building question."""

    holdout: Holdout
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
    write : callable
        ``write(data, directory)``: the generator's files.
    size : mapping
        The learners' size, spelled out (the generator's defaults may change; the case must not).
    hidden_size : mapping
        What the hidden draw changes in ``size`` (nothing: a second company of the same size).
    ten_x_size : mapping
        Ten times the learners' data, for the build-time benchmark.
    notebook_metrics : mapping
        Per notebook: the label and the prefix of the figures its hidden checks' marks report.
    summarise_metrics : callable
        The benchmark's case summary from the figures the marks reported for the reference.
    ai_task : callable or None
        ``ai_task(hidden_draw) -> Holdout``: the rows of the model-building question.
    metric : callable or None
        ``metric(actual, predicted)`` of the model-building question (case.toml names it); the
        marking and the cohort leaderboard score predictions with it.
    derived_files : callable or None
        ``derived_files(directory)``: files the data build adds next to the learners' data, for
        figures every learner works with that only grader-side code computes (a reference
        model's scores). The scale benchmark times the generator's files only.
    """

    id: str
    make: Callable[..., Any]
    write: Callable[[Any, Path], Any]
    size: Mapping[str, Any]
    ten_x_size: Mapping[str, Any]
    notebook_metrics: Mapping[str, tuple[str, str]]
    summarise_metrics: Callable[[dict[str, dict]], dict]
    hidden_size: Mapping[str, Any] = field(default_factory=dict)
    ai_task: Callable[[Any], Holdout] | None = None
    metric: Callable[[np.ndarray, np.ndarray], float] | None = None
    derived_files: Callable[[Path], Any] | None = None

    def build_public_data(self, directory: Path | None = None, **size: Any) -> Path:
        """Generate the learners' data (seed 0, the case's size unless ``size`` says otherwise)."""
        directory = directory or paths.data_dir(self.id)
        self.write(self.make(seed=PUBLIC_SEED, **{**self.size, **size}), directory)
        return directory

    def with_public_truth(self, data: Any) -> Any:
        """The learners' ``data`` with its truth. Their files hold none, so the generator makes
        the public draw again (seed 0, the case's size) and lends ``data`` its truth; every table
        of the two must have the same shape, or ``data`` is not that draw."""
        made = self.make(seed=PUBLIC_SEED, return_truth=True, **self.size)
        for name in (f.name for f in dataclasses.fields(data)):
            table, again = getattr(data, name), getattr(made, name)
            if hasattr(table, "shape") and getattr(again, "shape", None) != table.shape:
                raise ValueError(f"{self.id}: the data are not the public draw ({name} differs)")
        return dataclasses.replace(data, truth=made.truth)

    def hidden_data(self) -> Any:
        """The grading draw, with truth: another seed, derived from the cohort secret."""
        return self._draw(derived_seed(self.id, "holdout"))

    def hidden_task(self) -> AITask:
        """The AI task's rows on the grading draw (the same for checkers and leaderboard)."""
        if self.ai_task is None:
            raise KeyError(f"case {self.id!r} has no AI task on a hidden holdout")
        return self._task(derived_seed(self.id, "holdout"))

    def __post_init__(self) -> None:
        # Caches per spec: a method decorated with functools.cache would keep every spec alive.
        # Keyed by the seed: another cohort secret is another draw.
        object.__setattr__(self, "_draw", functools.lru_cache(maxsize=1)(self._make_hidden))
        object.__setattr__(self, "_task", functools.lru_cache(maxsize=1)(self._make_task))

    def _make_hidden(self, seed: int) -> Any:
        return self.make(seed=seed, return_truth=True, **{**self.size, **self.hidden_size})

    def _make_task(self, seed: int) -> AITask:
        return AITask(self.ai_task(self._draw(seed)), self.metric)


def case_spec(case: CaseInfo) -> CaseSpec:
    """The declaration of ``case``: the ``SPEC`` of its package's ``declaration`` module."""
    return importlib.import_module(f"{case.python_module}.declaration").SPEC
