"""Learner-facing text uses the glossary's words (``docs/glossary.md``), not the jargon it lists."""

import re
from pathlib import Path

from dxquest import paths

GLOSSARY = paths.PROJECT_ROOT / "docs" / "glossary.md"


def _jargon() -> dict[str, str]:
    """The glossary's "instead of → write" table, for the Japanese phrases it rules out."""
    table = GLOSSARY.read_text(encoding="utf-8").split("## Plain words instead of jargon")[1]
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", table, flags=re.MULTILINE)
    return {
        wrong: right
        for wrong, right in rows
        if wrong not in ("instead of", "---")
        and re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff]+", wrong)
    }


def _learner_facing() -> list[Path]:
    roots = [paths.CASES_DIR, paths.DATASETS_DIR, paths.PROJECT_ROOT / "src" / "dxquest"]
    return [p for r in roots for p in r.rglob("*") if p.suffix in (".py", ".md", ".toml")]


def test_the_glossary_rules_out_the_jargon_the_issue_names():
    assert {"オラクル", "ホールドアウト", "リーケージ", "勝ちます"} <= set(_jargon())


def test_no_learner_facing_text_uses_the_jargon():
    jargon = _jargon()
    found = [
        f"{path.relative_to(paths.PROJECT_ROOT)}:{number}: {wrong} (write {jargon[wrong]})"
        for path in _learner_facing()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for wrong in jargon
        if wrong in line
    ]
    assert not found, "\n".join(found)
