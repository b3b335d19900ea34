"""The review packet: one HTML page per submission with its free-text answers and the rubric.

The page names the submission by its alias only and holds nothing else of the notebooks. Every
piece of text, the learner's above all, is HTML-escaped and shown as plain text (no Markdown or HTML
rendering), so an answer cannot run script or restyle the page in a reviewer's browser.
"""

from __future__ import annotations

from html import escape

from dxquest.caseinfo import CaseInfo
from dxquest.i18n import Msg
from dxquest.rubric import Rubric

TITLE = Msg("ピアレビュー：{case}（提出物 {alias}）", "Peer review: {case} (submission {alias})")
HOW_TO = Msg(
    "回答をすべて一度読んでから、観点ごとに、条件をすべて満たす最も高い段階の点数をレビューフォーム"
    "（CSV）の points 列に記入してください。長さや文章のうまさだけでは点になりません。"
    "提出者はわからないようにしてあります。回答の内容を他の人に伝えないでください。",
    "Read each answer once, then for every criterion enter in the points column of your review "
    "form (CSV) the points of the highest level whose conditions are all met. Length and polish "
    "earn nothing by themselves. The author is anonymous; do not share the answers.",
)
QUESTION = Msg("{notebook}：{grade_id}（{points}点）", "{notebook}: {grade_id} ({points} points)")
NOT_SUBMITTED = Msg(
    "（このノートブックは提出されていません：すべての観点が0点です）",
    "(This notebook was not submitted: every criterion scores 0.)",
)
CRITERION = Msg("観点", "Criterion")
LEVELS = Msg("段階（点数：条件）", "Levels (points: conditions)")

_STYLE = """
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif;
       max-width: 60rem; margin: 2rem auto; line-height: 1.6; }
.answer { white-space: pre-wrap; border-left: 4px solid #4a7; padding: .5rem 1rem;
          background: #f6faf7; }
.missing { color: #a33; }
table.rubric { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
table.rubric th, table.rubric td { border: 1px solid #ccc; padding: .4rem; vertical-align: top; }
"""


def render_packet(
    case: CaseInfo, rubric: Rubric, alias: str, answers: dict[str, str | None], lang: str
) -> str:
    """The packet's HTML for the submission ``alias`` with ``answers`` ({grade_id: text})."""
    titles = {nb.id: nb.title.render(lang) for nb in case.notebooks}
    title = escape(TITLE.format(case=case.title.render(lang), alias=alias).render(lang))
    parts = [
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        f"<p>{escape(HOW_TO.render(lang))}</p>\n"
    ]
    for question in rubric.questions:
        heading = QUESTION.format(
            notebook=titles.get(question.notebook, question.notebook),
            grade_id=question.grade_id,
            points=f"{question.points:g}",
        ).render(lang)
        answer = answers.get(question.grade_id)
        body = (
            f'<p class="missing">{escape(NOT_SUBMITTED.render(lang))}</p>'
            if answer is None
            else f'<div class="answer" data-grade-id="{escape(question.grade_id)}">'
            f"{escape(answer)}</div>"
        )
        rows = "".join(
            f"<tr><td><b>{escape(c.id)}</b><br>{escape(c.title.render(lang))}</td><td>"
            + "<br>".join(
                f"{level.points:g}: {escape(level.description.render(lang))}"
                for level in sorted(c.levels, key=lambda level: level.points)
            )
            + "</td></tr>"
            for c in question.criteria
        )
        parts.append(
            f'<section id="{escape(question.grade_id)}">\n<h2>{escape(heading)}</h2>\n{body}\n'
            f'<table class="rubric"><tr><th>{escape(CRITERION.render(lang))}</th>'
            f"<th>{escape(LEVELS.render(lang))}</th></tr>{rows}</table>\n</section>\n"
        )
    parts.append("</body>\n</html>\n")
    return "".join(parts)
