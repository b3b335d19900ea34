"""Is material another build of the kit made (an upgrade, an edit) made again, and only then?"""

import json

from dxquest import kit_build, paths
from dxquest.caseinfo import get_case
from dxquest.exercise import CHECKS_FILE
from dxquest.marking import hidden_inputs_dir
from dxquest.pipeline import ensure_public_data

CASE = "advance_orders"  # the quickest data to build; every case's is built the same way


def _checks(case) -> dict:
    return json.loads((paths.data_dir(case.id) / CHECKS_FILE).read_text(encoding="utf-8"))


def test_data_another_build_of_the_kit_made_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "build"))
    case = get_case(CASE)
    ensure_public_data(case)
    first = _checks(case)
    assert first["kit"] == kit_build.fingerprint()
    ensure_public_data(case)
    assert _checks(case)["salt"] == first["salt"], "this build's data is kept"
    # As an older kit would have left it: its material names another build, or none.
    for older in ({**first, "kit": "0" * 64}, {k: v for k, v in first.items() if k != "kit"}):
        (paths.data_dir(case.id) / CHECKS_FILE).write_text(json.dumps(older), encoding="utf-8")
        ensure_public_data(case)
        again = _checks(case)
        assert again["kit"] == kit_build.fingerprint() and again["salt"] != older["salt"]


def test_unreadable_material_counts_as_not_made_by_this_kit(tmp_path):
    checks = tmp_path / CHECKS_FILE
    assert not kit_build.made_by_this_kit(checks)
    checks.write_text("{not json", encoding="utf-8")
    assert not kit_build.made_by_this_kit(checks)
    checks.write_text(json.dumps({"kit": kit_build.fingerprint()}), encoding="utf-8")
    assert kit_build.made_by_this_kit(checks)


def test_another_build_of_the_kit_cuts_its_own_hidden_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "build"))
    case = get_case(CASE)
    ensure_public_data(case)
    this_build = hidden_inputs_dir(case)
    monkeypatch.setattr(kit_build, "fingerprint", lambda: "f" * 64)
    other_build = hidden_inputs_dir(case)
    assert other_build != this_build and other_build.is_dir() and this_build.is_dir()
