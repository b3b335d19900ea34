"""Item statistics for operators: which questions learners fail, and which ones may be unclear.

Per graded cell (a test or a peer-reviewed question) from the nbgrader gradebook: how many
learners answered it, the pass rate, the mean share of its points, the distribution of scores
and its discrimination (the correlation of the cell's score with the learner's score on the rest
of the case). A question that many fail *and* that strong learners fail as often as weak ones
(discrimination near 0 or negative) is more likely unclear than hard. Cells of a notebook the
learner did not submit are left out (they would only count absences). The completion gates among
the cells (the skill cells and the pitch of ``case.toml``) are marked: failing one withholds the
badge whatever the points, so an unclear gate costs most. The optional stretch task's cells
(``merit_cells``, ``distinction_cells``) are marked too and kept out of the learner's score, as the
pass mark keeps them out: a learner who skips the stretch task is not a weaker learner. Few pass
them by design, so only their discrimination can list them for review.
"""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.cohort.scores import cohort_scores

REVIEW_PASS_RATE_BELOW = 0.3
"""A cell passed by fewer learners than this is listed for review."""
REVIEW_DISCRIMINATION_BELOW = 0.1
"""A cell whose score barely follows the rest of the learner's work is listed for review."""


@dataclass(frozen=True)
class CellStats:
    notebook: str
    grade_id: str
    kind: str  # "auto" (test) or "manual" (peer-reviewed)
    max_score: float
    gate: bool  # a completion gate: the badge needs it passed
    stretch: bool  # the optional stretch task's: records merit or distinction, not the pass
    answered: int  # learners with a score (submitted notebook; peer grade given)
    awaiting_review: int
    not_submitted: int
    # Test: full marks; question: share of points ≥ its pass level (the pitch's own, else the
    # case's pass mark).
    pass_rate: float | None
    mean_share: float | None
    discrimination: float | None  # None when undefined (fewer than 3 learners or no spread)
    score_counts: dict[float, int]

    @property
    def needs_review(self) -> bool:
        low_pass = (
            not self.stretch
            and self.pass_rate is not None
            and self.pass_rate < REVIEW_PASS_RATE_BELOW
        )
        weak = self.discrimination is not None and self.discrimination < REVIEW_DISCRIMINATION_BELOW
        return low_pass or weak


@dataclass(frozen=True)
class ItemStats:
    case: str
    pass_mark: float
    students: int
    cells: list[CellStats]
    # learner → share of the points the pass mark counts (all but the stretch task's)
    total_shares: dict[str, float] = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        rows = [asdict(c) | {"needs_review": c.needs_review} for c in self.cells]
        return pd.DataFrame(rows).drop(columns="score_counts")

    def most_failed(self, n: int = 5) -> list[CellStats]:
        """Cells with the lowest pass rate (cells nobody answered yet are left out)."""
        rated = [c for c in self.cells if c.pass_rate is not None]
        return sorted(rated, key=lambda c: (c.pass_rate, c.notebook, c.grade_id))[:n]


def _discrimination(item: pd.Series, rest: pd.Series) -> float | None:
    if len(item) < 3 or item.std() == 0 or rest.std() == 0:
        return None
    return float(np.corrcoef(item, rest)[0, 1])


def item_stats(case: CaseInfo, db_url: str) -> ItemStats:
    """The statistics of every graded cell of ``case`` over the learners in the gradebook."""
    scores = cohort_scores(db_url, case.id)
    gates = case.completion
    counted = scores[~scores["grade_id"].isin(gates.stretch_cells)]
    earned = counted["score"].fillna(0.0).groupby(counted["student"]).sum()
    possible = counted.groupby("student")["max_score"].sum()
    share = earned / possible
    cells = []
    for (notebook, grade_id), rows in scores.groupby(["notebook", "grade_id"], sort=True):
        max_score = float(rows["max_score"].iloc[0])
        submitted = rows[~rows["missing_notebook"]]
        answered = submitted.dropna(subset=["score"]).set_index("student")
        item_share = answered["score"] / max_score
        kind = rows["kind"].iloc[0]
        level = gates.pitch_pass if grade_id == gates.pitch_cell else gates.pass_mark
        passed = item_share >= (1.0 if kind == "auto" else level) - 1e-9
        stretch = grade_id in gates.stretch_cells
        # The rest of the case: the learner's other counted points over their maximum.
        own, own_max = (0.0, 0.0) if stretch else (answered["score"], max_score)
        rest = (earned[answered.index] - own) / (possible[answered.index] - own_max)
        cells.append(
            CellStats(
                notebook=str(notebook),
                grade_id=str(grade_id),
                kind=kind,
                max_score=max_score,
                gate=grade_id in (*gates.skill_cells, gates.pitch_cell),
                stretch=stretch,
                answered=len(answered),
                awaiting_review=int(submitted["score"].isna().sum()),
                not_submitted=int(rows["missing_notebook"].sum()),
                pass_rate=float(passed.mean()) if len(answered) else None,
                mean_share=float(item_share.mean()) if len(answered) else None,
                discrimination=_discrimination(item_share, rest),
                score_counts={
                    float(k): int(v)
                    for k, v in answered["score"].value_counts().sort_index().items()
                },
            )
        )
    order = {nb: i for i, nb in enumerate(case.notebook_ids)}
    cells.sort(key=lambda c: (order.get(c.notebook, len(order)), c.notebook, c.grade_id))
    return ItemStats(
        case=case.id,
        pass_mark=gates.pass_mark,
        students=int(share.size),
        cells=cells,
        total_shares={str(k): float(v) for k, v in share.items()},
    )


# --- the HTML report ----------------------------------------------------------------------------


def _png_data_uri(fig) -> str:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _plots(stats: ItemStats) -> list[tuple[str, str]]:
    """(caption, data URI) of each figure, labelled in Japanese and English."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib_fontja  # noqa: F401  (registers the bundled Japanese font as the default)
    from matplotlib import pyplot as plt

    figures = []
    rated = [c for c in stats.cells if c.pass_rate is not None]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rated) + 1.2))
    try:
        labels = [f"{c.notebook[:2]} {c.grade_id}" for c in rated]
        colours = ["#1f77b4" if c.kind == "auto" else "#ff7f0e" for c in rated]
        ax.barh(labels, [c.pass_rate for c in rated], color=colours)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.axvline(REVIEW_PASS_RATE_BELOW, color="grey", linestyle=":")
        ax.set_xlabel("合格率 / pass rate（青: 自動採点テスト、橙: ピアレビュー）")
        ax.set_title("問題別の合格率 / Pass rate by question")
        figures.append(("問題別の合格率 / Pass rate by question", _png_data_uri(fig)))
    finally:
        plt.close(fig)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    try:
        ax.hist(list(stats.total_shares.values()), bins=np.linspace(0, 1, 21), color="#1f4e79")
        ax.axvline(
            stats.pass_mark, color="red", linestyle="--", label=f"合格基準 {stats.pass_mark:.0%}"
        )
        ax.set_xlabel("得点率（発展課題を除く全設問）/ share of the points the pass mark counts")
        ax.set_ylabel("受講者数 / learners")
        ax.set_title("得点率の分布 / Distribution of total scores")
        ax.legend()
        figures.append(("得点率の分布 / Distribution of total scores", _png_data_uri(fig)))
    finally:
        plt.close(fig)
    return figures


def _fmt(value: float | None, spec: str) -> str:
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else format(value, spec)
    )


def render_html(stats: ItemStats) -> str:
    """One self-contained HTML page: figures as embedded PNG, the table of every cell."""
    rows = []
    for c in sorted(stats.cells, key=lambda c: (c.pass_rate is None, c.pass_rate or 0.0)):
        counts = ", ".join(f"{k:g}点×{v}" for k, v in c.score_counts.items())
        rows.append(
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:g}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                ' class="review"' if c.needs_review else "",
                html.escape(c.notebook),
                html.escape(c.grade_id),
                "自動 / test" if c.kind == "auto" else "ピア / peer",
                "修了条件 / gate" if c.gate else "発展課題（任意）/ stretch" if c.stretch else "",
                c.max_score,
                c.answered,
                _fmt(c.pass_rate, ".0%"),
                _fmt(c.mean_share, ".0%"),
                _fmt(c.discrimination, ".2f"),
                c.awaiting_review,
                c.not_submitted,
                html.escape(counts),
            )
        )
    figures = "".join(
        f'<figure><img alt="{html.escape(caption)}" src="{uri}"><figcaption>'
        f"{html.escape(caption)}</figcaption></figure>"
        for caption, uri in _plots(stats)
    )
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>{html.escape(stats.case)} 設問分析 / item statistics</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:right}}
td:nth-child(-n+4){{text-align:left}}
tr.review{{background:#fff3cd}}</style></head><body>
<h1>{html.escape(stats.case)}: 設問分析 / Item statistics</h1>
<p>受講者 {stats.students} 名、合格基準 {stats.pass_mark:.0%}。黄色の行は要確認
（合格率 {REVIEW_PASS_RATE_BELOW:.0%} 未満、または識別力 {REVIEW_DISCRIMINATION_BELOW} 未満）。
Learners: {stats.students}; pass mark {stats.pass_mark:.0%}. Yellow rows need a look: pass rate
below {REVIEW_PASS_RATE_BELOW:.0%} or discrimination below {REVIEW_DISCRIMINATION_BELOW}
(the cell's score barely follows the rest of the learner's work: possibly unclear).
「修了条件」の設問は、点数にかかわらず不合格だと修了できません。 Cells marked "gate" withhold the
badge when failed, whatever the points. 「発展課題」は任意の設問で、得点率にも識別力の「残り」にも
含めません（合格率が低くても要確認にしません）。 Cells marked "stretch" are the optional stretch
task's: left out of the score share and of every cell's "rest", and not flagged for a low pass
rate.</p>
{figures}
<table><thead><tr><th>ノートブック / notebook</th><th>設問 / cell</th><th>種別 / kind</th>
<th>修了条件 / gate</th><th>配点 / points</th><th>回答数 / answered</th><th>合格率 / pass rate</th>
<th>平均得点率 / mean share</th><th>識別力 / discrimination</th><th>レビュー待ち / awaiting</th>
<th>未提出 / not submitted</th><th>得点分布 / scores</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></body></html>
"""


def report_path(case: CaseInfo, lang: str) -> Path:
    """The default report: ``build/cohort/<lang>/<case>/item_stats.html``."""
    return paths.cohort_dir(case.id, lang) / "item_stats.html"


def write_item_report(
    case: CaseInfo, *, lang: str = "ja", db_url: str | None = None, out_html: Path | None = None
) -> ItemStats:
    """Compute :func:`item_stats` and write them as one HTML page (plus ``.csv`` beside it) to
    ``out_html`` (default :func:`report_path`).

    The report is one file, not a folder of them, so the caller names the file, not a folder."""
    stats = item_stats(case, paths.gradebook_url(lang, db_url))
    out_html = out_html or report_path(case, lang)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text(render_html(stats), encoding="utf-8")
    stats.to_frame().to_csv(out_html.with_suffix(".csv"), index=False)
    return stats
