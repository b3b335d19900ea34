"""Case 2, Kanazawa Precision: automatic detection of defect locations (不良個所自動検出).

What every case module offers the pipeline: ``build_public_data``, ``TEN_X_SIZE``,
``NOTEBOOK_METRICS`` and ``summarise_metrics``; notebooks import ``load_data`` and ``exercises``.
"""

from dxquest.cases.defect_detection.data import build_public_data, load_data

TEN_X_SIZE = {"n_parts": 20_000}
"""Ten times the learners' images, for the build-time benchmark."""

NOTEBOOK_METRICS = {
    "02_detection_trial": ("image AUROC", "image_auroc"),
    "03_inspection_operations": ("cost ¥/month", "inspection_cost"),
}
"""Per notebook: the label and the prefix of the figures its hidden checks report."""


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary from the figures the reference's hidden checks reported."""
    trial = by_notebook.get("02_detection_trial", {})
    operations = by_notebook.get("03_inspection_operations", {})
    return {
        "reference": trial.get("image_auroc_learner"),
        "oracle": trial.get("image_auroc_oracle"),
        "baseline": trial.get("image_auroc_baseline"),
        "skill": trial.get("image_auroc_skill"),
        "business": {
            "unsupervised_auroc": trial.get("unsupervised_auroc_learner"),
            "localisation_reference": trial.get("localisation_learner"),
            "localisation_oracle": trial.get("localisation_oracle"),
            "localisation_chance": trial.get("localisation_baseline"),
            "inspector_hours_saved_per_month": operations.get("hours_saved_per_month"),
            "monthly_cost_ai_yen": operations.get("inspection_cost_learner"),
            "monthly_cost_inspectors_yen": operations.get("inspection_cost_baseline"),
            "holdout": "hidden draw of 800 parts",
        },
    }


__all__ = [
    "NOTEBOOK_METRICS",
    "TEN_X_SIZE",
    "build_public_data",
    "load_data",
    "summarise_metrics",
]
