"""``dxquest cohort``: the operator's stages for a whole cohort, in the order they run."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from dxquest.badges import (
    BadgeNotIssued,
    badge_problem,
    badges_dir,
    export_completion_csv,
    issue_badges,
    operators_dir,
    revoke_badge,
    verify_badge,
)
from dxquest.caseinfo import get_case
from dxquest.cli.options import (
    DB_URL,
    JSON,
    WORKERS,
    default_of,
    excel_encoding_option,
    lang_option,
)
from dxquest.cli.peer import peer
from dxquest.cli.similarity import similarity, similarity_clear
from dxquest.cohort import grade_cohort
from dxquest.cohort.roster import RosterError, import_roster
from dxquest.cohort.scores import NoSubmissions
from dxquest.cohort_demo import run_demo
from dxquest.excel_csv import UnencodableText
from dxquest.grade_export import export_grades
from dxquest.holdout_scores import LeaderboardError
from dxquest.i18n import Msg
from dxquest.leaderboard import build_leaderboard, submit_csv
from dxquest.paths import course_dir, gradebook_url
from dxquest.settings import SettingsError
from dxquest.similarity.standing import review_record_path
from dxquest.stats import report_path, write_item_report


@click.group()
def cohort() -> None:
    """Operator commands for a whole cohort's submissions."""


cohort.add_command(peer)
cohort.add_command(similarity)
cohort.add_command(similarity_clear)


@cohort.command("grade")
@click.argument("case")
@click.argument("submissions", type=click.Path(exists=True, path_type=Path))
@lang_option(grade_cohort)
@click.option("--db-url", default=None, help="Cohort gradebook SQLAlchemy URL (default: SQLite).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for <student>/<case>/score.json (default: build/grades).",
)
@WORKERS
@click.option("--scheduler", default=None, help="Dask scheduler address: grade on that cluster.")
@click.option(
    "--timeout",
    type=float,
    default=default_of(grade_cohort, "timeout"),
    show_default=True,
    help="Seconds one submission may take; past it, it scores 0 with a message.",
)
@click.option("--force", is_flag=True, help="Grade again what the gradebook already holds.")
@click.option("--retry-errors", is_flag=True, help="Grade again submissions whose grading failed.")
@JSON
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


@cohort.group("roster")
def roster() -> None:
    """The cohort's learners: ids, names and e-mail in the gradebook."""


_ROSTER_IMPORTED = Msg(
    "名簿を取り込みました：追加 {added} 人、更新 {updated} 人（{db}）",
    "Roster imported: {added} added, {updated} updated ({db})",
)
_ROSTER_REJECTED = Msg(
    "名簿は取り込まれていません（何も変更していません）。直して、もう一度取り込んでください：",
    "The roster was not imported (nothing changed). Fix it and import it again:",
)


@roster.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@lang_option(import_roster)
@DB_URL
def roster_import(csv_file: Path, lang: str, db_url: str | None) -> None:
    """Import CSV_FILE (columns id, last_name, first_name, email; UTF-8 or cp932, as Excel saves
    it) into the gradebook: all its learners, or, when any row is wrong, none."""
    try:
        result = import_roster(csv_file, lang=lang, db_url=db_url)
    except RosterError as error:
        lines = [_ROSTER_REJECTED.render(lang), *(f"  {p.render(lang)}" for p in error.problems)]
        raise click.ClickException("\n".join(lines)) from None
    except SettingsError as error:
        raise click.ClickException(error.problem.render(lang)) from None
    url = gradebook_url(lang, db_url)
    click.echo(
        _ROSTER_IMPORTED.format(
            added=len(result.added), updated=len(result.updated), db=url
        ).render(lang)
    )


_EXPORTED = Msg("{rows} 行を書き出しました：{out}", "{rows} rows written: {out}")


@cohort.command("export")
@lang_option()
@DB_URL
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV file (default: grades.csv in the course folder, where `nbgrader export` writes it).",
)
@excel_encoding_option(export_grades, "")
def cohort_export(lang: str, db_url: str | None, out: Path | None, encoding: str) -> None:
    """Every learner's grade of every case, one row each, as a CSV Excel opens: names, e-mail,
    submission time, score before and after the late penalty (as `nbgrader export` in the course
    folder writes it)."""
    out = out or course_dir(lang) / "grades.csv"
    try:
        rows = export_grades(gradebook_url(lang, db_url), out, encoding=encoding)
    except UnencodableText as error:
        raise click.ClickException(error.problem.render(lang)) from None
    click.echo(_EXPORTED.format(rows=rows, out=out).render(lang))


@cohort.command("leaderboard")
@click.argument("case")
@lang_option(build_leaderboard)
@DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for <case>_public|final.csv/.html (default: build/cohort/<lang>/<case>/).",
)
@click.option("--final", is_flag=True, help="After the cohort: rank by the private part.")
@JSON
def cohort_leaderboard(
    case: str, lang: str, db_url: str | None, out: Path | None, final: bool, as_json: bool
) -> None:
    """Write CASE's leaderboard: the public board during the cohort, --final at its end."""
    board = build_leaderboard(get_case(case), lang=lang, db_url=db_url, out_dir=out, final=final)
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
@lang_option(submit_csv)
@DB_URL
def cohort_leaderboard_submit(
    case: str, student: str, predictions: Path, lang: str, db_url: str | None
) -> None:
    """Score STUDENT's PREDICTIONS (CSV: key,prediction for every hidden-holdout row of CASE) on
    both parts and record them; only the public part's score is printed."""
    info = get_case(case)
    try:
        scored = submit_csv(info, student, predictions, lang=lang, db_url=db_url)
    except LeaderboardError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{student}: public skill {scored.public_skill:.3f}, "
        f"{info.metric} {scored.public_score:.4f} (the private part decides the final)"
    )


@cohort.command("stats")
@click.argument("case")
@lang_option(write_item_report)
@DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML report (default: build/cohort/<lang>/<case>/item_stats.html; a .csv beside it).",
)
@JSON
def cohort_stats(case: str, lang: str, db_url: str | None, out: Path | None, as_json: bool) -> None:
    """Item statistics of CASE: pass rate per test and question, most failed, unclear ones."""
    info = get_case(case)
    out = out or report_path(info, lang)
    try:
        stats = write_item_report(info, lang=lang, db_url=db_url, out_html=out)
    except NoSubmissions as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        frame = stats.to_frame()
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    click.echo(f"{case}: {stats.students} learners; most failed:")
    for c in stats.most_failed(5):
        flag = ("  (gate)" if c.gate else "") + ("  (review)" if c.needs_review else "")
        click.echo(f"  {c.notebook:26s} {c.grade_id:32s} pass {c.pass_rate:5.0%}{flag}")
    click.echo(f"report: {out}")


@cohort.command("badges")
@click.argument("case")
@lang_option(issue_badges)
@DB_URL
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Hosted layout to publish (default: build/cohort/<lang>/<case>/badges).",
)
@click.option(
    "--operators-dir",
    "operators",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Private folder for completion.csv, which names every learner and score (default: "
    "operators/ beside --out). Never publish it.",
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
@JSON
def cohort_badges(
    case: str,
    lang: str,
    db_url: str | None,
    out: Path | None,
    operators: Path | None,
    base_url: str,
    issued_on,
    signing_key: Path | None,
    reviews_pending: bool,
    as_json: bool,
) -> None:
    """Issue signed Open Badges 2.0 completion badges of CASE to --out, the folder to publish, and
    write completion.csv, which names the learners, to the operators' private folder. A learner
    completes when every gate holds: all notebooks, the hidden skill, the pitch, the pass mark and
    no copy confirmed by the similarity review (run `cohort similarity` first)."""
    info = get_case(case)
    out = out or badges_dir(info, lang)
    operators = operators or operators_dir(out)
    if operators.resolve().is_relative_to(out.resolve()):
        raise click.ClickException(
            f"--operators-dir {operators} is inside --out {out}, the folder you publish: "
            "choose a folder outside it (completion.csv names every learner)."
        )
    try:
        results = issue_badges(
            info,
            lang=lang,
            db_url=db_url,
            out_dir=out,
            issued_on=issued_on.date() if issued_on else None,
            base_url=base_url,
            reviews_complete=not reviews_pending,
            signing_key=signing_key,
        )
    except NoSubmissions as error:
        raise click.ClickException(str(error)) from None
    csv_path = export_completion_csv(results, operators / case / "completion.csv")
    leaked = (
        out / case / "completion.csv"
    )  # where earlier versions wrote it: inside the publish folder
    if leaked.is_file():
        leaked.unlink()
        click.echo(f"removed {leaked}: it named learners inside the publish folder", err=True)
    if as_json:
        rows = [
            {k: str(v) if isinstance(v, Path) else v for k, v in asdict(r).items()} for r in results
        ]
        paths = {"publish": str(out), "private": str(operators), "csv": str(csv_path)}
        click.echo(json.dumps({"results": rows, **paths}, indent=2))
        return
    for r in results:
        shown = r.png_path or "missing: " + ", ".join(r.missing_gates)
        click.echo(f"{r.student:24s} {r.status:26s} {r.score_share:6.1%}  {shown}")
    if not review_record_path(case, lang).is_file():
        click.echo(
            f"no similarity review of {case} is recorded: every learner waits for it; run "
            f"`dxquest cohort similarity {case} SUBMISSIONS` and issue again",
            err=True,
        )
    issued = sum(r.completed for r in results)
    click.echo(f"{case}: {issued} of {len(results)} completed")
    click.echo(f"publish as-is at {base_url} (public, names nobody): {out}")
    click.echo(f"keep private (names learners and scores; never publish): {csv_path}")


_VALID = Msg("✓ 有効なバッジです: {path}", "✓ Valid badge: {path}")
_INVALID = Msg("✗ このバッジは検証できません: {reason}", "✗ This badge does not verify: {reason}")
_NOT_RECIPIENT = Msg(
    "✗ このバッジは {identity} に発行されたものではありません。",
    "✗ This badge was not issued to {identity}.",
)


_REVOKED = Msg(
    "バッジを取り消しました（失効リストに記載）: {url}\n理由: {reason}",
    "Badge revoked (listed in the revocation list): {url}\nreason: {reason}",
)
_NOT_ISSUED = Msg(
    "{folder} に {student} の {case} バッジはありません。学習者 ID と --out、"
    "DXQUEST_COHORT_SECRET が発行時と同じかを確認してください（バッジ ID はそれで決まります）。",
    "{folder} holds no badge of {case} for {student}: check the learner id, --out and that "
    "DXQUEST_COHORT_SECRET is the one the badges were issued with (badge ids derive from it).",
)


@cohort.command("revoke-badge")
@click.argument("case")
@click.argument("student")
@click.option(
    "--reason",
    required=True,
    help="Why it is revoked. Published in the revocation list: do not name the learner.",
)
@lang_option(revoke_badge)
@click.option(
    "--out",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The published layout the badge was issued to (default: build/cohort/<lang>/<case>/"
    "badges).",
)
def cohort_revoke_badge(case: str, student: str, reason: str, lang: str, out: Path | None) -> None:
    """Revoke STUDENT's (learner id) badge of CASE: add it to the issuer's revocation list
    (revocations.json, published with the layout), so verify-badge rejects it with the reason.
    Running it again changes only the reason; re-issuing keeps the list."""
    info = get_case(case)
    folder = out or badges_dir(info, lang)
    try:
        url = revoke_badge(info, student, reason, lang=lang, out_dir=folder)
    except BadgeNotIssued:
        message = _NOT_ISSUED.format(folder=folder, student=student, case=case)
        raise click.ClickException(message.render(lang)) from None
    click.echo(_REVOKED.format(url=url, reason=reason).render(lang))
    click.echo(f"publish: {folder / 'revocations.json'}")


@cohort.command("verify-badge")
@click.argument("badge", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--identity",
    default=None,
    help="The holder's e-mail (any case) or learner id to check the badge was issued to.",
)
@click.option(
    "--hosted-root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Local copy of the issuer's hosted layout (default: the folder around BADGE holding "
    "issuer.json, else the https URLs in the badge).",
)
@lang_option()
def cohort_verify_badge(
    badge: Path, identity: str | None, hosted_root: Path | None, lang: str
) -> None:
    """Check a badge (assertion .json, .jws or baked .png) as a third party would; exit 1 if not."""
    problem = badge_problem(badge, hosted_root=hosted_root)
    if problem is not None:
        click.echo(_INVALID.format(reason=problem).render(lang))
        sys.exit(1)
    if identity is not None and not verify_badge(badge, hosted_root=hosted_root, identity=identity):
        click.echo(_NOT_RECIPIENT.format(identity=identity).render(lang))
        sys.exit(1)
    click.echo(_VALID.format(path=badge).render(lang))


@cohort.command("demo")
@click.option("--seed", type=int, default=default_of(run_demo, "seed"), show_default=True)
@JSON
def cohort_demo(seed: int, as_json: bool) -> None:
    """The whole cohort round trip on a small synthetic cohort, printed step by step."""
    result = run_demo(seed=seed, log=None if as_json else click.echo)
    click.echo(json.dumps(result.summary(), indent=None if as_json else 2, ensure_ascii=False))
