"""The reference solutions run, graded and checked: ``run``, ``validate`` and ``bench``."""

from __future__ import annotations

import json
import sys
import time

import click

from dxquest.bench import bench_case, format_table, results_table, run_case
from dxquest.caseinfo import select_cases
from dxquest.cli.options import CASES, JSON, lang_option
from dxquest.question_kinds import format_points_by_kind
from dxquest.validate import as_json_dict, validate_case


@click.command()
@CASES
@lang_option(run_case)
def run(cases: tuple[str, ...], lang: str) -> None:
    """The main job: data, releases, reference solutions run with papermill and autograded."""
    rows = []
    start = time.perf_counter()
    for case in select_cases(cases):

        def say(stage: str, case_id: str = case.id) -> None:
            click.echo(f"[{time.perf_counter() - start:5.0f} s] {case_id}: {stage}", err=True)

        executed, report = run_case(case, lang, say)
        rows += results_table(case, executed, report)
    click.echo(format_table(rows))


@click.command()
@CASES
@lang_option(validate_case)
@JSON
def validate(cases: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Prove every exercise of CASES works; exit 1 when any case falls short."""
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
                f"{r.mutants_caught}/{r.mutants_total}, leaks {len(r.leaks)}, answers written "
                f"{len(r.answer_leaks)} (of {r.answers_checked} looked for), {r.seconds:.0f} s"
            )
            click.echo(f"  points by kind: {format_points_by_kind(r.points_by_kind)}")
            if r.stretch_points:
                bands = ", ".join(f"{band} {points:g}" for band, points in r.stretch_points.items())
                click.echo(f"  stretch task (outside the pass mark): {bands} points")
            for problem in r.missed_mutants + r.untested_cells + r.leaks + r.answer_leaks:
                click.echo(f"  - {problem}")
            for t in r.tolerances:
                verdict = "ok" if t["smallest_effect"] > t["tolerance"] else "WIDER THAN A MISTAKE"
                click.echo(
                    f"  {t['question']}: tolerance {t['tolerance']:.3g}, smallest mistake "
                    f"{t['smallest_effect']:.3g} ({t['mistakes_measured']} measured) {verdict}"
                )
    sys.exit(0 if all(r.ok for r in results.values()) else 1)


@click.command()
@CASES
@lang_option(bench_case)
@JSON
def bench(cases: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Reference vs oracle vs today's practice, and build/execution seconds."""
    results = {case.id: bench_case(case, lang) for case in select_cases(cases)}
    click.echo(json.dumps({"cases": results}, indent=None if as_json else 2, ensure_ascii=False))
