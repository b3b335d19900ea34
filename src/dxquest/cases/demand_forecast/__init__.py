"""Case 1, Sakura Mart: demand forecasting and ordering (需要予測・在庫最適化).

The case is declared in :data:`SPEC` (see :mod:`dxquest.cases.spec`), which the pipeline and the
benchmark read; notebooks import ``load_data`` and ``exercises``.
"""

from dxquest.cases.demand_forecast.evaluation import holdout_task
from dxquest.cases.spec import CaseSpec
from dxquest.synth.supermarket import (
    make_supermarket_sales,
    read_supermarket_data,
    write_supermarket_data,
)


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
    write=write_supermarket_data,
    read=read_supermarket_data,
    # The newest table: data built before the weather forecasts' archive existed is rebuilt.
    built_file="weather_forecasts.csv",
    size={"n_stores": 10, "n_items": 40, "start": "2023-12-01", "end": "2025-11-30"},
    ten_x_size={"n_stores": 100},
    notebook_metrics={
        "02_forecast_trial": ("WAPE", "forecast_wape"),
        "03_ordering_operations": ("cost ¥", "ordering_cost"),
    },
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
)
load_data = SPEC.load_data

__all__ = ["SPEC", "load_data"]
