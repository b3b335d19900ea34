"""Prove a case's exercises work: the reference scores full marks, the untouched release scores
zero, every autograded test catches a plausible wrong answer, and no release leaks an answer.

Wrong answers are case content, ``cases/<case>/wrong_answers.toml``, one ``[[wrong_answer]]`` each::

    notebook = "01_business_problem"
    cell = "annual_waste_cost"            # grade_id of the solution cell it replaces
    must_fail = "annual_waste_cost_test"  # grade_id of the test cell that must lose points
    why = "counts duplicated export rows twice"
    source = '''...'''                    # the whole replacement cell
"""

from __future__ import annotations

import shutil
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from tqdm.auto import tqdm

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.grade import grade_submission
from dxquest.leaks import scan_release
from dxquest.pipeline import build_data, build_releases

LANGS = ("ja", "en")


@dataclass(frozen=True)
class WrongAnswer:
    notebook: str
    cell: str
    must_fail: str
    why: str
    source: str


@dataclass
class CaseValidation:
    solution_score: float
    max_score: float
    release_score: float
    mutants_total: int
    mutants_caught: int
    leaks: list[str]
    seconds: float
    missed_mutants: list[str] = field(default_factory=list)
    untested_cells: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.max_score > 0
            and self.solution_score == self.max_score
            and self.release_score == 0
            and self.mutants_caught == self.mutants_total
            and not self.leaks
            and not self.untested_cells
        )


def wrong_answers_file(case: CaseInfo) -> Path:
    return case.directory / "wrong_answers.toml"


def load_wrong_answers(case: CaseInfo) -> list[WrongAnswer]:
    with open(wrong_answers_file(case), "rb") as f:
        return [WrongAnswer(**entry) for entry in tomllib.load(f)["wrong_answer"]]


def apply_wrong_answer(source_nb: Path, wrong: WrongAnswer, out_dir: Path) -> Path:
    """Copy ``source_nb`` into ``out_dir`` with the solution cell ``wrong.cell`` replaced."""
    nb = nbformat.read(source_nb, as_version=4)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == wrong.cell]
    if len(cells) != 1:
        raise KeyError(f"{source_nb.name}: no single cell with grade_id {wrong.cell!r}")
    cells[0].source = wrong.source.strip("\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source_nb.name
    nbformat.write(nb, target)
    return target


def validate_case(case: CaseInfo, lang: str = "ja") -> CaseValidation:
    start = time.perf_counter()
    build_data(case)
    releases = build_releases(case, LANGS)
    source_dir = paths.notebooks_dir(case.id, lang)

    leaks = []
    for release_lang, notebooks in releases.items():
        for release in notebooks:
            source = paths.notebooks_dir(case.id, release_lang) / release.name
            leaks += [f"{release_lang}/{leak}" for leak in scan_release(source, release)]

    reference = grade_submission(case, source_dir, student="reference", lang=lang)
    untouched = grade_submission(
        case, paths.release_dir(case.id, lang), student="untouched", lang=lang
    )

    wrong_answers = load_wrong_answers(case)
    covered = {w.must_fail for w in wrong_answers}
    untested = [
        f"{c.notebook}/{c.grade_id}"
        for c in reference.cells
        if c.kind == "auto" and c.grade_id not in covered
    ]
    scratch = paths.build_dir() / "validate" / case.id
    missed = []
    progress = tqdm(wrong_answers, desc=f"{case.id}: wrong answers", unit="answer", disable=None)
    for number, wrong in enumerate(progress):
        student = f"wrong-{number:02d}"
        folder = scratch / student
        if folder.exists():
            shutil.rmtree(folder)
        apply_wrong_answer(source_dir / f"{wrong.notebook}.ipynb", wrong, folder)
        report = grade_submission(case, folder, student=student, lang=lang)
        target = [c for c in report.cells if c.grade_id == wrong.must_fail]
        if not target or not target[0].failed:
            missed.append(f"{wrong.notebook}/{wrong.must_fail}: {wrong.why}")

    return CaseValidation(
        solution_score=reference.auto_score,
        max_score=reference.auto_max,
        release_score=untouched.auto_score,
        mutants_total=len(wrong_answers),
        mutants_caught=len(wrong_answers) - len(missed),
        leaks=leaks,
        seconds=round(time.perf_counter() - start, 1),
        missed_mutants=missed,
        untested_cells=untested,
    )


def as_json_dict(result: CaseValidation) -> dict:
    return asdict(result) | {"ok": result.ok}
