"""Does a sandboxed kernel find matplotlib's font list built, instead of scanning the fonts?"""

from nbformat.v4 import new_code_cell, new_notebook

from dxquest.caseinfo import get_case
from dxquest.pipeline import ensure_public_data
from dxquest.sandbox.execute import SandboxedExecute
from dxquest.sandbox.policy import grading_policy

# matplotlib says so (at INFO) when it had to build the font list itself.
PROBE = """\
import io, logging
said = io.StringIO()
log = logging.getLogger("matplotlib.font_manager")
log.addHandler(logging.StreamHandler(said))
log.setLevel(logging.INFO)
import matplotlib.pyplot
from matplotlib import font_manager
names = {font.name for font in font_manager.fontManager.ttflist}
print("scanned" if "generated new fontManager" in said.getvalue() else "found", len(names) > 1)
"""


def test_a_kernel_finds_the_font_list_the_grader_built(build_dir):
    case = get_case("effort_prediction")
    ensure_public_data(case)
    executor = SandboxedExecute(
        policy=grading_policy(case).to_json(), case_id=case.id, lang="en", predictions_dir=""
    )
    executed, _ = executor.preprocess(new_notebook(cells=[new_code_cell(PROBE)]), {})
    (printed,) = [o["text"] for o in executed.cells[0].outputs if o["output_type"] == "stream"]
    assert printed.split() == ["found", "True"]
