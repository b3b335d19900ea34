"""The ``dxquest`` command: thin wrappers over the library (each command calls one function)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dxquest.caseinfo import get_case, select_cases
from dxquest.i18n import LANGUAGES, Msg

_CASES = click.argument("cases", nargs=-1)
_LANG = click.option("--lang", type=click.Choice(LANGUAGES), default="ja", show_default=True)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


@click.group()
def main() -> None:
    """dxquest: data-attached case studies with instructor-free grading."""


@main.command("build-data")
@_CASES
def build_data_command(cases: tuple[str, ...]) -> None:
    """Generate the learners' data of CASES (all cases when none is named)."""
    from dxquest.pipeline import build_data

    for case in select_cases(cases):
        click.echo(f"{case.id}: data built in {build_data(case):.1f} s")


@main.command()
@_CASES
@click.option(
    "--lang",
    "langs",
    type=click.Choice(LANGUAGES),
    multiple=True,
    help="Language(s) to release (default: all).",
)
def release(cases: tuple[str, ...], langs: tuple[str, ...]) -> None:
    """Build learner releases (no solutions, no hidden tests) with nbgrader."""
    from dxquest.pipeline import build_data, build_releases

    for case in select_cases(cases):
        build_data(case)
        for lang, notebooks in build_releases(case, langs or LANGUAGES).items():
            click.echo(f"{case.id} [{lang}]: {notebooks[0].parent}")


@main.command()
@click.argument("case")
@click.argument("submission", type=click.Path(exists=True, path_type=Path))
@click.option("--student", default="learner", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Release language (default: read from the notebooks).",
)
@click.option("--db-url", default=None, help="Gradebook SQLAlchemy URL (default: SQLite).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for score.json/score.csv (default: build/grades).",
)
@_JSON
def grade(
    case: str,
    submission: Path,
    student: str,
    lang: str | None,
    db_url: str | None,
    out: Path | None,
    as_json: bool,
) -> None:
    """Autograde one SUBMISSION (a folder of notebooks or one notebook) of CASE."""
    from dxquest.grade import SubmissionError, grade_submission

    try:
        report = grade_submission(get_case(case), submission, student, lang, db_url, out)
    except SubmissionError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(report.to_json())
        return
    for problem in report.problems:
        click.echo(f"! {problem}")
    for cell in report.cells:
        score = "peer review" if cell.score is None else f"{cell.score:g}"
        click.echo(f"{cell.notebook:28s} {cell.grade_id:32s} {score}/{cell.max_score:g}")
    click.echo(
        f"autograded: {report.auto_score:g}/{report.auto_max:g}; "
        f"peer-reviewed: {report.manual_max:g} points pending"
    )
    click.echo(f"hidden holdout from: {report.holdout}")
    click.echo(f"learner code isolation: {report.isolation}")
    click.echo(f"feedback: {report.feedback_dir}")


@main.group()
def cohort() -> None:
    """Operator commands for a whole cohort's submissions."""


@cohort.command("grade")
@click.argument("case")
@click.argument("submissions", type=click.Path(exists=True, path_type=Path))
@_LANG
@click.option("--db-url", default=None, help="Cohort gradebook SQLAlchemy URL (default: SQLite).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for <student>/<case>/score.json (default: build/grades).",
)
@click.option("--workers", type=int, default=None, help="Local processes (default: every core).")
@click.option("--scheduler", default=None, help="Dask scheduler address: grade on that cluster.")
@click.option(
    "--timeout",
    type=float,
    default=1800,
    show_default=True,
    help="Seconds one submission may take; past it, it scores 0 with a message.",
)
@click.option("--force", is_flag=True, help="Grade again what the gradebook already holds.")
@click.option("--retry-errors", is_flag=True, help="Grade again submissions whose grading failed.")
@_JSON
def cohort_grade(
    case: str,
    submissions: Path,
    lang: str,
    db_url: str | None,
    out: Path | None,
    workers: int | None,
    scheduler: str | None,
    timeout: float,
    force: bool,
    retry_errors: bool,
    as_json: bool,
) -> None:
    """Grade every learner's submission of CASE in SUBMISSIONS (a folder or an archive).

    Layouts: nbgrader's collect (submitted/<student>/<case>/) or exchange inbound, or one folder
    per learner. Re-running skips what the gradebook already holds with the same files, so an
    interrupted batch resumes. Exit 1 when any submission could not be graded.
    """
    from dxquest.cohort import grade_cohort

    result = grade_cohort(
        get_case(case),
        submissions,
        lang=lang,
        db_url=db_url,
        out_dir=out,
        workers=workers,
        scheduler=scheduler,
        timeout=timeout,
        force=force,
        retry_errors=retry_errors,
        progress=not as_json,
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        for o in result.outcomes:
            score = "-" if o.auto_score is None else f"{o.auto_score:g}/{o.auto_max:g}"
            first_problem = o.message.splitlines()[0] if o.message else ""
            click.echo(f"{o.student:24s} {o.status:8s} {score:>9s}  {first_problem}")
        for refused in result.refused:
            click.echo(f"! {refused}")
        counts = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items()))
        click.echo(f"{result.case}: {counts} in {result.seconds:g} s on {result.backend}")
        click.echo(f"gradebook: {result.db_url}")
    failed = result.refused or any(o.status == "error" for o in result.outcomes)
    sys.exit(1 if failed else 0)


_DB_URL = click.option(
    "--db-url", default=None, help="Cohort gradebook SQLAlchemy URL (default: SQLite of --lang)."
)


def _cohort_out(case: str, lang: str, what: str) -> Path:
    from dxquest.cohort.batch import cohort_dir

    return cohort_dir(case, lang) / what


@cohort.command("badges")
@click.argument("case")
@_LANG
@_DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Hosted layout to publish (default: build/cohort/<lang>/<case>/badges).",
)
@click.option("--base-url", required=True, help="URL the --out folder is published at.")
@click.option(
    "--issued-on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Default: today."
)
@click.option(
    "--signing-key",
    type=click.Path(path_type=Path),
    default=None,
    help="Issuer's private key, PEM (created if absent; default: $DXQUEST_BADGE_KEY_FILE or "
    "build/badge-signing/issuer-key.pem). Never publish it.",
)
@click.option(
    "--reviews-pending",
    is_flag=True,
    help="Peer review still runs: a missing peer grade means 'awaiting review', not 0.",
)
@_JSON
def cohort_badges(
    case: str,
    lang: str,
    db_url: str | None,
    out: Path | None,
    base_url: str,
    issued_on,
    signing_key: Path | None,
    reviews_pending: bool,
    as_json: bool,
) -> None:
    """Issue signed Open Badges 2.0 completion badges of CASE and write completion.csv."""
    from dataclasses import asdict

    from dxquest.cohort.badges import export_completion_csv, issue_badges
    from dxquest.cohort.scores import NoSubmissions
    from dxquest.course import default_db_url

    out = out or _cohort_out(case, lang, "badges")
    try:
        results = issue_badges(
            db_url or default_db_url(lang),
            get_case(case).id,
            out,
            issued_on=issued_on.date() if issued_on else None,
            base_url=base_url,
            reviews_complete=not reviews_pending,
            signing_key=signing_key,
        )
    except NoSubmissions as error:
        raise click.ClickException(str(error)) from None
    csv_path = export_completion_csv(results, out / case / "completion.csv")
    if as_json:
        rows = [
            {k: str(v) if isinstance(v, Path) else v for k, v in asdict(r).items()} for r in results
        ]
        click.echo(json.dumps({"results": rows, "csv": str(csv_path)}, indent=2))
        return
    for r in results:
        click.echo(f"{r.student:24s} {r.status:16s} {r.score_share:6.1%}  {r.png_path or ''}")
    issued = sum(r.completed for r in results)
    click.echo(f"{case}: {issued} of {len(results)} completed; publish {out} at {base_url}")
    click.echo(f"completion: {csv_path}")


_VALID = Msg("✓ 有効なバッジです: {path}", "✓ Valid badge: {path}")
_INVALID = Msg("✗ このバッジは検証できません: {reason}", "✗ This badge does not verify: {reason}")
_NOT_RECIPIENT = Msg(
    "✗ このバッジは {identity} に発行されたものではありません。",
    "✗ This badge was not issued to {identity}.",
)


@cohort.command("verify-badge")
@click.argument("badge", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--identity", default=None, help="The holder's e-mail (or id) to check it against.")
@click.option(
    "--hosted-root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Local copy of the issuer's hosted layout (default: the folder around BADGE holding "
    "issuer.json, else the https URLs in the badge).",
)
@_LANG
def cohort_verify_badge(
    badge: Path, identity: str | None, hosted_root: Path | None, lang: str
) -> None:
    """Check a badge (assertion .json, .jws or baked .png) as a third party would; exit 1 if not."""
    from dxquest.cohort.badges import badge_problem, verify_badge

    problem = badge_problem(badge, hosted_root=hosted_root)
    if problem is not None:
        click.echo(_INVALID.format(reason=problem).render(lang))
        sys.exit(1)
    if identity is not None and not verify_badge(badge, hosted_root=hosted_root, identity=identity):
        click.echo(_NOT_RECIPIENT.format(identity=identity).render(lang))
        sys.exit(1)
    click.echo(_VALID.format(path=badge).render(lang))


@cohort.command("stats")
@click.argument("case")
@_LANG
@_DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML report (default: build/cohort/<lang>/<case>/item_stats.html; a .csv beside it).",
)
@_JSON
def cohort_stats(case: str, lang: str, db_url: str | None, out: Path | None, as_json: bool) -> None:
    """Item statistics of CASE: pass rate per test and question, most failed, unclear ones."""
    from dxquest.cohort.itemstats import write_item_report
    from dxquest.cohort.scores import NoSubmissions
    from dxquest.course import default_db_url

    out = out or _cohort_out(case, lang, "item_stats.html")
    try:
        stats = write_item_report(db_url or default_db_url(lang), get_case(case).id, out)
    except NoSubmissions as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        frame = stats.to_frame()
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    click.echo(f"{case}: {stats.students} learners; most failed:")
    for c in stats.most_failed(5):
        flag = "  (review)" if c.needs_review else ""
        click.echo(f"  {c.notebook:26s} {c.grade_id:32s} pass {c.pass_rate:5.0%}{flag}")
    click.echo(f"report: {out}")


@cohort.command("leaderboard")
@click.argument("case")
@_LANG
@_DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for <case>_public|final.csv/.html (default: build/cohort/<lang>/<case>/).",
)
@click.option("--final", is_flag=True, help="After the cohort: rank by the private part.")
@_JSON
def cohort_leaderboard(
    case: str, lang: str, db_url: str | None, out: Path | None, final: bool, as_json: bool
) -> None:
    """Write CASE's leaderboard: the public board during the cohort, --final at its end."""
    from dataclasses import asdict

    from dxquest.cohort.leaderboard import build_leaderboard
    from dxquest.course import default_db_url

    out = out or _cohort_out(case, lang, "")
    board = build_leaderboard(db_url or default_db_url(lang), get_case(case).id, out, final=final)
    if as_json:
        click.echo(json.dumps([asdict(e) for e in board.entries], indent=2, ensure_ascii=False))
        return
    for e in board.entries:
        click.echo(
            f"{e.rank:4d}  {e.student:24s} skill {e.skill:7.3f}  {board.metric} {e.score:.4f}"
        )
    click.echo(f"board: {board.html_path}")


@cohort.command("leaderboard-submit")
@click.argument("case")
@click.argument("student")
@click.argument("predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_LANG
@_DB_URL
def cohort_leaderboard_submit(
    case: str, student: str, predictions: Path, lang: str, db_url: str | None
) -> None:
    """Score STUDENT's PREDICTIONS (CSV: key,prediction for every hidden-holdout row of CASE) on
    both parts and record them; only the public part's score is printed."""
    from dxquest.cohort.holdouts import case_holdout
    from dxquest.cohort.leaderboard import (
        LeaderboardError,
        predictions_from_csv,
        record_submission,
    )
    from dxquest.course import default_db_url
    from dxquest.grade import STUDENT_ID

    if not STUDENT_ID.match(student):
        raise click.ClickException(f"student id {student!r}: letters, digits, '.', '_' or '-'")
    holdout, _ = case_holdout(get_case(case).id)
    try:
        values = predictions_from_csv(holdout, predictions)
        scored = record_submission(db_url or default_db_url(lang), holdout, student, values)
    except LeaderboardError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{student}: public skill {scored.public_skill:.3f}, "
        f"{holdout.metric} {scored.public_score:.4f} (the private part decides the final)"
    )


@main.command("bench-grading")
@click.option("--n", "n", type=int, default=4, show_default=True, help="Synthetic submissions.")
@click.option("--workers", type=int, default=2, show_default=True)
@_JSON
def bench_grading_command(n: int, workers: int, as_json: bool) -> None:
    """Serial `nbgrader autograde` vs `dxquest cohort grade` on N copies of the first case."""
    from dxquest.cohort.bench import bench_grading

    result = bench_grading(n, workers)
    click.echo(json.dumps(result, indent=None if as_json else 2))


@main.command()
@_CASES
@_LANG
@_JSON
def validate(cases: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Prove every exercise of CASES works; exit 1 when any case falls short."""
    from dxquest.validate import as_json_dict, validate_case

    results = {case.id: validate_case(case, lang) for case in select_cases(cases)}
    if as_json:
        click.echo(
            json.dumps({"cases": {k: as_json_dict(v) for k, v in results.items()}}, indent=2)
        )
    else:
        for case_id, r in results.items():
            click.echo(
                f"{case_id}: {'OK' if r.ok else 'FAILED'}  solution {r.solution_score:g}/"
                f"{r.max_score:g}, untouched release {r.release_score:g}, wrong answers caught "
                f"{r.mutants_caught}/{r.mutants_total}, leaks {len(r.leaks)}, {r.seconds:.0f} s"
            )
            for problem in r.missed_mutants + r.untested_cells + r.leaks:
                click.echo(f"  - {problem}")
    sys.exit(0 if all(r.ok for r in results.values()) else 1)


@main.command()
@_CASES
@_LANG
@_JSON
def bench(cases: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Reference vs oracle vs today's practice, and build/execution seconds."""
    from dxquest.bench import bench_case

    results = {case.id: bench_case(case, lang) for case in select_cases(cases)}
    click.echo(json.dumps({"cases": results}, indent=None if as_json else 2, ensure_ascii=False))


@main.command()
@click.option("--case", "case_id", default=None, help="Case to open (default: the first case).")
@_LANG
@click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Your working folder (default: ./dxquest-<lang>); your edits there are never overwritten.",
)
@click.option("--port", type=int, default=None, help="JupyterLab's port (default: JupyterLab's).")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
def lab(
    case_id: str | None, lang: str, root: Path | None, port: int | None, no_browser: bool
) -> None:
    """Open JupyterLab on your copy of a case: README, notebooks and nbgrader's Validate."""
    import os

    from dxquest.caseinfo import discover_cases
    from dxquest.lab import default_workspace_root, lab_command, lab_environment, prepare_workspace

    case = get_case(case_id) if case_id else discover_cases()[0]
    workspace = prepare_workspace(case, lang, root or default_workspace_root(lang))
    click.echo(f"{case.id} [{lang}]: {workspace.case_dir}")
    if workspace.kept:
        click.echo(f"kept your files: {', '.join(workspace.kept)}")
    command = lab_command(workspace, case, port=port, open_browser=not no_browser)
    # JupyterLab replaces this process, so Ctrl-C reaches it directly and it shuts its kernels down.
    os.chdir(workspace.root)
    os.execve(command[0], command, lab_environment(workspace))


@main.command()
@click.option("--case", "case_id", default=None, help="Case (default: the first case).")
@_LANG
@click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Your working folder, as given to `dxquest lab` (default: ./dxquest-<lang>).",
)
@click.option(
    "--notebook",
    "notebooks",
    multiple=True,
    help="Only these notebooks (e.g. 01_business_problem).",
)
@_JSON
def progress(
    case_id: str | None, lang: str, root: Path | None, notebooks: tuple[str, ...], as_json: bool
) -> None:
    """Which of your questions pass their public checks (runs your saved notebooks, no grader)."""
    from dxquest.caseinfo import discover_cases
    from dxquest.lab import default_workspace_root
    from dxquest.progress import (
        FOLDER_MISSING,
        NotACaseFolder,
        as_json_dict,
        case_progress,
        format_progress,
    )

    case = get_case(case_id) if case_id else discover_cases()[0]
    folder = (root or default_workspace_root(lang)) / case.id
    if not folder.is_dir():
        raise click.ClickException(FOLDER_MISSING.format(folder=folder, case=case.id).render(lang))
    try:
        _, notebook_lang, rows = case_progress(folder, list(notebooks) or None)
    except NotACaseFolder as error:
        raise click.ClickException(error.message.render(lang)) from None
    if as_json:
        click.echo(json.dumps(as_json_dict(rows), indent=2, ensure_ascii=False))
    else:
        click.echo(format_progress(rows, notebook_lang))


@main.command()
@_CASES
@_LANG
def run(cases: tuple[str, ...], lang: str) -> None:
    """The main job: data, releases, reference solutions run with papermill and autograded."""
    from dxquest.bench import format_table, results_table, run_case

    rows = []
    for case in select_cases(cases):
        click.echo(f"{case.id}: building data and releases, running the reference ...", err=True)
        executed, report = run_case(case, lang)
        rows += results_table(case, executed, report)
    click.echo(format_table(rows))


@main.command("audit-sandbox")
@click.option("--only", multiple=True, help="Run only these attacks (names in the corpus).")
@_JSON
def audit_sandbox(only: tuple[str, ...], as_json: bool) -> None:
    """Grade the adversarial corpus of bad submissions in the sandbox and check every outcome."""
    from dxquest.sandbox.audit import run_audit

    result = run_audit(names=list(only) or None)
    if as_json:
        click.echo(result.to_json())
    else:
        for row in result.rows:
            mark = "ok  " if row.ok else "FAIL"
            click.echo(f"{mark} {row.case:36s} expected: {row.expected}")
            click.echo(f"     {'':36s} observed: {row.observed}")
        click.echo(f"handled {result.handled}/{result.total}; isolation: {result.isolation}")
    sys.exit(0 if result.handled == result.total else 1)
