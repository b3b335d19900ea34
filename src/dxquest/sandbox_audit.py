"""``dxquest audit-sandbox``: grade the adversarial corpus and check every outcome.

An operator's check of the whole grading path, so it sits above :mod:`dxquest.grade`, not inside
the sandbox it audits. The corpus (``corpus.toml`` of :mod:`dxquest.sandbox`, package data) holds
bad submissions, each with the outcome it must get. They are graded one after another between two
honest learners in a private build folder with a canary cohort secret, exactly as a cohort batch
would be, and each row records what was expected, what happened, and whether the honest learners'
gradebook rows and feedback stayed unchanged. The sandbox and the grading path are the same for
every case, so the corpus is graded on the template case, scaffolded into the audit's folder: it
works on any installation, and its one notebook grades in seconds.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import secrets
import shutil
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import psutil

from dxquest import paths, sandbox
from dxquest.answers import Number
from dxquest.caseinfo import CaseInfo, get_case
from dxquest.course import read_scores
from dxquest.grade import GradeReport, grade_submission
from dxquest.marking import case_exercises, case_marks, expected_outputs, hidden_inputs_dir
from dxquest.marks import Expected
from dxquest.pipeline import build_data
from dxquest.release import release_case
from dxquest.sandbox.execute import kernel_dir_prefix
from dxquest.sandbox.kernel_view import stage_kernel_view
from dxquest.sandbox.policy import SANDBOX_UIDS, Limits, isolation_level
from dxquest.scaffold import case_outside

CORPUS = Path(sandbox.__file__).with_name("corpus.toml")
GRADE_ATTACKS = Path(__file__).with_name("grade_attacks.toml")
CASE_ID = "demand_forecast"
"""The grade attacks' case: they prove that no file its graded kernel can read holds an answer."""
TEMPLATE_CASE = "audit_bakery"
"""The name the sandbox corpus's case (the template) is scaffolded under."""
LANG = "en"
HONEST = ("honest-before", "honest-after")
# A short per-cell limit keeps the loop attacks quick; the defaults apply to real grading. It stays
# well above the cells the bombs' own limits end (on a loaded 2-core machine, two runs: the fork
# bomb's up to 9 s, the memory bomb's up to 7 s; the template's longest honest cell 1.3 s): stopped
# by the timeout instead, those attacks would no longer prove the process and memory limits. The
# wall limit must leave room for the whole notebook plus two looping cells on a busy 2-core machine
# (at 300 s a loaded run hit it, and the loop attack lost a cell it should have kept).
AUDIT_LIMITS = Limits(cell_seconds=20, wall_seconds=600)
WRONG_ANSWER = "    return 0.0  # a wrong answer the tampering tries to pass\n"


@dataclass
class Row:
    case: str
    expected: str
    observed: str
    ok: bool


@dataclass
class AuditResult:
    total: int
    handled: int
    isolation: str
    rows: list[Row]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["attack"]


def _notebook(attack: dict, case: CaseInfo) -> str:
    """The notebook an attack is submitted as (the case's first unless it names another)."""
    return attack.get("notebook", case.notebook_ids[0])


def _cell(nb, grade_id: str) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return index
    raise KeyError(f"no cell {grade_id!r} in the notebook")


def _wrong(nb, grade_id: str) -> None:
    cell = nb.cells[_cell(nb, grade_id)]
    header = cell.source.split("\n", 1)[0]  # the `def ...:` line of the answer
    cell.source = header + "\n" + WRONG_ANSWER


def _mutate(solution, attack: dict, places: dict[str, str]) -> bytes:
    """The submitted file's bytes for ``attack``."""
    kind = attack["mutation"]
    code = attack.get("code", "")
    if kind in ("insert", "replace"):
        code = code.format(**places)
    if kind == "raw":
        return code.encode()
    if kind == "raw_bytes":
        return bytes.fromhex(code)
    nb = copy.deepcopy(solution)
    if "wrong_answer" in attack:
        _wrong(nb, attack["wrong_answer"])
    if kind == "huge":
        nb.cells.append(nbformat.v4.new_markdown_cell("x" * (100 * 2**20)))
    elif kind == "delete":
        del nb.cells[_cell(nb, attack["cell"])]
    elif kind == "replace":
        nb.cells[_cell(nb, attack["cell"])].source = code
    elif kind == "insert":
        nb.cells.insert(_cell(nb, attack["cell"]), nbformat.v4.new_code_cell(code))
    elif kind == "move_to_top":
        nb.cells.insert(1, nb.cells.pop(_cell(nb, attack["cell"])))
    elif kind == "metadata":
        nb.cells[_cell(nb, attack["cell"])].metadata["nbgrader"].update(attack["metadata"])
    else:
        raise ValueError(f"unknown mutation {kind!r} in {attack['name']}")
    return nbformat.writes(nb).encode()


MUTATIONS = ("raw", "raw_bytes", "huge", "delete", "replace", "insert", "move_to_top", "metadata")


def _auto(report: GradeReport, notebook: str) -> dict[str, tuple[float, float]]:
    return {
        c.grade_id: (c.score or 0.0, c.max_score)
        for c in report.cells
        if c.kind == "auto" and c.notebook == notebook
    }


def _judge(attack: dict, report: GradeReport, notebook: str) -> tuple[bool, str]:
    """Whether the report shows the expected outcome on ``notebook``, and what it shows."""
    cells = _auto(report, notebook)
    lost = sorted(g for g, (score, top) in cells.items() if score < top)
    points = sum(score for score, _ in cells.values())
    mine = [p for p in report.problems if notebook in p and "not submitted" not in p]
    observed = f"{points:g}/{sum(top for _, top in cells.values()):g} points"
    if lost:
        observed += f"; 0 on {', '.join(lost)}"
    if mine:
        observed += f"; told: {mine[0][:110]}"
    expect = attack["expect"]
    if expect == "unreadable":
        ok = points == 0 and any("could not be read" in p for p in mine)
    elif expect == "refused":
        ok = points == 0 and any("was not graded" in p for p in mine)
    elif expect == "contained":
        ok = not lost and not mine
    elif expect == "zero":
        # `may_lose`: cells after an attack that wrecks the kernel's process budget may fail too.
        must, may = set(attack.get("zero", [])), set(attack.get("may_lose", []))
        ok = must <= set(lost) <= must | may and not mine
    else:
        raise ValueError(f"unknown expectation {expect!r} in {attack['name']}")
    return ok, observed


def _expected_text(attack: dict) -> str:
    return {
        "unreadable": "not run; 'could not be read'; 0 points",
        "refused": "not run; told which line to remove; 0 points",
        "contained": "attack fails in the sandbox; full points",
        "zero": (
            f"0 on {', '.join(sorted(attack.get('zero', [])) or ['nothing'])}"
            + (f" (may also lose {', '.join(attack['may_lose'])})" if "may_lose" in attack else "")
            + "; answers before the attack keep their points"
        ),
    }[attack["expect"]]


def _numeric_answers(case) -> dict[str, dict[str, float]]:
    """Each numeric question's answer on the learner's data (its first inputs) and, on the hidden
    draw, every answer that depends on the draw (fixed examples give the same answer on both)."""
    answers: dict[str, dict[str, float]] = {"public": {}, "hidden": {}}
    for name, question in case_exercises(case).questions.items():
        if isinstance(question.kind, Number) and isinstance(case_marks(case)[name], Expected):
            public = [float(v) for v in expected_outputs(case, name, "public")]
            answers["public"][name] = public[0]
            hidden = [float(v) for v in expected_outputs(case, name, "hidden")]
            for i, value in enumerate(v for v in hidden if v not in public and math.isfinite(v)):
                answers["hidden"][f"{name}_{i}"] = value
    return answers


def _written(value: float) -> list[str]:
    """How an answer would appear in text, to at least five significant figures (fewer digits
    are too common to mean an answer was found): its digits, and a whole amount with commas."""
    forms = [f"{value:.6g}"]
    if abs(value) >= 10_000:
        forms += [str(round(value)), f"{round(value):,}"]
    return [f for f in forms if len(f.lstrip("-0.").replace(".", "").replace(",", "")) >= 5]


def _answers_in_kernel_files(case, forms: list[str]) -> list[str]:
    """Files of the case's data, the cohort's hidden inputs and the kernel's view of the kit that
    contain an answer's written form."""
    view = stage_kernel_view(case)
    roots = [paths.data_dir(case.id), hidden_inputs_dir(case), view.root]
    needles = [f.encode() for f in forms]
    found = []
    for root in roots:
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            content = file.read_bytes()
            found += [f"{file.name}" for needle in needles if needle in content][:1]
    return found


def _fingerprint(case_id: str, student: str) -> str:
    """The honest learner's gradebook rows and feedback files, hashed."""
    digest = hashlib.sha256()
    rows = read_scores(paths.gradebook_url(LANG), case_id, student)
    digest.update(repr(rows).encode())
    feedback = paths.feedback_dir(case_id, student, LANG)
    for file in sorted(feedback.rglob("*")):
        if file.is_file():
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _leaks(case_id: str, student: str, notebook: str, canaries: list[str]) -> list[str]:
    """Canaries in what the kernel returned or in the learner's feedback (the autograded
    notebook's sources hold the hidden tests by design: it never leaves the grader)."""
    texts = []
    autograded = paths.autograded_dir(case_id, student, LANG) / f"{notebook}.ipynb"
    if autograded.is_file():
        nb = nbformat.read(autograded, as_version=4)
        texts += [json.dumps(c.get("outputs", [])) for c in nb.cells]
    feedback = paths.feedback_dir(case_id, student, LANG) / f"{notebook}.html"
    if feedback.is_file():
        texts.append(feedback.read_text(encoding="utf-8", errors="replace"))
    return [c for c in canaries if any(c in text for text in texts)]


def _sandbox_processes_left(student: str, wait_seconds: float = 15) -> int:
    """Processes of ``student``'s kernels still running once they have had time to stop (other
    graders' kernels on the machine are not counted)."""
    if os.geteuid() != 0:
        return 0
    marker = f"/{kernel_dir_prefix(student)}"
    deadline = time.monotonic() + wait_seconds
    while True:
        left = 0
        for process in psutil.process_iter(["uids", "cmdline", "status"]):
            info = process.info
            if (
                info["uids"] is not None
                and info["uids"].real in SANDBOX_UIDS
                and info["status"] != psutil.STATUS_ZOMBIE
                and any(marker in part for part in info["cmdline"] or ())
            ):
                left += 1
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


@contextmanager
def _private_build(folder: Path, secret_file: Path):
    saved = {k: os.environ.get(k) for k in ("DXQUEST_BUILD_DIR", "DXQUEST_COHORT_SECRET_FILE")}
    os.environ["DXQUEST_BUILD_DIR"] = str(folder)
    os.environ["DXQUEST_COHORT_SECRET_FILE"] = str(secret_file)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def _audited_case(corpus: Path, work: Path) -> Iterator[CaseInfo]:
    """demand_forecast for the grade attacks, whose claims are about its answers; for the sandbox
    corpus, the template scaffolded into ``work``."""
    if corpus == GRADE_ATTACKS:
        yield get_case(CASE_ID)
    else:
        with case_outside(work, TEMPLATE_CASE) as case:
            yield case


def run_audit(
    work: Path | None = None, names: list[str] | None = None, corpus: Path = CORPUS
) -> AuditResult:
    """Grade the ``corpus`` (or its attacks in ``names``) and judge every outcome; the grade
    attacks (:data:`GRADE_ATTACKS`) also prove that no file a kernel can read holds an answer."""
    work = (work or paths.build_dir() / f"audit-{corpus.stem}").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    secret = f"canary-secret-{secrets.token_hex(8)}"
    secret_file = work / "cohort-secret.txt"
    secret_file.write_text(secret, encoding="utf-8")
    attacks = [a for a in load_corpus(corpus) if names is None or a["name"] in names]
    with _private_build(work / "build", secret_file), _audited_case(corpus, work) as case:
        opening = case.notebook_ids[0]
        build_data(case)
        release_case(case, LANG)
        solutions = {
            notebook: nbformat.read(
                paths.notebooks_dir(case.id, LANG) / f"{notebook}.ipynb", as_version=4
            )
            for notebook in {opening, *(_notebook(attack, case) for attack in attacks)}
        }
        solution = solutions[opening]
        honest_marker = f"honest-answer-{secrets.token_hex(6)}"
        honest = copy.deepcopy(solution)
        honest.cells.append(nbformat.v4.new_code_cell(f"print({honest_marker!r})"))
        places = {
            "secret_file": str(secret_file),
            "gradebook": paths.gradebook_url(LANG).removeprefix("sqlite:///"),
            "source_notebook": str(paths.notebooks_dir(case.id, LANG) / f"{opening}.ipynb"),
            "answers": str(case.directory / "notebooks" / f"{opening}.py"),
            "other_learner": str(paths.course_dir(LANG) / "submitted" / HONEST[0]),
            "feedback": str(paths.feedback_dir(case.id, HONEST[0], LANG) / f"{opening}.html"),
        }
        answers = _numeric_answers(case)
        places |= {f"public_{name}": repr(value) for name, value in answers["public"].items()}
        places["public_sales_rows"] = str(len(case_exercises(case).public_draw.data.sales))
        hidden_answers = [f for value in answers["hidden"].values() for f in _written(value)]
        canaries = [secret, "BEGIN HIDDEN TESTS", honest_marker, *hidden_answers]

        def grade(student: str, content: bytes, notebook: str = opening) -> GradeReport:
            folder = work / "submissions" / student
            folder.mkdir(parents=True)
            (folder / f"{notebook}.ipynb").write_bytes(content)
            report = grade_submission(case, folder, student=student, lang=LANG, limits=AUDIT_LIMITS)
            shutil.rmtree(folder)  # the 100 MB notebook must not stay behind
            return report

        first = grade(HONEST[0], nbformat.writes(honest).encode())
        before = _fingerprint(case.id, HONEST[0])
        rows = []
        for attack in attacks:
            student = "attack-" + attack["name"].replace("_", "-")
            notebook = _notebook(attack, case)
            try:
                content = _mutate(solutions[notebook], attack, places)
                report = grade(student, content, notebook)
                ok, observed = _judge(attack, report, notebook)
            except Exception as error:  # the audit reports a grader failure, it does not stop
                ok, observed = False, f"grader failed: {type(error).__name__}: {error}"[:300]
            leaked = _leaks(case.id, student, notebook, canaries)
            left = _sandbox_processes_left(student)
            unchanged = _fingerprint(case.id, HONEST[0]) == before
            if leaked:
                observed += f"; LEAKED {leaked}"
            if left:
                observed += f"; {left} sandbox processes left running"
            if not unchanged:
                observed += "; another learner's grades or feedback CHANGED"
            rows.append(
                Row(
                    attack["name"],
                    _expected_text(attack),
                    observed,
                    ok and not leaked and not left and unchanged,
                )
            )
        if corpus == GRADE_ATTACKS:
            found = _answers_in_kernel_files(case, hidden_answers)
            rows.append(
                Row(
                    "kernel_readable_files_hold_no_answer",
                    "no hidden answer in any file a graded kernel can read",
                    f"found {found}" if found else "none found",
                    not found,
                )
            )
        last = grade(HONEST[1], nbformat.writes(solution).encode())
        for student, report in zip(HONEST, (first, last), strict=True):
            cells = _auto(report, opening)
            points = sum(s for s, _ in cells.values())
            full = sum(t for _, t in cells.values())
            rows.append(
                Row(
                    student,
                    f"honest learner in the same batch: {full:g}/{full:g}",
                    f"{points:g}/{full:g} points",
                    points == full > 0 and all("not submitted" in p for p in report.problems),
                )
            )
    return AuditResult(
        total=len(rows),
        handled=sum(r.ok for r in rows),
        isolation=isolation_level().value,
        rows=rows,
    )
