"""Case 1, Sakura Mart: demand forecasting and ordering (需要予測・在庫最適化).

What every case module offers the pipeline: ``build_public_data``, ``TEN_X_SIZE``,
``NOTEBOOK_METRICS`` and ``summarise_metrics``; notebooks import ``load_data`` and ``exercises``.
"""

import importlib

TEN_X_SIZE = {"n_stores": 100}
"""Ten times the learners' company, for the build-time benchmark."""

NOTEBOOK_METRICS = {
    "02_forecast_trial": ("WAPE", "forecast_wape"),
    "03_ordering_operations": ("cost ¥", "ordering_cost"),
}
"""Per notebook: the label and the prefix of the figures its hidden checks report."""


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


def __getattr__(name: str):
    # Lazy, because the generator imports this package's inventory module: importing the data
    # module here would make that import circular.
    if name in ("build_public_data", "load_data"):
        return getattr(importlib.import_module(f"{__name__}.data"), name)
    raise AttributeError(name)


__all__ = [
    "NOTEBOOK_METRICS",
    "TEN_X_SIZE",
    "build_public_data",
    "load_data",
    "summarise_metrics",
]
