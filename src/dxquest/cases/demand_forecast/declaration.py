"""Sakura Mart's declaration (grader side): generator, files, sizes and the hidden holdout's rows.

See :mod:`dxquest.cases.spec` for what a declaration gives; the learner's kernel never imports it.
"""

from dxquest.cases.demand_forecast.evaluation import holdout_task
from dxquest.cases.demand_forecast.metrics import wape
from dxquest.cases.spec import CaseSpec
from dxquest.synth.supermarket import make_supermarket_sales
from dxquest.synth.tables import write_public_tables


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary from the figures the reference's hidden checks reported."""
    forecast = by_notebook.get("02_forecast_trial", {})
    ordering = by_notebook.get("03_ordering_operations", {})
    return {
        "reference": forecast.get("forecast_wape_learner"),
        "oracle": forecast.get("forecast_wape_oracle"),
        "baseline": forecast.get("forecast_wape_baseline"),
        "skill": forecast.get("forecast_wape_skill"),
        "business": {
            "ordering_cost_reference_yen": ordering.get("ordering_cost_learner"),
            "ordering_cost_oracle_yen": ordering.get("ordering_cost_oracle"),
            "ordering_cost_managers_yen": ordering.get("ordering_cost_baseline"),
            "ordering_skill": ordering.get("ordering_cost_skill"),
            "holdout": "2 hidden weeks, 10 stores",
        },
    }


SPEC = CaseSpec(
    id="demand_forecast",
    make=make_supermarket_sales,
    write=write_public_tables,
    size={"n_stores": 10, "n_items": 40, "start": "2023-12-01", "end": "2025-11-30"},
    ten_x_size={"n_stores": 100},
    notebook_metrics={
        "02_forecast_trial": ("WAPE", "forecast_wape"),
        "03_ordering_operations": ("cost ¥", "ordering_cost"),
    },
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
    metric=wape,
)
