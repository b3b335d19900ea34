"""The mark a text puts around each figure its code writes:
``<!-- fig:NAME FORM -->TEXT<!-- /fig -->``.

``NAME`` names a headline figure (:mod:`dxquest.figures`), ``FORM`` how it is written: an optional
scale (``万``, ``億``, ``million``, ``%``, ``ppm``) and either a Python format spec (``,.0f``) or
``~N`` for N significant digits (``~2``: 146 → 150). Pure text: the notebook build strips the marks
from what a learner reads without knowing where the figures come from.
"""

from __future__ import annotations

import re

MARK = re.compile(r"<!-- fig:(?P<name>\w+)(?P<form>[^>]*?) -->(?P<text>.*?)<!-- /fig -->")
SCALES = {"万": 1e-4, "億": 1e-8, "million": 1e-6, "%": 100.0, "ppm": 1e6}


def written(value: float, form: str) -> str:
    """``value`` as ``form`` writes it (see the module docstring)."""
    words = form.split()
    scale = SCALES[words.pop(0)] if words and words[0] in SCALES else 1.0
    spec = words[0] if words else ",.0f"
    number = value * scale
    if spec.startswith("~"):
        digits = int(spec[1:])
        rounded = float(f"{number:.{digits}g}")
        return f"{rounded:,.0f}" if abs(rounded) >= 10 ** (digits - 1) else f"{rounded:,g}"
    return format(number, spec)


def render(text: str, figures: dict[str, float], where: str = "") -> str:
    """``text`` with every mark's TEXT written from ``figures``."""

    def write(match: re.Match) -> str:
        name = match["name"]
        if name not in figures:
            raise KeyError(f"{where}: no headline figure {name!r} (known: {sorted(figures)})")
        mark = match.group(0)[: match.start("text") - match.start()]
        return f"{mark}{written(figures[name], match['form'])}<!-- /fig -->"

    return MARK.sub(write, text)


def unmarked(text: str) -> str:
    """``text`` without its marks, each figure kept as written."""
    return MARK.sub(lambda match: match["text"], text)
