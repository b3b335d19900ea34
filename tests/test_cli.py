"""Is the command line a thin layer: every command documented, bad input refused clearly?"""

import re
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from dxquest.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_commands() -> dict[str, set[str]]:
    """``{"cohort peer assign": {"--json", …}}`` from the README's table of commands."""
    section = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\n## ", 1)[0]
    commands: dict[str, set[str]] = {}
    for usage in re.findall(r"^\| `dxquest ([^`]+)` \|", section, flags=re.MULTILINE):
        words = usage.replace("\\|", "|").split()
        path = []
        for word in words:
            if not re.fullmatch(r"[a-z][a-z|-]*", word):
                break
            path.append(word.split("|"))
        flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", usage))
        # "peer assign|export|import|aggregate" documents four commands at once.
        for last in path[-1]:
            commands[" ".join([*(p[0] for p in path[:-1]), last])] = flags
    return commands


def _registered(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    """Every command ``group`` runs, by its full name (groups are walked, not listed)."""
    ctx = click.Context(group)
    found = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found |= _registered(command, f"{prefix}{name} ")
        else:
            found[f"{prefix}{name}"] = command
    return found


def test_the_readme_documents_exactly_the_registered_commands():
    documented, registered = _readme_commands(), _registered(main)
    assert set(documented) == set(registered), (
        f"undocumented: {sorted(set(registered) - set(documented))}; "
        f"documented but missing: {sorted(set(documented) - set(registered))}"
    )
    for name, flags in documented.items():
        options = {opt for param in registered[name].params for opt in param.opts}
        assert flags <= options, f"dxquest {name}: the README shows {sorted(flags - options)}"


def test_the_table_parser_reads_alternatives_and_options():
    commands = _readme_commands()
    assert {"cohort peer assign", "cohort peer aggregate", "run", "bench"} <= set(commands)
    assert commands["grade"] == {"--student", "--db-url", "--json"}


def test_unknown_case_names_the_known_ones_with_their_level(tmp_path):
    result = CliRunner().invoke(main, ["grade", "no_such_case", str(tmp_path)])
    assert result.exit_code != 0
    assert "effort_prediction (entry)" in str(result.exception)
    assert "demand_forecast (advanced)" in str(result.exception)


def test_unsafe_student_id_is_a_clear_error(tmp_path, build_dir):
    result = CliRunner().invoke(
        main, ["grade", "demand_forecast", str(tmp_path), "--student", "../x"]
    )
    assert result.exit_code == 1
    assert "student id" in result.output


def test_a_learner_command_does_not_wait_for_the_graders_imports():
    """`dxquest lab` loads its own module only, not the grader, the sandbox or the cohort."""
    probe = (
        "import sys, click; from dxquest.cli import main; "
        "main.get_command(click.Context(main), 'lab'); "
        "print(sorted(m for m in sys.modules if m == 'dxquest.grade' or m.startswith(("
        "'dxquest.cohort', 'dxquest.sandbox', 'dxquest.peer', 'dxquest.marking'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
