"""Does the learner's day work in a real browser?

``dxquest lab`` starts JupyterLab on a temporary working folder with demand_forecast's release;
Debian's Chromium, driven by Playwright, opens it, answers the first question through the editor,
makes a hurried learner's mistake, asks for the hint, answers, runs all cells to the end and presses
nbgrader's Validate, in Japanese and in English. Every assertion is on what the page shows;
screenshots land in ``$DXQUEST_ARTIFACTS_DIR/screenshots/learner-<lang>/`` (CI keeps them) or the
test's temporary folder, and are named in failures.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dxquest.caseinfo import get_case
from dxquest.i18n import LANGUAGES
from dxquest.lab import VALIDATE_NOTE, layout_name

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Debian's Chromium here; DXQUEST_CHROMIUM names another build where Debian's is not to be had (the
# GitHub workflow points it at Playwright's, since Ubuntu ships Chromium only as a snap).
CHROMIUM = Path(os.environ.get("DXQUEST_CHROMIUM", "/usr/bin/chromium"))
MENU_WORDS = {
    "ja": {"file": "ファイル", "run": "実行", "run_all": "すべてのセルを実行"},
    "en": {"file": "File", "run": "Run", "run_all": "Run All Cells"},
}
BROWSER_LOCALES = {"ja": "ja-JP", "en": "en-GB"}
# The kit's status glyphs and the characters its messages use.
STATUS_GLYPHS = "○✓✗⚠→×÷"
# A hurried learner's first try at question 1: duplicates dropped, the item codes left broken.
FORGETS_THE_ITEM_CODES = """def clean_sales(sales, items):
    return sales.drop_duplicates().reset_index(drop=True)
"""
# The reference answer to demand_forecast's first question, typed as a learner would.
CLEAN_SALES_ANSWER = """def clean_sales(sales, items):
    cleaned = sales.drop_duplicates().copy()
    unknown = ~cleaned["item_id"].isin(items["item_id"])
    cleaned.loc[unknown, "item_id"] = cleaned.loc[unknown, "item_id"].str.removesuffix("N")
    return cleaned.reset_index(drop=True)
"""
SECONDS = 1000  # Playwright counts milliseconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _isolated_jupyter_env(home: Path, token: str) -> dict[str, str]:
    """A fresh HOME and Jupyter folders, so the user's settings neither leak in nor get written."""
    settings = home / "lab-user-settings"
    # Every cell stays in the page (JupyterLab otherwise renders only the cells in view).
    notebook_settings = settings / "@jupyterlab" / "notebook-extension"
    notebook_settings.mkdir(parents=True)
    (notebook_settings / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"})
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "DXQUEST_COHORT"))}
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTER_TOKEN=token,
        DXQUEST_BUILD_DIR=os.environ["DXQUEST_BUILD_DIR"],
        OMP_WAIT_POLICY="passive",
    )
    return env


def _wait_until_serving(process: subprocess.Popen, url: str, log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dxquest lab exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer {url} within {limit:.0f} s:\n{log.read_text()}")


@contextlib.contextmanager
def _running_lab(case_id: str, lang: str, root: Path) -> Iterator[dict]:
    """``dxquest lab`` on ``case_id`` in a temporary working folder ``root``; always shut down
    with its kernels."""
    case = get_case(case_id)
    token = secrets.token_hex(16)
    port = _free_port()
    log = root / "jupyterlab.log"
    env = _isolated_jupyter_env(root / "home", token)
    command = [
        str(Path(sys.executable).parent / "dxquest"),
        "lab",
        "--case",
        case.id,
        "--lang",
        lang,
        "--dir",
        str(root / "work"),
        "--port",
        str(port),
        "--no-browser",
    ]
    with open(log, "wb") as out:
        # A session of its own: teardown stops JupyterLab and every kernel it started, nothing else.
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}"
        # The first start builds the data and the release before JupyterLab listens.
        _wait_until_serving(process, f"{base}/api/status?token={token}", log, limit=240)
        yield {
            "case": case,
            "lang": lang,
            "base": base,
            "token": token,
            "root": root / "work",
            "log": log,
        }
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module", params=LANGUAGES)
def lab(request, build_dir, tmp_path_factory) -> Iterator[dict]:
    """``dxquest lab`` on demand_forecast (the case whose answers are typed above), in each
    language."""
    with _running_lab("demand_forecast", request.param, tmp_path_factory.mktemp("learner")) as lab:
        yield lab


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright; a browser that cannot start fails the test loudly."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        pytest.fail(f"playwright is not installed (pip install -e '.[test]'): {error}")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`bash run.sh test` does)")
    with sync_playwright() as playwright:
        try:
            # The sandbox needs user namespaces that root in a container does not have.
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
        except Exception as error:
            pytest.fail(f"Chromium at {CHROMIUM} could not start: {error}")
        yield chromium
        chromium.close()


class Steps:
    """Named steps of the learner's day: a screenshot after each, and one named in any failure."""

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.count = 0

    @contextlib.contextmanager
    def step(self, name: str):
        self.count += 1
        shot = self.folder / f"{self.count:02d}-{name}.png"
        try:
            yield
        except Exception as error:
            self.page.screenshot(path=shot.with_stem(shot.stem + "-FAILED"), full_page=True)
            raise AssertionError(
                f"step '{name}' failed (screenshot: {shot.with_stem(shot.stem + '-FAILED')}): "
                f"{error}"
            ) from error
        self.page.screenshot(path=shot)


def _code_cell(page, containing: str):
    return page.locator(".jp-CodeCell", has=page.locator(".cm-content", has_text=containing))


def _printed(cell):
    return cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]')


def _wait_for_kernel_idle(page, timeout: float) -> None:
    """The notebook's kernel started and idle. The toolbar's indicator says idle before a kernel
    is connected ("No Kernel" in the status bar): a Run All sent then ran no cell."""
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')];
            const busy = prompts.some(p => p.textContent.includes('*'));
            const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
            const bar = document.getElementById('jp-main-statusbar');
            return !busy && status && status.getAttribute('data-status') === 'idle'
                && bar && bar.textContent.includes('(ipykernel)');
        }""",
        timeout=timeout,
    )


def _type_into(page, cell, code: str) -> None:
    """Replace a cell's code, as a learner's paste would (no auto-indent)."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


def _run_all(page, words: dict[str, str]) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=words["run"]).first.click()
    page.get_by_role("menuitem", name=words["run_all"], exact=True).click()


def _tofu(page, glyphs: str) -> list[str]:
    """The glyphs the page draws like a character no font has (a box), in its output font."""
    return page.evaluate(
        """(glyphs) => {
            const pre = document.querySelector('.jp-OutputArea-output pre');
            const family = getComputedStyle(pre).fontFamily;
            const canvas = document.createElement('canvas');
            canvas.width = 48; canvas.height = 48;
            const pen = canvas.getContext('2d');
            const draw = (ch) => {
                pen.clearRect(0, 0, 48, 48);
                pen.font = `32px ${family}`;
                pen.fillText(ch, 4, 38);
                return pen.getImageData(0, 0, 48, 48).data.join(',');
            };
            const box = draw('\\u{10FFFD}');  // a private-use character: no font draws it
            const blank = draw(' ');
            return [...glyphs].filter(ch => [box, blank].includes(draw(ch)));
        }""",
        glyphs,
    )


def _screenshot_folder(lang: str, tmp_path: Path, prefix: str = "learner") -> Path:
    """Where the screenshots go: CI names a folder it keeps (``DXQUEST_ARTIFACTS_DIR``), one folder
    per test (``prefix``) and language; elsewhere the test's temporary folder."""
    artifacts = os.environ.get("DXQUEST_ARTIFACTS_DIR")
    if not artifacts:
        return tmp_path
    folder = Path(artifacts) / "screenshots" / f"{prefix}-{lang}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_server_offers_validate_but_not_formgrader(lab):
    """nbgrader's learner server extensions answer; the instructor's formgrader does not."""
    from nbgrader import __version__ as nbgrader_version

    token = f"token={lab['token']}"
    assert _http_status(f"{lab['base']}/nbgrader_version?version={nbgrader_version}&{token}") == 200
    assert _http_status(f"{lab['base']}/courses?{token}") == 200  # assignment_list
    assert _http_status(f"{lab['base']}/formgrader?{token}") == 404


def test_first_notebook_of_the_first_case_in_jupyterlab(lab, browser, tmp_path):
    from playwright.sync_api import expect

    from dxquest.cases.demand_forecast import exercises
    from dxquest.exercise import FAILED, NOT_ATTEMPTED, PUBLIC_PASSED
    from dxquest.hints import FIRST_PROMPT, hint_text

    case, lang = lab["case"], lab["lang"]
    words = MENU_WORDS[lang]
    first_notebook = f"{case.notebook_ids[0]}.ipynb"
    readme_title = (lab["root"] / case.id / "README.md").read_text(encoding="utf-8")
    readme_title = readme_title.splitlines()[0].lstrip("# ").strip()
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale=BROWSER_LOCALES[lang])
    page.set_default_timeout(60 * SECONDS)
    expect.set_options(timeout=30 * SECONDS)  # a 2-core machine shared with kernels is slow
    shots = _screenshot_folder(lang, tmp_path)
    steps = Steps(page, shots)
    print(f"screenshots: {shots}")

    with steps.step("opens-readme-and-first-notebook"):
        # The root URL: JupyterLab redirects to the layout dxquest lab prepared.
        page.goto(f"{lab['base']}/?token={lab['token']}")
        expect(page).to_have_url(f"{lab['base']}/lab/workspaces/{layout_name(case)}", timeout=1)
        # The README's title is what the learner sees first. Matched by its text, not as the page's
        # first heading: the notebook opened behind it may come first in the page.
        readme_heading = page.locator(".jp-RenderedMarkdown h1", has_text=readme_title)
        expect(readme_heading).to_be_visible()
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=first_notebook)
        expect(tab).to_be_visible()
        tab.click()
        _wait_for_kernel_idle(page, timeout=60 * SECONDS)
        # JupyterLab's menus speak the release's language (the Japanese language pack).
        menu_bar = page.locator(".lm-MenuBar-itemLabel")
        expect(menu_bar.first).to_have_text(words["file"])
        # The lab asks nothing about Jupyter itself (its news toast is off in the learner's lab).
        expect(page.get_by_text("Jupyter news")).to_have_count(0)
        # nbgrader's learner tools are there, the instructor's are not.
        expect(page.get_by_role("button", name="Validate")).to_be_visible()
        page.get_by_text("Nbgrader", exact=True).click()
        expect(page.get_by_role("menuitem", name="Assignment List")).to_be_visible()
        expect(page.get_by_role("menuitem", name="Formgrader")).to_have_count(0)
        page.keyboard.press("Escape")

    answer_cell = _code_cell(page, "def clean_sales")
    self_check = _code_cell(page, "ex.clean_sales.check(clean_sales)")
    with steps.step("a-wrong-answer-gets-one-message-and-a-way-to-a-hint"):
        _type_into(page, answer_cell, FORGETS_THE_ITEM_CODES)
        _run_all(page, words)
        printed = _printed(self_check)
        expect(printed).to_contain_text(FAILED.render(lang).strip(), timeout=120 * SECONDS)
        _wait_for_kernel_idle(page, timeout=120 * SECONDS)
        hints = exercises.clean_sales.hints
        prompt = FIRST_PROMPT.format(name="ex.clean_sales", total=len(hints.levels)).render(lang)
        expect(printed).to_contain_text(prompt)
        # One message: the self-check's, and no traceback under it.
        expect(self_check.locator(".jp-OutputArea-output")).to_have_count(1)
        expect(self_check).not_to_contain_text("Traceback")

    with steps.step("asks-for-the-hint"):
        self_check.locator(".jp-InputArea-prompt").click()  # select the cell, command mode
        page.keyboard.press("b")  # a new cell below it
        page.keyboard.press("Enter")
        page.keyboard.insert_text("ex.clean_sales.hint()")
        page.keyboard.press("Shift+Enter")
        hint = _code_cell(page, "ex.clean_sales.hint()")
        expect(_printed(hint)).to_contain_text(hint_text(hints, 1).render(lang))

    with steps.step("answers-question-1-in-the-editor"):
        _type_into(page, answer_cell, CLEAN_SALES_ANSWER)
        expect(answer_cell.locator(".cm-content")).to_contain_text("removesuffix")

    with steps.step("runs-all-cells-to-the-end"):
        _run_all(page, words)
        expect(_printed(self_check)).to_contain_text(
            PUBLIC_PASSED.render(lang), timeout=120 * SECONDS
        )
        _wait_for_kernel_idle(page, timeout=120 * SECONDS)
        # The verdict stands alone: no return value echoed under it.
        expect(self_check.locator(".jp-OutputArea-executeResult")).to_have_count(0)
        # The next, unanswered question says so, and nothing claims every test passed.
        next_check = _code_cell(page, "ex.annual_waste_cost.check(annual_waste_cost)")
        expect(_printed(next_check)).to_contain_text(NOT_ATTEMPTED.render(lang).split("`")[0])
        # Run All went on past the open questions' tests to the last cell, and each open test
        # says so in one line, with no traceback into the kit.
        last_prompt = page.locator(".jp-CodeCell .jp-InputArea-prompt").last
        expect(last_prompt).to_have_text(re.compile(r"\[\d+\]"))
        open_test = _code_cell(page, "ex.annual_waste_cost.grade(annual_waste_cost)")
        error = open_test.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        expect(error).to_have_text(re.compile(r"^\s*" + re.escape(NOT_ATTEMPTED.render(lang)[:12])))
        expect(error).not_to_contain_text("Traceback")
        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert not any("all tests passed" in text.lower() for text in outputs)
        # The plot rendered, with no glyph missing from the font of its labels.
        expect(page.locator(".jp-RenderedImage img").first).to_be_visible()
        assert not any("missing from font" in text for text in outputs), outputs
        # The status glyphs are drawn, not boxes, with the fonts the machine has.
        assert _tofu(page, STATUS_GLYPHS) == [], "glyphs drawn as boxes"
        self_check.scroll_into_view_if_needed()  # the screenshot shows the verdict

    with steps.step("validates-with-nbgrader"):
        page.get_by_role("button", name="Validate").click()
        dialog = page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("Validation Results", timeout=120 * SECONDS)
        body = dialog.locator(".jp-Dialog-body")
        # Question 1 passes nbgrader's visible test; the unanswered ones fail it.
        expect(body).to_contain_text("The following cell failed:")
        expect(body).to_contain_text("ex.annual_waste_cost.grade(annual_waste_cost)")
        expect(body).not_to_contain_text("ex.clean_sales.grade(clean_sales)")
        expect(body).not_to_contain_text("passes all the tests")
        expect(body.locator(".dxquest-validate-note")).to_have_count(0)
        dialog.get_by_role("button").last.click()

    with steps.step("the-kit-notes-what-validate-success-means"):
        # nbgrader marks a passing notebook's dialog body .validation-success; the kit's plugin
        # adds its line there. A whole notebook passing takes minutes, so the body is planted.
        page.evaluate(
            """() => { const body = document.createElement('div');
                       body.id = 'planted'; body.className = 'validation-success';
                       document.body.append(body); }"""
        )
        expect(page.locator("#planted .dxquest-validate-note")).to_have_text(
            VALIDATE_NOTE.render(lang)
        )


# The advance-notice case's first answer, typed as a learner would.
MONTHLY_ORDERS_ANSWER = """def current_numbers(parts):
    renamed = parts.dropna(subset=["former_part_id"])
    mapping = dict(zip(parts["part_id"], parts["part_id"]))
    mapping.update(zip(renamed["former_part_id"], renamed["part_id"]))
    return mapping


def monthly_orders(orders, parts):
    part = orders["part_id"].map(current_numbers(parts))
    month = orders["delivery_date"].dt.strftime("%Y-%m").rename("month")
    table = orders.groupby([part, month])["quantity"].sum().reset_index()
    return table.sort_values(["part_id", "month"]).reset_index(drop=True)
"""


@pytest.fixture(scope="module")
def advance_lab(build_dir, tmp_path_factory) -> Iterator[dict]:
    """``dxquest lab`` on the advance-notice case, in Japanese (once: the first case covers both
    languages)."""
    with _running_lab("advance_orders", "ja", tmp_path_factory.mktemp("advance")) as lab:
        yield lab


def test_the_advance_notice_case_opens_and_checks_itself(advance_lab, browser, tmp_path):
    """Its first notebook opens in JupyterLab, an answer typed into the editor runs, and its
    self-check passes, with the plot drawn."""
    from playwright.sync_api import expect

    from dxquest.exercise import PUBLIC_PASSED

    case, lang = advance_lab["case"], advance_lab["lang"]
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale=BROWSER_LOCALES[lang])
    page.set_default_timeout(60 * SECONDS)
    expect.set_options(timeout=30 * SECONDS)
    steps = Steps(page, _screenshot_folder(lang, tmp_path, prefix=case.id))

    with steps.step("opens-the-first-notebook"):
        page.goto(f"{advance_lab['base']}/?token={advance_lab['token']}")
        first_notebook = f"{case.notebook_ids[0]}.ipynb"
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=first_notebook)
        expect(tab).to_be_visible()
        tab.click()
        _wait_for_kernel_idle(page, timeout=60 * SECONDS)

    answer_cell = _code_cell(page, "def monthly_orders")
    self_check = _code_cell(page, "ex.monthly_orders.check(monthly_orders)")
    with steps.step("answers-question-1-and-checks-it"):
        _type_into(page, answer_cell, MONTHLY_ORDERS_ANSWER)
        _run_all(page, MENU_WORDS[lang])
        expect(_printed(self_check)).to_contain_text(
            PUBLIC_PASSED.render(lang), timeout=120 * SECONDS
        )
        _wait_for_kernel_idle(page, timeout=120 * SECONDS)
        expect(self_check).not_to_contain_text("Traceback")
        expect(page.locator(".jp-RenderedImage img").first).to_be_visible()
        # The screenshot shows the verdict. Run All leaves the last cell active, and JupyterLab
        # keeps the active cell in view: the self-check is made the active cell (its prompt
        # clicked, as a learner would), then its verdict scrolled to.
        self_check.locator(".jp-InputPrompt").click()
        _printed(self_check).scroll_into_view_if_needed()
        expect(_printed(self_check)).to_be_in_viewport()
