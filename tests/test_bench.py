"""Does ``dxquest bench`` work on a fresh machine, where no case's data is built yet?"""

from dxquest.bench import bench_case
from dxquest.scaffold import case_outside


def test_bench_builds_the_data_its_reference_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("DXQUEST_BUILD_DIR", str(tmp_path / "fresh-build"))
    with case_outside(tmp_path / "case", "bench_bakery") as case:
        figures = bench_case(case, "en", ten_x_build=False)
    assert figures["reference"] is not None
    assert figures["seconds"]["case_total"] > 0
    # Its one notebook alone: the case takes that notebook's run and the process starting it.
    assert figures["seconds"]["case_wall"] >= figures["seconds"]["case_total"]
