"""Is the command line a thin, helpful layer: every command listed, bad input refused clearly?"""

from click.testing import CliRunner

from dxquest.cli import main


def test_every_documented_command_exists():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in (
        "run",
        "build-data",
        "release",
        "grade",
        "cohort",
        "validate",
        "bench-grading",
        "lab",
        "progress",
    ):
        assert command in result.output


def test_unknown_case_names_the_known_ones(tmp_path):
    result = CliRunner().invoke(main, ["grade", "no_such_case", str(tmp_path)])
    assert result.exit_code != 0
    assert "demand_forecast" in str(result.exception)


def test_unsafe_student_id_is_a_clear_error(tmp_path, build_dir):
    result = CliRunner().invoke(
        main, ["grade", "demand_forecast", str(tmp_path), "--student", "../x"]
    )
    assert result.exit_code == 1
    assert "student id" in result.output
