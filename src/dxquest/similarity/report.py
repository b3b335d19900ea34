"""The operators' similarity report: HTML with matched passages side by side, a CSV, a summary.

Everything a learner wrote is escaped before it reaches the HTML: a submission is untrusted text.
"""

from __future__ import annotations

import csv
import html
from dataclasses import asdict
from pathlib import Path

from dxquest import paths
from dxquest.similarity.decisions import Decision, pair_status, similarity_flags
from dxquest.similarity.index import PairScore
from dxquest.similarity.review import NEAR_MISS, SimilarityReview

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; }
.pair { border-top: 2px solid #999; margin-top: 1.5em; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
pre { background: #f6f6f6; padding: .5em; overflow-x: auto; font-size: 85%; }
mark { background: #ffd27f; }
.cleared { color: #2a7a2a; } .confirmed { color: #b00020; } .flagged { color: #a05a00; }
"""


def report_dir(case_id: str, lang: str) -> Path:
    return paths.cohort_dir(case_id, lang) / "similarity"


def _matched_lines(review: SimilarityReview, student: str, question: str, shared: set) -> set:
    lines: set[int] = set()
    for fp in review.fingerprints[student].get(question, []):
        if fp.hash in shared:
            lines.update(fp.lines)
    return lines


def _side(review: SimilarityReview, student: str, question: str, shared: set) -> str:
    marked = _matched_lines(review, student, question, shared)
    code = review.answers[student].get(question, "")
    rows = []
    for number, line in enumerate(code.splitlines(), start=1):
        text = html.escape(line) or " "
        rows.append(f"<mark>{text}</mark>" if number in marked else text)
    return f"<div><b>{html.escape(student)}</b><pre>{chr(10).join(rows)}</pre></div>"


def _pair_html(review: SimilarityReview, pair: PairScore, status: str) -> str:
    parts = [
        f'<section class="pair"><h2>{html.escape(pair.student)} ↔ {html.escape(pair.other)}: '
        f"{pair.similarity:.0%} <span class='{status}'>({status})</span></h2>"
    ]
    for question in pair.matched_questions():
        mine = {f.hash for f in review.fingerprints[pair.student].get(question, [])}
        theirs = {f.hash for f in review.fingerprints[pair.other].get(question, [])}
        shared = mine & theirs
        match = pair.questions[question]
        parts.append(f"<h3>{html.escape(question)}: {match.similarity:.0%}</h3>")
        parts.append(
            '<div class="sides">'
            + _side(review, pair.student, question, shared)
            + _side(review, pair.other, question, shared)
            + "</div>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def write_html(review: SimilarityReview, decisions: list[Decision], out: Path) -> Path:
    """One page: every flagged pair, its status, and its matched questions side by side."""
    flagged = review.flagged
    body = [
        f"<h1>Similarity review: {html.escape(review.case)}</h1>",
        f"<p>{len(review.learners)} learners; {len(flagged)} pairs at or above "
        f"{review.threshold:.0%} similarity (marked lines: passages found in both). A flag asks "
        "for a look, it is not a verdict: clear or confirm with "
        "<code>dxquest cohort similarity-clear</code>.</p>",
        *(_pair_html(review, pair, pair_status(pair, decisions)) for pair in flagged),
    ]
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Similarity review</title>'
        f"<style>{_STYLE}</style></head><body>{''.join(body)}</body></html>"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def write_csv(review: SimilarityReview, decisions: list[Decision], out: Path) -> Path:
    """Every scored pair (those at or above :data:`NEAR_MISS` of the threshold): near misses
    can be looked at too."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "student",
                "other",
                "similarity",
                "shared_fingerprints",
                "matched_questions",
                "other_is_reference",
                "flagged",
                "status",
            ]
        )
        for pair in review.pairs:
            if pair.similarity < NEAR_MISS * review.threshold:
                break  # pairs come most similar first
            flagged = review.is_flagged(pair)
            writer.writerow(
                [
                    pair.student,
                    pair.other,
                    f"{pair.similarity:.3f}",
                    pair.shared,
                    ";".join(pair.matched_questions()),
                    pair.is_reference,
                    flagged,
                    pair_status(pair, decisions) if flagged else "",
                ]
            )
    return out


def summary(review: SimilarityReview, decisions: list[Decision]) -> dict:
    """The JSON summary: counts and every flagged learner with their top match."""
    flags = similarity_flags(review, decisions)
    return {
        "case": review.case,
        "threshold": review.threshold,
        "learners": len(review.learners),
        "pairs_scored": len(review.pairs),
        "flagged_pairs": len(review.flagged),
        "reference_matches": sum(p.is_reference for p in review.flagged),
        "flagged_learners": [asdict(f) for f in flags],
    }
