"""A course folder's ``nbgrader_config.py``: the kit's settings where plain nbgrader reads them.

An ``nbgrader`` command reads the ``nbgrader_config.py`` of the folder it runs in (besides the
user's own); without one it warns, and an operator's own ``nbgrader generate_feedback`` would show
the hidden tests. So every course folder gets one, written from ``grading/nbgrader_config.py``
(copied as it is: one place for the kit's settings), the course's language (the stubs a learner
writes over) and the cohort's settings (:mod:`dxquest.settings`: course id, exchange). It
names the kit's plugins (:mod:`dxquest.course_plugins`): late penalties, the grade export, no
autograde outside the sandbox. dxquest's own nbgrader calls load the same file
(:func:`dxquest.course.nbgrader_api`), so the kit and plain nbgrader read one configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from dxquest import paths
from dxquest.i18n import Msg
from dxquest.settings import CohortSettings, load_cohort_settings

CODE_STUB = Msg(
    "# ここにコードを書いてください\nraise NotImplementedError()",
    "# YOUR CODE HERE\nraise NotImplementedError()",
)
"""What a learner finds in place of the reference solution of a code cell."""
TEXT_STUB = Msg("ここに回答を書いてください。", "YOUR ANSWER HERE")
"""What a learner finds in place of the reference answer of a free-text cell."""

CONFIG_NAME = "nbgrader_config.py"

_HEADER = """\
# nbgrader settings of the dxquest course in this folder ({lang}). Plain `nbgrader` commands run
# here read it, and so does dxquest. dxquest writes it again whenever it uses the course: edit
# grading/nbgrader_config.py (the kit's settings, copied below) or grading/cohort.toml instead.
"""

_COURSE = """
# --- this course (written by dxquest) ---
import os

# This folder is the course, wherever nbgrader runs (e.g. `nbgrader ... --config <this file>`).
_here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = _here
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_here, "gradebook.db")
# The course is one language's: so are the stubs a learner writes over.
c.ClearSolutions.code_stub = {code_stub}
c.ClearSolutions.text_stub = {text_stub}
# A late notebook loses what its case's late policy says (case.toml, grading/cohort.toml
# [deadline]); the due dates are in the gradebook, the times in each submission's timestamp.txt.
c.AssignLatePenalties.plugin_class = "dxquest.course_plugins.LatePenalty"
# `nbgrader export` writes grades.csv for Excel: UTF-8 with a BOM, Japanese headers beside the keys.
c.ExportApp.plugin_class = "dxquest.course_plugins.ExcelGradeExport"
# Plain `nbgrader autograde` would run learner code outside the sandbox and could not mark the
# hidden checks: it stops and says how to grade (dxquest's grading sets its own steps).
c.Autograde.autograde_preprocessors = ["dxquest.course_plugins.KitGradingOnly"]
"""


def render_course_config(lang: str, settings: CohortSettings) -> str:
    """The text of the course's ``nbgrader_config.py``."""
    kit = paths.NBGRADER_CONFIG.read_text(encoding="utf-8")
    text = _HEADER.format(lang=lang) + "\n" + kit
    text += _COURSE.format(
        code_stub=repr({"python": CODE_STUB.render(lang)}),
        text_stub=repr(TEXT_STUB.render(lang)),
    )
    # The cohort's course id and exchange (grading/cohort.toml [course]), when it uses one.
    if settings.course_id:
        text += f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
    if settings.exchange_root:
        text += f"c.Exchange.root = {settings.exchange_root!r}\n"
    return text


def write_course_config(lang: str) -> Path:
    """Write the course folder of ``lang`` and its ``nbgrader_config.py`` (when it changed);
    returns the file. Concurrent writers (grading workers) replace it whole, never half."""
    folder = paths.course_dir(lang)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_NAME
    text = render_course_config(lang, load_cohort_settings())
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        partial = path.with_name(f".{CONFIG_NAME}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path
