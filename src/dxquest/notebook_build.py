"""Build ``.ipynb`` notebooks from the bilingual jupytext percent sources.

A markdown cell holds both languages, each block opened by a marker line::

    <!-- ja -->
    ## ビジネス課題
    <!-- en -->
    ## Business problem

Text before the first marker is shared by both languages. A cell with one language block and not
the other is an authoring error, so every learner-facing text exists in Japanese and English.

In code, a text the learner reads (a plot title, a printed label) is written ``ja_en("…", "…")``,
Japanese then English: the build keeps the chosen literal, so a notebook in one language holds no
sentence of the other. ``ja_en`` is not a function: a call the build did not rewrite fails. A
comment comes in two lines, ``# ja: …`` and ``# en: …``, of which the build keeps one as ``# …``.
The cell tagged ``parameters`` sets ``LANG``; the build writes the chosen language there (papermill
injects parameters the same way), so the exercise checkers speak the notebook's language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import nbformat

from dxquest.caseinfo import CaseInfo
from dxquest.figure_marks import unmarked
from dxquest.i18n import LANGUAGES, Msg
from dxquest.question_kinds import FREE_TEXT, KINDS, METADATA_KEY, declared_kind

_MARKER = re.compile(r"^<!--\s*(ja|en)\s*-->\s*$")
_LANG_ASSIGNMENT = re.compile(r'^LANG\s*=\s*["\'][a-z]+["\']\s*$', re.MULTILINE)
_BILINGUAL = "ja_en"
_COMMENT = re.compile(r"^(\s*)# (ja|en): ", re.MULTILINE)


class AuthoringError(ValueError):
    """A notebook source breaks a convention the build relies on."""


def select_language(markdown: str, lang: str, where: str = "", *, required: bool = False) -> str:
    """Keep the shared text and the ``lang`` block of a bilingual markdown text (a cell, or a
    whole file when the blocks are ``required``)."""
    shared: list[str] = []
    blocks: dict[str, list[str]] = {}
    current: list[str] = shared
    for line in markdown.splitlines():
        match = _MARKER.match(line.strip())
        if match:
            current = blocks.setdefault(match.group(1), [])
        else:
            current.append(line)
    if (blocks or required) and set(blocks) != set(LANGUAGES):
        missing = " and ".join(f"<!-- {m} -->" for m in sorted(set(LANGUAGES) - set(blocks)))
        raise AuthoringError(f"{where}: no text under {missing} (each language opens a block)")
    kept = shared + blocks.get(lang, [])
    # A figure's mark (dxquest.figure_marks) says where the code writes it: the reader needs the
    # figure only.
    return join_wrapped_japanese(unmarked("\n".join(kept).strip("\n")))


_CJK = re.compile("[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
_BLOCK_LINE = re.compile(r"^\s*(#|\||```)")


def join_wrapped_japanese(markdown: str) -> str:
    """``markdown`` with a line that ends in Japanese joined to a next line that starts in it.

    Sources wrap their lines at 100 characters; Markdown turns a line break inside a paragraph
    into a space, and browsers show it between Japanese characters (「余力があり、 捨てた」), where
    Japanese has none. A list item's continuation joins too; headings, table rows and code
    fences are left as they are."""
    lines: list[str] = []
    in_code = False
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        joins = (
            not in_code
            and lines
            and not _BLOCK_LINE.match(lines[-1])
            and _CJK.match(lines[-1][-1:])
            and _CJK.match(stripped[:1])
        )
        if stripped.startswith("```"):
            in_code = not in_code
        if joins:
            lines[-1] += stripped
        else:
            lines.append(line)
    return "\n".join(lines)


def select_code_language(code: str, lang: str, where: str = "") -> str:
    """Replace each ``ja_en(<Japanese literal>, <English literal>)`` in ``code`` by the ``lang``
    literal, as written (an f-string stays an f-string), and keep the ``lang`` comment lines."""
    commented = {m.group(2) for m in _COMMENT.finditer(code)}
    if commented and commented != set(LANGUAGES):
        raise AuthoringError(f"{where}: a '# ja:' comment needs its '# en:' line and back")
    code = "".join(
        line
        if not (found := _COMMENT.match(line))
        else (_COMMENT.sub(r"\1# ", line) if found.group(2) == lang else "")
        for line in code.splitlines(keepends=True)
    )
    calls = [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == _BILINGUAL
    ]
    if not calls:
        return code
    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:  # ast positions are UTF-8 byte offsets within a line
        starts.append(starts[-1] + len(line.encode()))
    encoded = code.encode()
    replaced = encoded
    for call in sorted(calls, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        texts = call.args
        if (
            call.keywords
            or len(texts) != 2
            or not all(isinstance(t, ast.Constant | ast.JoinedStr) for t in texts)
        ):
            raise AuthoringError(f"{where}: {_BILINGUAL}() takes a Japanese and an English literal")
        chosen = texts[LANGUAGES.index(lang)]
        kept = encoded[
            starts[chosen.lineno - 1] + chosen.col_offset : starts[chosen.end_lineno - 1]
            + chosen.end_col_offset
        ]
        begin = starts[call.lineno - 1] + call.col_offset
        end = starts[call.end_lineno - 1] + call.end_col_offset
        replaced = replaced[:begin] + kept + replaced[end:]
    return replaced.decode()


def build_notebook(source: Path, lang: str, case_id: str) -> nbformat.NotebookNode:
    """Read one percent-format source and return the notebook for ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    nb = jupytext.read(source, fmt="py:percent")
    parameter_cells = 0
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("lines_to_next_cell", None)
        where = f"{source.name} cell {index}"
        _check_kind(cell, where)
        if cell.cell_type == "markdown":
            cell.source = select_language(cell.source, lang, where)
            continue
        if cell.cell_type == "code":
            cell.source = select_code_language(cell.source, lang, where)
        if "parameters" in cell.metadata.get("tags", []):
            parameter_cells += 1
            if not _LANG_ASSIGNMENT.search(cell.source):
                raise AuthoringError(f"{where}: the parameters cell must assign LANG")
            cell.source = _LANG_ASSIGNMENT.sub(f'LANG = "{lang}"', cell.source)
    if parameter_cells != 1:
        raise AuthoringError(f"{source.name}: needs exactly one cell tagged 'parameters'")
    _let_run_all_go_on(nb)
    _say_how_work_is_checked(nb, lang)
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "dxquest": {"case": case_id, "notebook": source.stem, "lang": lang},
    }
    nbformat.validate(nb)
    return nb


def _check_kind(cell: nbformat.NotebookNode, where: str) -> None:
    """A graded cell declares what it asks of the learner (:mod:`dxquest.question_kinds`), so a
    case's points can be read by kind. A free-text answer is a graded markdown cell, and a graded
    markdown cell is a free-text answer."""
    nbgrader = cell.metadata.get("nbgrader", {})
    if not nbgrader.get("grade"):
        return
    kind = declared_kind(cell)
    where = f"{where} ({nbgrader.get('grade_id')})"
    if kind not in KINDS:
        raise AuthoringError(
            f"{where}: a graded cell declares its kind in its header, "
            f'{METADATA_KEY}={{"kind": "…"}}, one of {", ".join(KINDS)}; found {kind!r}'
        )
    if (kind == FREE_TEXT) != (cell.cell_type == "markdown"):
        raise AuthoringError(
            f"{where}: {FREE_TEXT} is the kind of a graded markdown cell, and of no other; "
            f"this {cell.cell_type} cell declares {kind!r}"
        )


HOW_WORK_IS_CHECKED = Msg(
    "**このノートブックの確かめ方**：各問題の下の自己チェック（`ex.<問題>.check(...)`）は、"
    "あなたのデータでの公開チェックだけを行います。ツールバーの **Validate** も公開テストだけです。"
    "採点では、見たことのないデータでの非公開テストも行われます。"
    "ヒントは `ex.<問題>.hint()` で表示できます。実行するたびに一段ずつ詳しくなりますが、"
    "答えそのものは出ません。",
    "**How your work is checked**: the self-check under each question (`ex.<question>.check(...)`) "
    "runs the public checks on your own data only, and so does **Validate** in the toolbar. "
    "Grading also runs hidden tests on data you have not seen. For a hint, run "
    "`ex.<question>.hint()`: each run goes one level further, and no hint gives the answer away.",
)


def _say_how_work_is_checked(nb: nbformat.NotebookNode, lang: str) -> None:
    """Under the notebook's title, what the self-check, Validate and the grader each check."""
    title = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), None)
    if title is not None:
        nb.cells.insert(title + 1, nbformat.v4.new_markdown_cell(HOW_WORK_IS_CHECKED.render(lang)))


def _defined(tree: ast.Module) -> set[str]:
    """The names a cell defines at its top level (functions, classes, assignments)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _let_run_all_go_on(nb: nbformat.NotebookNode) -> None:
    """Tag ``raises-exception`` every cell that fails while a question is unanswered or wrong:
    the tests, and the cells that use an answer or what a cell made from one. JupyterLab's Run All
    then goes on past them, so a learner reads the whole notebook before answering; the cells still
    end in their error, which Validate and the grader count."""
    from_answers: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        nbgrader = cell.metadata.get("nbgrader", {})
        tree = ast.parse(cell.source)
        if nbgrader.get("solution"):
            from_answers |= _defined(tree)
            continue
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        if nbgrader.get("grade") or used & from_answers:
            from_answers |= _defined(tree)
            tags = cell.metadata.setdefault("tags", [])
            if "raises-exception" not in tags:
                tags.append("raises-exception")


def build_case_notebooks(case: CaseInfo, lang: str, out_dir: Path) -> list[Path]:
    """Write every notebook of ``case`` in ``lang`` to ``out_dir``; returns their paths in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for info in case.notebooks:
        nb = build_notebook(info.source_path(case.directory), lang, case.id)
        target = out_dir / f"{info.id}.ipynb"
        nbformat.write(nb, target)
        written.append(target)
    return written
