"""Scores → learner: a learner's feedback HTML and ``score.json``/``score.csv``, from the gradebook.

Every path that changes a learner's grades ends here: grading one submission, a cohort batch
giving a submission 0 with a message, and peer grades arriving. What the files say is what the
gradebook holds, never what a process remembers.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.course import CellScore, late_penalty, nbgrader_api, read_scores, run_step
from dxquest.secret import is_public_secret


@dataclass
class GradeReport:
    case: str
    student: str
    lang: str
    # The autograded points the pass mark counts, and apart from them the optional stretch
    # task's (case.toml's merit and distinction cells), which record a band instead.
    auto_score: float
    auto_max: float
    manual_max: float
    cells: list[CellScore]
    problems: list[str] = field(default_factory=list)
    feedback_dir: str = ""
    holdout: str = ""  # "cohort secret" or "public self-study" (anyone can reproduce the latter)
    isolation: str = ""  # how learner code was isolated (dxquest.sandbox.IsolationLevel)
    late_penalty: float = (
        0.0  # points nbgrader's late-submission plugin took off (dxquest.deadlines)
    )
    stretch_score: float = 0.0
    stretch_max: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def write_feedback(
    case: CaseInfo,
    student: str,
    *,
    lang: str,
    db_url: str | None = None,
    out_dir: Path | None = None,
    problems: list[str] | None = None,
    html: bool = True,
    isolation: str = "",
) -> GradeReport:
    """Write ``student``'s feedback of ``case`` and return its report.

    With ``html``, nbgrader's feedback HTML is generated (it needs an autograded notebook; a
    submission that never ran has none). ``score.json``/``score.csv`` go to
    ``<out_dir>/<student>/<case>/`` (default ``build/grades``); ``problems`` are the messages
    about the submission itself (a missing notebook, a refused cell), already in ``lang``.
    """
    db_url = paths.gradebook_url(lang, db_url)
    feedback_dir = ""
    if html:
        api = nbgrader_api(lang, db_url)
        run_step(api.generate_feedback(case.id, student, force=True), f"feedback for {student}")
        feedback_dir = str(paths.feedback_dir(case.id, student, lang))
    report = report_from_gradebook(
        case, student, lang, db_url, problems or [], feedback_dir=feedback_dir, isolation=isolation
    )
    _write_scores(report, paths.grades_dir(out_dir) / student / case.id)
    return report


def report_from_gradebook(
    case: CaseInfo,
    student: str,
    lang: str,
    db_url: str,
    problems: list[str],
    feedback_dir: str = "",
    isolation: str = "",
) -> GradeReport:
    """The report of what the gradebook holds for ``student``'s submission of ``case``."""
    cells = read_scores(db_url, case.id, student)
    optional = case.completion.stretch_cells
    stretch = [c for c in cells if c.grade_id in optional]
    counted = [c for c in cells if c.grade_id not in optional]
    return GradeReport(
        case=case.id,
        student=student,
        lang=lang,
        # A cell still waiting for its peer grade has no score yet: it adds nothing.
        auto_score=sum(c.score or 0.0 for c in counted if c.kind == "auto"),
        auto_max=sum(c.max_score for c in counted if c.kind == "auto"),
        manual_max=sum(c.max_score for c in counted if c.kind == "manual"),
        stretch_score=sum(c.score or 0.0 for c in stretch),
        stretch_max=sum(c.max_score for c in stretch),
        cells=cells,
        problems=problems,
        feedback_dir=feedback_dir,
        holdout="public self-study" if is_public_secret() else "cohort secret",
        isolation=isolation,
        late_penalty=late_penalty(db_url, case.id, student),
    )


def _write_scores(report: GradeReport, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "score.json").write_text(report.to_json(), encoding="utf-8")
    with open(out / "score.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["case", "student", "notebook", "grade_id", "kind", "score", "max_score"])
        for cell in report.cells:
            writer.writerow(
                [
                    report.case,
                    report.student,
                    cell.notebook,
                    cell.grade_id,
                    cell.kind,
                    "" if cell.score is None else cell.score,
                    cell.max_score,
                ]
            )
