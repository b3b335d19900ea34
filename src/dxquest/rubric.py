"""A case's peer-review rubric (``cases/<case>/rubric.toml``) as data.

One question per manually graded (free-text) cell; each question has criteria, each criterion has
levels worth a number of points. A reviewer gives each criterion one of its levels' points; the
cell's score is the sum over its criteria.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from dxquest.caseinfo import CaseInfo
from dxquest.i18n import Msg


@dataclass(frozen=True)
class Level:
    points: float
    description: Msg


@dataclass(frozen=True)
class Criterion:
    id: str
    title: Msg
    levels: tuple[Level, ...]

    @property
    def allowed_points(self) -> tuple[float, ...]:
        return tuple(sorted(level.points for level in self.levels))

    @property
    def max_points(self) -> float:
        return max(self.allowed_points)


@dataclass(frozen=True)
class Question:
    grade_id: str
    notebook: str
    points: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Rubric:
    case_id: str
    questions: tuple[Question, ...]

    def question(self, grade_id: str) -> Question:
        for question in self.questions:
            if question.grade_id == grade_id:
                return question
        raise KeyError(f"{self.case_id}: no rubric question for cell {grade_id!r}")


def _msg(table: dict) -> Msg:
    return Msg(ja=table["ja"], en=table["en"])


def load_rubric(case: CaseInfo) -> Rubric:
    with open(case.directory / "rubric.toml", "rb") as f:
        raw = tomllib.load(f)
    questions = tuple(
        Question(
            grade_id=q["grade_id"],
            notebook=q["notebook"],
            points=float(q["points"]),
            criteria=tuple(
                Criterion(
                    id=c["id"],
                    title=_msg(c["title"]),
                    levels=tuple(
                        Level(float(level["points"]), _msg(level["description"]))
                        for level in c["level"]
                    ),
                )
                for c in q["criterion"]
            ),
        )
        for q in raw["question"]
    )
    return Rubric(case.id, questions)
