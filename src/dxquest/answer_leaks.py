"""Does a learner release write down an answer? Looks for the written forms
(:mod:`dxquest.number_forms`) of a case's answers in every text a learner reads: the release's
notebooks (every cell, code included: an "example" value is text too), its README and rubric, the
case's data card, and every level of every question's hints (shown by ``ex.<question>.hint()``,
from the case package rather than a release file).

:mod:`dxquest.leaks` looks for the reference solution's code; this module looks for its results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

from dxquest import paths
from dxquest.caseinfo import get_case
from dxquest.marking import case_exercises
from dxquest.number_forms import written_forms

# A form must stand alone: "1.26" is not in "11.26", "1.265", "1.26.3" or "1.26億" (another number).
_BEFORE = r"(?<![0-9A-Za-z.,_])"
_AFTER = r"(?![0-9]|[.,_][0-9]|[万億]|[eE][+-]?[0-9])"


@dataclass(frozen=True)
class AnswerLeak:
    """One answer written in one place of the release."""

    file: str  # as the learner sees it: "ja/README.md", "en/04_executive_pitch.ipynb"
    location: str  # "line 97", or "cell 4 line 2" in a notebook
    answers: str  # the answers this form spells, comma-separated
    form: str  # the spelling found, as written_forms gives it

    def __str__(self) -> str:
        return f"{self.file} {self.location}: answer {self.answers} written as {self.form!r}"


def _form_pattern(form: str) -> str:
    """A form as a regular expression: a space may be missing or doubled before a unit, and a
    percent sign may be the full-width one."""
    escaped = re.escape(form).replace(r"\ ", r"\s*").replace("%", r"\s*[%％]")
    if form.endswith("M"):
        escaped += "(?![A-Za-z])"  # 131M, not 131MB
    return escaped


class AnswerFinder:
    """The written forms of named answers, found in text. A form that also spells one of the
    story's ``facts`` reads as that fact: 12,000,000 yen of set-up cost is no answer of 11,986,430
    yen rounded, though it spells both."""

    def __init__(self, answers: Mapping[str, Iterable[float]], facts: Iterable[float] = ()):
        fact_forms = {form for fact in facts for form in written_forms(fact)}
        self._names: dict[str, list[str]] = {}
        for name, values in answers.items():
            for value in values:
                for form in written_forms(value) - fact_forms:
                    if name not in self._names.setdefault(form, []):
                        self._names[form].append(name)
        # Longest first, so "131,000,000" is reported rather than a shorter form inside it.
        forms = sorted(self._names, key=len, reverse=True)
        self._pattern = (
            re.compile(f"{_BEFORE}(?:{'|'.join(map(_form_pattern, forms))}){_AFTER}")
            if forms
            else None
        )
        self._by_pattern = {form: re.compile(_form_pattern(form)) for form in forms}

    def find(self, text: str) -> list[tuple[int, str, str]]:
        """``(line number, form, answers)`` of every answer written in ``text``."""
        if self._pattern is None:
            return []
        found = []
        for number, line in enumerate(text.splitlines(), start=1):
            for match in self._pattern.finditer(line):
                form = self._form_of(match.group())
                found.append((number, form, ", ".join(self._names[form])))
        return found

    def _form_of(self, written: str) -> str:
        """The form a match spells (the text may differ in spaces or the percent sign)."""
        return next(f for f, p in self._by_pattern.items() if p.fullmatch(written))


def _notebook_leaks(name: str, path: Path, finder: AnswerFinder) -> list[AnswerLeak]:
    cells = nbformat.read(path, as_version=4).cells
    return [
        AnswerLeak(name, f"cell {index} line {line}", answers, form)
        for index, cell in enumerate(cells)
        for line, form, answers in finder.find(cell.source)
    ]


def _text_leaks(name: str, text: str, finder: AnswerFinder) -> list[AnswerLeak]:
    return [
        AnswerLeak(name, f"line {line}", names, form) for line, form, names in finder.find(text)
    ]


def scan_files(
    files: Mapping[str, Path],
    answers: Mapping[str, Iterable[float]],
    facts: Iterable[float] = (),
) -> list[AnswerLeak]:
    """Every answer written in ``files`` (display name → path); binary files are skipped."""
    finder = AnswerFinder(answers, facts)
    leaks = []
    for name, path in files.items():
        if path.suffix == ".ipynb":
            leaks += _notebook_leaks(name, path, finder)
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # an image or data file: no prose to give anything away
            continue
        leaks += _text_leaks(name, text, finder)
    return leaks


def scan_texts(
    texts: Mapping[str, str],
    answers: Mapping[str, Iterable[float]],
    facts: Iterable[float] = (),
) -> list[AnswerLeak]:
    """Every answer written in ``texts`` (display name → text)."""
    finder = AnswerFinder(answers, facts)
    return [leak for name, text in texts.items() for leak in _text_leaks(name, text, finder)]


def learner_texts(case_id: str, langs: Iterable[str]) -> dict[str, Path]:
    """What a learner of ``case_id`` reads, by display name: every file of the built release in
    each language, and the case's data card (the README sends learners to it)."""
    files = {}
    for lang in langs:
        release = paths.release_dir(case_id, lang)
        for path in sorted(p for p in release.rglob("*") if p.is_file()):
            files[f"{lang}/{path.relative_to(release).as_posix()}"] = path
    card = paths.DATASETS_DIR / f"{case_id}.md"
    if card.is_file():
        files[f"datasets/{card.name}"] = card
    return files


def hint_texts(case_id: str, langs: Iterable[str]) -> dict[str, str]:
    """Every hint level of every question of ``case_id`` in each language, by display name:
    ``"hints/ja/lost_margin 2/3"`` is level 2 of the three levels of ``ex.lost_margin.hint()``."""
    texts = {}
    for lang in langs:
        for name, question in case_exercises(get_case(case_id)).questions.items():
            levels = question.hints.levels
            for level, text in enumerate(levels, start=1):
                texts[f"hints/{lang}/{name} {level}/{len(levels)}"] = text.render(lang)
    return texts
