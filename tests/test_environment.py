"""Does environment.yml declare exactly the dependencies pyproject.toml declares?"""

import re
import tomllib

from dxquest import paths

# Extras ("psycopg[binary]") are pip's way to pick a build; conda-forge packages need none.
_SPEC = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(.*)$")


def _split(requirement: str) -> tuple[str, str]:
    name, spec = _SPEC.match(requirement.strip()).groups()
    return name.lower(), spec.replace(" ", "")


def _pyproject() -> dict[str, str]:
    with open(paths.PROJECT_ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(r) for r in requirements)


def _environment(text: str) -> dict[str, str]:
    declared = {}
    dependencies = text.split("\ndependencies:", 1)[1]
    for line in dependencies.splitlines():
        match = re.match(r"^  - ([^#]+?)\s*(#.*)?$", line)  # top-level conda entries only
        if match and not match.group(1).startswith(("pip", "python")):
            name, spec = _split(match.group(1))
            declared[name] = spec
    return declared


def _environment_text() -> str:
    return (paths.PROJECT_ROOT / "environment.yml").read_text()


def test_environment_yml_matches_pyproject():
    assert _environment(_environment_text()) == _pyproject()


def test_drift_is_detected():
    """Can the check fail? A changed pin or a dropped package in environment.yml must show."""
    text = _environment_text()
    repinned = text.replace("pandas>=3.0,<4", "pandas>=2.0,<3")
    dropped = text.replace("  - lightgbm>=4.6,<5", "")
    assert _environment(repinned) != _pyproject()
    assert _environment(dropped) != _pyproject()
