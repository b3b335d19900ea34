"""Filled-in review forms into the gradebook: each form checked, a bad one never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.i18n import Msg
from dxquest.peer.forms import FormError, parse_form
from dxquest.peer.store import replace_reviews, require_assignment
from dxquest.rubric import load_rubric

SAME_REVIEWER = Msg(
    "{other} と同じレビュアー（{reviewer}）のフォームです。最後に提出した1つだけを残してください。",
    "This form is by the same reviewer ({reviewer}) as {other}; keep only the latest one.",
)


@dataclass
class ImportResult:
    imported: dict[str, int] = field(default_factory=dict)  # reviewer → reviews stored
    rejected: dict[str, list[Msg]] = field(default_factory=dict)  # form file → its problems

    @property
    def reviews(self) -> int:
        return sum(self.imported.values())

    def to_dict(self, lang: str) -> dict:
        return {
            "imported": self.imported,
            "reviews": self.reviews,
            "rejected": {f: [p.render(lang) for p in ps] for f, ps in self.rejected.items()},
        }


def import_reviews(
    case: CaseInfo, forms: list[Path], *, lang: str = "ja", db_url: str | None = None
) -> ImportResult:
    """Check and store each form; a form is stored whole or, with the reasons, not at all.

    Importing a reviewer's form again replaces what the earlier import stored.
    """
    db_url = paths.gradebook_url(lang, db_url)
    assignment = require_assignment(db_url, case.id)
    rubric = load_rubric(case)
    result = ImportResult()
    seen: dict[str, str] = {}  # reviewer → the form file that carried their reviews
    for form in sorted(forms):
        try:
            reviewer, reviews = parse_form(form, assignment, rubric)
        except FormError as error:
            result.rejected[form.name] = error.problems
            continue
        if reviewer in seen:
            result.rejected[form.name] = [
                SAME_REVIEWER.format(other=seen[reviewer], reviewer=reviewer)
            ]
            continue
        seen[reviewer] = form.name
        replace_reviews(db_url, case.id, reviewer, reviews)
        result.imported[reviewer] = len(reviews)
    return result
