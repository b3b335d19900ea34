"""Kanazawa Precision's declaration (grader side): generator, files, sizes and the hidden holdout's
rows.

See :mod:`dxquest.cases.spec` for what a declaration gives; the learner's kernel never imports it.
"""

from dxquest.cases.defect_detection import business, reference
from dxquest.cases.defect_detection.data import load_data, load_validation_scores
from dxquest.cases.defect_detection.evaluation import holdout_task, image_auroc
from dxquest.cases.defect_detection.validation_scores import write_validation_scores
from dxquest.cases.spec import CaseSpec
from dxquest.synth.surface import make_surface_inspection
from dxquest.synth.surface_tables import write_surface_data


def operations_figures() -> dict:
    """Today's month and the month with the reference's threshold on the validation scores every
    learner designs with (notebook 03's result, on the learner's data), at the reference's costs
    of an escape and of a false alarm."""
    data = load_data()
    scores, labels = load_validation_scores()
    escape_yen = reference.escape_cost_yen(business.FACTS)
    false_alarm_yen = reference.false_alarm_cost_yen(business.FACTS)
    today = reference.as_is_month(data.parts, data.inspection_log, escape_yen)
    threshold = reference.choose_threshold(scores, labels, escape_yen, false_alarm_yen)
    after = reference.to_be_month(scores, labels, threshold, escape_yen)
    return {
        "inspector_hours_saved_per_month": today["inspection_hours"] - after["inspection_hours"],
        "monthly_cost_ai_yen": after["cost_yen"],
        "monthly_cost_inspectors_yen": today["cost_yen"],
    }


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary: the figures the marks reported for the reference's detectors,
    and the reference's operating figures."""
    trial = by_notebook.get("02_detection_trial", {})
    return {
        "reference": trial.get("image_auroc_learner"),
        "oracle": trial.get("image_auroc_oracle"),
        # The oracle averages over defect templates it draws: its AUROC's Monte-Carlo error.
        "oracle_stderr": trial.get("image_auroc_oracle_stderr"),
        "baseline": trial.get("image_auroc_baseline"),
        "skill": trial.get("image_auroc_skill"),
        "business": {
            "unsupervised_auroc": trial.get("unsupervised_auroc_learner"),
            "localisation_reference": trial.get("localisation_learner"),
            "localisation_oracle": trial.get("localisation_oracle"),
            "localisation_chance": trial.get("localisation_baseline"),
            **operations_figures(),
            "holdout": "hidden draw of 800 parts",
        },
    }


SPEC = CaseSpec(
    id="defect_detection",
    make=make_surface_inspection,
    write=write_surface_data,
    size={"n_parts": 2000, "image_size": 128, "defect_rate": 0.04, "contrast_to_noise": 4.0},
    # Enough defects (about 32) for AUROC, and the oracle stays fast.
    hidden_size={"n_parts": 800},
    ten_x_size={"n_parts": 20_000},
    notebook_metrics={"02_detection_trial": ("image AUROC", "image_auroc")},
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
    metric=image_auroc,
    derived_files=write_validation_scores,
)
