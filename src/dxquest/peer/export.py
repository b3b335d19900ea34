"""Review packets (one HTML page per submission) and review forms (one CSV per reviewer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.peer.answers import read_answers
from dxquest.peer.forms import form_name, write_form
from dxquest.peer.packets import render_packet
from dxquest.peer.store import require_assignment
from dxquest.rubric import load_rubric


@dataclass
class ExportResult:
    folder: Path
    packets: list[Path] = field(default_factory=list)  # packets/<alias>.html
    forms: list[Path] = field(default_factory=list)  # forms/<reviewer>.csv
    rows: int = 0  # review form rows in all: one per (submission, cell, criterion) per reviewer


def export_round(
    case: CaseInfo,
    *,
    lang: str = "ja",
    db_url: str | None = None,
    out_dir: Path | None = None,
    encoding: str = "utf-8-sig",
) -> ExportResult:
    """Write every packet and every reviewer's blank form of the case's current round to
    ``out_dir`` (default ``build/cohort/<lang>/<case>/peer``).

    A reviewer receives their form and the packets of the aliases listed in it; the packets hold
    no student id, the forms only their own reviewer's. Forms are UTF-8 with a BOM, which every
    Excel since 2016 opens, or ``encoding="cp932"`` for older Japanese Excel.
    """
    db_url = paths.gradebook_url(lang, db_url)
    assignment = require_assignment(db_url, case.id)
    rubric = load_rubric(case)
    result = ExportResult(out_dir or paths.cohort_dir(case.id, lang) / "peer")
    (result.folder / "packets").mkdir(parents=True, exist_ok=True)
    (result.folder / "forms").mkdir(parents=True, exist_ok=True)
    for author, alias in sorted(assignment.aliases.items(), key=lambda pair: pair[1]):
        html = render_packet(case, rubric, alias, read_answers(rubric, author, lang), lang)
        packet = result.folder / "packets" / f"{alias}.html"
        packet.write_text(html, encoding="utf-8")
        result.packets.append(packet)
    for reviewer in assignment.all_reviewers:
        form = result.folder / "forms" / form_name(reviewer)
        result.rows += write_form(form, reviewer, assignment, rubric, lang, encoding)
        result.forms.append(form)
    return result
