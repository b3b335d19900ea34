"""Hibari Printing's declaration (grader side): generator, files, sizes and the hidden holdout's
rows.

See :mod:`dxquest.cases.spec` for what a declaration gives; the learner's kernel never imports it.
"""

from dxquest.cases.effort_prediction.business import REFERENCE_HOURS_SAVED_PER_MONTH
from dxquest.cases.effort_prediction.evaluation import holdout_task
from dxquest.cases.effort_prediction.metrics import mae
from dxquest.cases.spec import CaseSpec
from dxquest.synth.printing import make_print_jobs
from dxquest.synth.tables import write_public_tables


def _ratio(a, b):
    return None if a is None or not b else round(a / b, 3)


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary from the figures the reference's hidden checks reported."""
    est = by_notebook.get("02_estimation_trial", {})
    plan = by_notebook.get("03_schedule_operations", {})
    return {
        "reference": est.get("estimate_mae_learner"),
        "oracle": est.get("estimate_mae_oracle"),
        "baseline": est.get("estimate_mae_baseline"),
        "skill": est.get("estimate_mae_skill"),
        "business": {
            "reference_over_oracle": _ratio(
                est.get("estimate_mae_learner"), est.get("estimate_mae_oracle")
            ),
            "reference_over_foreman": _ratio(
                est.get("estimate_mae_learner"), est.get("estimate_mae_baseline")
            ),
            "interval_coverage": est.get("interval_coverage"),
            "interval_width_h": est.get("interval_width"),
            "oracle_interval_width_h": est.get("interval_oracle_width"),
            "plan_cost_reference_yen_per_month": plan.get("plan_cost_learner"),
            "plan_cost_foreman_yen_per_month": plan.get("plan_cost_baseline"),
            "plan_cost_oracle_yen_per_month": plan.get("plan_cost_oracle"),
            "plan_skill": plan.get("plan_cost_skill"),
            "hours_saved_per_month": plan.get("hours_saved_per_month"),
            "overtime_idle_hours_per_month_foreman": plan.get("overtime_idle_hours_baseline"),
            "overtime_idle_hours_per_month_reference": plan.get("overtime_idle_hours_learner"),
            "overtime_idle_hours_per_month_oracle": plan.get("overtime_idle_hours_oracle"),
            "real_project_hours_saved_per_month": REFERENCE_HOURS_SAVED_PER_MONTH,
            "holdout": "last 12 hidden months, two 6-month windows (rolling origin)",
        },
    }


SPEC = CaseSpec(
    id="effort_prediction",
    make=make_print_jobs,
    write=write_public_tables,
    size={"n_jobs": 3600, "n_operators": 8, "start": "2022-12-01", "end": "2025-11-30"},
    ten_x_size={"n_jobs": 36_000, "n_operators": 80},
    notebook_metrics={
        "02_estimation_trial": ("MAE h", "estimate_mae"),
        "03_schedule_operations": ("cost ¥/month", "plan_cost"),
    },
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
    metric=mae,
)
