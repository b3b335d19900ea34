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


RUBRIC_HEADING = Msg("# 相互評価のルーブリック", "# Peer-review rubric")
HOW_REVIEWERS_READ = Msg(
    "記述式の回答は、ほかの受講生がこのルーブリックで評価します。評価者は回答を一度通して読み、観点ごとに、"
    "条件をすべて満たす最も高いレベルの点を付けます。長さや体裁、ツールの使用は、それだけでは点になりません。",
    "Other learners review the free-text answers with this rubric. A reviewer reads the whole "
    "answer once, then gives each criterion the highest level whose conditions are all met. "
    "Length, polish and tool use earn nothing by themselves.",
)
QUESTION_HEADING = Msg(
    "## {notebook} の `{grade_id}`（{points:g}点）",
    "## `{grade_id}` in {notebook} ({points:g} pt)",
)
CRITERION_HEADING = Msg("### {title}（最大{points:g}点）", "### {title} (up to {points:g} pt)")
LEVEL_LINE = Msg("- **{points:g}点**：{description}", "- **{points:g} pt**: {description}")


def rubric_markdown(rubric: Rubric, lang: str) -> str:
    """The rubric as a learner reads it in ``lang``: each question, its criteria and levels."""
    parts = [RUBRIC_HEADING.render(lang), HOW_REVIEWERS_READ.render(lang)]
    for question in rubric.questions:
        parts.append(
            QUESTION_HEADING.format(
                notebook=question.notebook, grade_id=question.grade_id, points=question.points
            ).render(lang)
        )
        for criterion in question.criteria:
            title = criterion.title.render(lang)
            parts.append(
                CRITERION_HEADING.format(title=title, points=criterion.max_points).render(lang)
            )
            parts.append(
                "\n".join(
                    LEVEL_LINE.format(
                        points=level.points, description=level.description.render(lang)
                    ).render(lang)
                    for level in criterion.levels
                )
            )
    return "\n\n".join(parts) + "\n"
