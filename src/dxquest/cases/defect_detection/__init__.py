"""Case 2, Kanazawa Precision: automatic detection of defect locations (不良個所自動検出).

The case is declared in :data:`SPEC` (see :mod:`dxquest.cases.spec`), which the pipeline and the
benchmark read; notebooks import ``load_data`` and ``exercises``.
"""

from dxquest.cases.defect_detection.evaluation import holdout_task
from dxquest.cases.spec import CaseSpec
from dxquest.synth.surface import make_surface_inspection
from dxquest.synth.surface_tables import read_surface_data, write_surface_data


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


SPEC = CaseSpec(
    id="defect_detection",
    make=make_surface_inspection,
    write=write_surface_data,
    read=read_surface_data,
    built_file="images.npz",
    size={"n_parts": 2000, "image_size": 128, "defect_rate": 0.04, "contrast_to_noise": 4.0},
    # Enough defects (about 32) for AUROC, and the oracle stays fast.
    hidden_size={"n_parts": 800},
    ten_x_size={"n_parts": 20_000},
    notebook_metrics={
        "02_detection_trial": ("image AUROC", "image_auroc"),
        "03_inspection_operations": ("cost ¥/month", "inspection_cost"),
    },
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
)
load_data = SPEC.load_data

__all__ = ["SPEC", "load_data"]
