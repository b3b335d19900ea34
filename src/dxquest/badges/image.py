"""The picture of a case's completion badge (a PNG), drawn with matplotlib and a Japanese font."""

from __future__ import annotations

import io
from functools import lru_cache

from dxquest.caseinfo import CaseInfo

_SIZE_INCHES = 4
_DPI = 100  # 400 × 400 px, the size badge platforms show without scaling


@lru_cache(maxsize=8)
def badge_png(case: CaseInfo) -> bytes:
    """A round badge naming the case in Japanese and English, as PNG bytes (drawn once per
    process: matplotlib takes about a second)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib_fontja  # noqa: F401  (registers the bundled Japanese font as the default)
    from matplotlib import pyplot as plt
    from matplotlib.patches import Circle

    fig = plt.figure(figsize=(_SIZE_INCHES, _SIZE_INCHES), dpi=_DPI)
    try:
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        ax.add_patch(Circle((0.5, 0.5), 0.48, color="#1f4e79"))
        ax.add_patch(Circle((0.5, 0.5), 0.43, color="#ffffff"))
        ax.text(0.5, 0.72, "修了証", ha="center", fontsize=26, color="#1f4e79")
        ax.text(0.5, 0.52, case.title.ja, ha="center", fontsize=18, color="#222222")
        ax.text(0.5, 0.42, case.title.en, ha="center", fontsize=8, color="#444444", wrap=True)
        ax.text(0.5, 0.25, "dxquest ケーススタディ", ha="center", fontsize=11, color="#1f4e79")
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=_DPI, transparent=True)
    finally:
        plt.close(fig)
    return out.getvalue()
