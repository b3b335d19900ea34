"""Do the similarity commands run on real notebooks: flag, clear, and measure?"""

import json
import shutil

from click.testing import CliRunner
from support.learners import LANG

from dxquest import paths
from dxquest.cli import main
from dxquest.similarity.decisions import CLEARED, FLAGGED
from dxquest.similarity.standing import NOT_FLAGGED, recorded_standing


def _learners(root, case):
    source, release = paths.notebooks_dir(case.id, LANG), paths.release_dir(case.id, LANG)
    for student, folder in (("paster", source), ("untouched", release)):
        (root / student).mkdir(parents=True)
        for nb in case.notebook_ids:
            shutil.copy(folder / f"{nb}.ipynb", root / student)
    return root


def test_a_reference_paste_is_flagged_then_cleared(case, tmp_path):
    submissions = _learners(tmp_path / "subs", case)
    command = ["cohort", "similarity", case.id, str(submissions), "--lang", LANG, "--json"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert [(f["student"], f["top_match"], f["status"]) for f in summary["flagged_learners"]] == [
        ("paster", "(reference)", "flagged")
    ]
    standing = recorded_standing(case.id, LANG)  # what completion reads
    assert (standing.of("paster"), standing.of("untouched")) == (FLAGGED, NOT_FLAGGED)
    cleared = CliRunner().invoke(
        main, ["cohort", "similarity-clear", case.id, "paster", "--note", "author", "--lang", LANG]
    )
    assert cleared.exit_code == 0, cleared.output
    again = json.loads(CliRunner().invoke(main, command).output)
    assert again["flagged_learners"][0]["status"] == "cleared"
    assert recorded_standing(case.id, LANG).of("paster") == CLEARED
    html = (paths.cohort_dir(case.id, LANG) / "similarity" / "similarity.html").read_text("utf-8")
    assert "paster" in html and "cleared" in html


def test_the_bench_reports_its_figures(case):
    result = CliRunner().invoke(main, ["bench-similarity", "--n", "30", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {"submissions", "planted_copies", "precision", "recall", "seconds"} <= set(figures)
    assert figures["submissions"] == 30 and figures["planted_copies"] == 3
