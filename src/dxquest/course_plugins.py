"""The nbgrader plugins and preprocessors a course's ``nbgrader_config.py`` names
(:mod:`dxquest.course_config`), so plain ``nbgrader`` commands in the course folder act as the
kit's: late penalties by the case's policy, the grade export Excel opens, and no autograde outside
the kit's sandbox.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.plugins import BasePlugin, ExportPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Enum

from dxquest.caseinfo import discover_cases
from dxquest.course import stamp_new_gradebooks_in_process
from dxquest.deadlines import late_policy
from dxquest.excel_csv import WRITE_ENCODINGS
from dxquest.grade_export import write_grades
from dxquest.i18n import Msg
from dxquest.settings import load_cohort_settings

# Plain nbgrader commands in the course folder make new gradebooks too.
stamp_new_gradebooks_in_process()

PLAIN_AUTOGRADE = Msg(
    "dxquest の講座は `nbgrader autograde` では採点できません。"
    "学習者のコードはサンドボックスの中で、隠しテストは採点者の側で判定する必要があるためです。"
    "`dxquest cohort grade CASE SUBMISSIONS`（この講座フォルダの submitted/ も読めます）"
    "または `dxquest grade` で採点してください。",
    "A dxquest course cannot be graded by `nbgrader autograde`: learner code must run in the "
    "kit's sandbox and the hidden checks are marked by the grader outside it. Grade with "
    "`dxquest cohort grade CASE SUBMISSIONS` (it reads this course folder's submitted/ too) or "
    "`dxquest grade`.",
)


class LatePenalty(BasePlugin):
    """nbgrader's late-submission plugin (``c.AssignLatePenalties.plugin_class``): each notebook
    of a late submission loses what the case's late policy (:mod:`dxquest.deadlines`) says."""

    def late_submission_penalty(
        self, student_id: str, score: float, total_seconds_late: float
    ) -> float | None:
        # nbgrader's AssignLatePenalties makes this plugin its child; it knows the assignment.
        case_id = self.parent.assignment_id
        case = next((c for c in discover_cases() if c.id == case_id), None)
        if case is None:  # an assignment of the operator's own, not a case: no policy
            return None
        policy = late_policy(case, load_cohort_settings())
        penalty = policy.penalty(score, total_seconds_late)
        self.log.info(
            "%s: %s is %.0f s late; late policy %s/day (at most %s): penalty %g of %g",
            case_id,
            student_id,
            total_seconds_late,
            policy.penalty_per_day,
            policy.max_penalty,
            penalty,
            score,
        )
        return penalty


class ExcelGradeExport(ExportPlugin):
    """``nbgrader export``'s plugin (``c.ExportApp.plugin_class``): the grades as a CSV Japanese
    Excel opens (:mod:`dxquest.grade_export`), to ``--to`` (default ``grades.csv``)."""

    encoding = Enum(
        WRITE_ENCODINGS, default_value="utf-8-sig", help="UTF-8 with a BOM, or cp932"
    ).tag(config=True)

    def export(self, gradebook) -> None:
        dest = self.to or "grades.csv"
        self.log.info("Exporting grades to %s (%s)", dest, self.encoding)
        write_grades(
            gradebook,
            Path(dest),
            assignments=[str(a) for a in self.assignment],
            students=[str(s) for s in self.student],
            encoding=self.encoding,
        )


class KitGradingOnly(NbGraderPreprocessor):
    """First of plain ``nbgrader autograde``'s steps in a kit-built course: it stops before any
    learner code runs and says how to grade (the kit puts its sandboxed steps in their place)."""

    def preprocess(self, nb, resources):
        raise RuntimeError(f"{PLAIN_AUTOGRADE.ja}\n{PLAIN_AUTOGRADE.en}")
