"""Learner-facing text in Japanese and English from one source.

A :class:`Msg` carries both languages; it is rendered in the language the notebook selected with
:func:`set_language` (the built notebook's ``LANG`` parameter). Japanese is the default because it
is the learners' first language.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ja", "en")
_current = {"lang": "ja"}


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    _current["lang"] = lang


def get_language() -> str:
    return _current["lang"]


@dataclass(frozen=True)
class Msg:
    """One message in both languages; ``str()`` gives the selected language."""

    ja: str
    en: str

    def format(self, **kwargs: object) -> Msg:
        return Msg(self.ja.format(**kwargs), self.en.format(**kwargs))

    def render(self, lang: str | None = None) -> str:
        return getattr(self, lang or get_language())

    def __str__(self) -> str:
        return self.render()

    def __add__(self, other: Msg) -> Msg:
        return Msg(self.ja + other.ja, self.en + other.en)
