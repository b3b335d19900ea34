"""Does a learner release give anything away: solutions, hidden tests, answers, outputs?"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
_SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.DOTALL)
_HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)
_MIN_REVEALING_LINE = 16  # shorter lines (`return x`, `pass`) also occur in ordinary code


def _secret_lines(source_nb: nbformat.NotebookNode) -> set[str]:
    """Lines only the source has: inside solution/hidden regions and manual reference answers."""
    lines: set[str] = set()
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            regions = [cell.source]
        else:
            regions = _SOLUTION_REGION.findall(cell.source) + _HIDDEN_REGION.findall(cell.source)
        for region in regions:
            lines |= {
                line.strip()
                for line in region.splitlines()
                if len(line.strip()) >= _MIN_REVEALING_LINE
            }
    return lines


def scan_release(source: Path, release: Path) -> list[str]:
    """Leaks of ``source``'s secrets into ``release``, one line each (empty when clean)."""
    leaks = []
    secrets = _secret_lines(nbformat.read(source, as_version=4))
    nb = nbformat.read(release, as_version=4)
    for index, cell in enumerate(nb.cells):
        where = f"{release.name} cell {index}"
        leaks += [f"{where}: marker '{m}'" for m in _MARKERS if m in cell.source]
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            leaks.append(f"{where}: has outputs")
        for line in cell.source.splitlines():
            if line.strip() in secrets:
                leaks.append(f"{where}: reference line {line.strip()[:60]!r}")
    return leaks
