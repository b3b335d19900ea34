"""Kanazawa Precision's declaration (grader side): generator, files, sizes and the hidden holdout's
rows.

See :mod:`dxquest.cases.spec` for what a declaration gives; the learner's kernel never imports it.
"""

from dxquest.cases.advance_orders.evaluation import holdout_task, wape
from dxquest.cases.spec import CaseSpec
from dxquest.synth.parts_orders import make_advance_orders
from dxquest.synth.tables import write_public_tables


def _ratio(a, b):
    return None if a is None or not b else round(a / b, 3)


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary from the figures the reference's hidden checks reported."""
    trial = by_notebook.get("02_forecast_trial", {})
    plan = by_notebook.get("03_plan_operations", {})
    by_horizon = {
        f"{h}_month{'s' if h > 1 else ''}_ahead": {
            role: trial.get(f"forecast_wape_h{h}_{figure}")
            for role, figure in (
                ("reference", "learner"),
                ("notice", "baseline"),
                ("oracle", "oracle"),
            )
        }
        for h in (1, 2, 3)
    }
    return {
        "reference": trial.get("forecast_wape_learner"),
        "oracle": trial.get("forecast_wape_oracle"),
        "baseline": trial.get("forecast_wape_baseline"),
        "skill": trial.get("forecast_wape_skill"),
        "business": {
            "wape_by_horizon": by_horizon,
            "reference_over_oracle": _ratio(
                trial.get("forecast_wape_learner"), trial.get("forecast_wape_oracle")
            ),
            "share_beats_notice": trial.get("share_beats_notice"),
            "share_half_notice_error": trial.get("share_half_notice_error"),
            "plan_cost_reference_yen_per_year": plan.get("plan_cost_learner"),
            "plan_cost_notice_yen_per_year": plan.get("plan_cost_baseline"),
            "plan_cost_oracle_yen_per_year": plan.get("plan_cost_oracle"),
            "plan_skill": plan.get("plan_cost_skill"),
            "yen_saved_per_year": plan.get("yen_saved_per_year"),
            "holdout": "6 hidden planning meetings (rolling origin), 1-3 months ahead",
        },
    }


SPEC = CaseSpec(
    id="advance_orders",
    make=make_advance_orders,
    write=write_public_tables,
    size={"n_customers": 6, "n_parts": 60, "start": "2022-12-01", "end": "2025-11-30"},
    ten_x_size={"n_customers": 8, "n_parts": 600},
    notebook_metrics={
        "02_forecast_trial": ("WAPE", "forecast_wape"),
        "03_plan_operations": ("cost ¥/year", "plan_cost"),
    },
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
    metric=wape,
)
