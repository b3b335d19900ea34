"""Do the reference detectors pass their questions, public and hidden, with the figures the
benchmark and the cohort leaderboard read? Each trains on the learner's data: slow."""

import json
import os

import pytest
from checker_tests import ensure_built

from dxquest.cases.defect_detection import exercises as ex
from dxquest.cases.defect_detection import reference
from dxquest.cases.defect_detection.data import load_data, validation_split
from dxquest.cases.defect_detection.declaration import SPEC, summarise_metrics
from dxquest.holdout_predictions import keys_sha256
from dxquest.marking import judge_answer

pytestmark = pytest.mark.slow

CASE = "defect_detection"


@pytest.fixture(scope="module")
def reported(build_dir, tmp_path_factory):
    """The reference's answers to the three detector questions, graded public and hidden; their
    verdicts, and the figures their marks reported (as the benchmark collects them)."""
    ensure_built(CASE)
    ex.setup("en")
    data = load_data()
    train, _ = validation_split(data)
    products = data.parts["product"].to_numpy()
    detect = reference.fit_patch_classifier(data.images[train], products[train], data.masks[train])
    answers = {
        "anomaly_detector": reference.anomaly_scores,
        "defect_detector": detect,
        "defect_localisation": detect,
    }
    metrics_file = tmp_path_factory.mktemp("metrics") / "02.jsonl"
    os.environ["DXQUEST_METRICS_FILE"] = str(metrics_file)
    try:
        verdicts = {}
        for name, answer in answers.items():
            getattr(ex, name).grade(answer)  # the public checks pass
            verdicts[name] = judge_answer(CASE, name, answer)
    finally:
        os.environ.pop("DXQUEST_METRICS_FILE")
        ex.setup("ja")
    lines = metrics_file.read_text(encoding="utf-8").splitlines()
    return verdicts, {m["name"]: m["value"] for m in map(json.loads, lines)}


@pytest.mark.parametrize("name", ["anomaly_detector", "defect_detector", "defect_localisation"])
def test_the_reference_passes_the_hidden_check(name, reported):
    verdicts, _ = reported
    assert verdicts[name].passed, verdicts[name].message


def test_only_the_supervised_detector_goes_to_the_leaderboard(reported):
    verdicts, _ = reported
    bundle = verdicts["defect_detector"].leaderboard
    assert bundle["keys_sha256"] == keys_sha256(SPEC.hidden_task().holdout.keys)
    assert verdicts["anomaly_detector"].leaderboard is None
    assert verdicts["defect_localisation"].leaderboard is None


def test_the_benchmark_summary_finds_every_figure_the_marks_report(reported):
    _, figures = reported
    summary = summarise_metrics({"02_detection_trial": figures})
    assert all(value is not None for value in summary.values())
    assert all(value is not None for value in summary["business"].values())
    assert summary["oracle"] > summary["reference"] > summary["baseline"]
