"""Author → learner: build a case's source notebooks and generate the release with nbgrader."""

from __future__ import annotations

import shutil
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.course import (
    copy_assignment,
    has_assignment,
    nbgrader_api,
    record_course,
    run_step,
)
from dxquest.deadlines import write_due_date
from dxquest.notebook_build import build_case_notebooks, select_language
from dxquest.rubric import load_rubric, rubric_markdown


def build_sources(case: CaseInfo, lang: str) -> list[Path]:
    """Write the source notebooks (solutions and hidden tests included) into the course tree.

    The case README and the peer-review rubric travel with them in ``lang`` only, so nbgrader
    copies them into the release: the notebooks send the learner to ``rubric.md`` for the
    free-text questions.
    """
    out = paths.notebooks_dir(case.id, lang)
    if out.exists():
        shutil.rmtree(out)
    written = build_case_notebooks(case, lang, out)
    readme = case.directory / "README.md"
    story = select_language(readme.read_text(encoding="utf-8"), lang, str(readme), required=True)
    (out / "README.md").write_text(story + "\n", encoding="utf-8")
    (out / "rubric.md").write_text(rubric_markdown(load_rubric(case), lang), encoding="utf-8")
    return written


def release_case(case: CaseInfo, lang: str, db_url: str | None = None) -> list[Path]:
    """Build the learner notebooks of ``case`` in ``lang``; returns them in order."""
    build_sources(case, lang)
    api = nbgrader_api(lang, db_url)
    record_course(api.coursedir.db_url, api.coursedir.course_id)
    run_step(api.generate_assignment(case.id, force=True, create=True), f"release of {case.id}")
    write_due_date(paths.gradebook_url(lang, db_url), case)
    release = paths.release_dir(case.id, lang)
    return [release / f"{nb}.ipynb" for nb in case.notebook_ids]


def _has_notebooks(case: CaseInfo, lang: str) -> bool:
    release = paths.release_dir(case.id, lang)
    return all((release / f"{nb}.ipynb").is_file() for nb in case.notebook_ids)


def ensure_release_files(case: CaseInfo, lang: str) -> Path:
    """The learner release of ``case`` in ``lang``, built (into the default gradebook) only when
    its notebooks are missing: for readers of its files, who need it recorded in no gradebook
    (a cohort grading into PostgreSQL holds it there only)."""
    if not _has_notebooks(case, lang):
        release_case(case, lang)
    return paths.release_dir(case.id, lang)


def ensure_release(case: CaseInfo, lang: str, db_url: str | None = None) -> Path:
    """The learner release of ``case`` in ``lang``, recorded in the gradebook at ``db_url`` with
    the case's current due date (:mod:`dxquest.deadlines`).

    Built when its notebooks are missing. Files alone are not enough: a release recorded in
    another gradebook (e.g. the default SQLite one, now grading into PostgreSQL) is copied from
    the default gradebook when that one holds it, else made again for ``db_url``.
    """
    release = paths.release_dir(case.id, lang)
    url = paths.gradebook_url(lang, db_url)
    if not _has_notebooks(case, lang):
        release_case(case, lang, db_url)
    elif not has_assignment(url, case.id):
        default_url = paths.gradebook_url(lang)
        if url != default_url and has_assignment(default_url, case.id):
            copy_assignment(default_url, url, case.id)
        else:
            release_case(case, lang, db_url)
    write_due_date(url, case)  # the cohort's settings may have changed since the release
    return release
