"""Case newcase, Komugi Bakery: forecasting tomorrow's bread (a template: rename and rewrite).

The case is declared in :data:`SPEC` (see :mod:`dxquest.cases.spec`), which the pipeline and the
benchmark read; notebooks import ``load_data`` and ``exercises``.
"""

from dxquest.cases.spec import CaseSpec

from .evaluation import holdout_task
from .generator import (
    make_bakery_sales,
    read_bakery_data,
    write_bakery_data,
)


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary from the figures the reference's hidden checks reported."""
    trial = by_notebook.get("01_bakery_forecast", {})
    return {
        role: trial.get(f"forecast_mae_{figure}")
        for role, figure in (
            ("reference", "learner"),
            ("oracle", "oracle"),
            ("baseline", "baseline"),
            ("skill", "skill"),
        )
    }


SPEC = CaseSpec(
    id="newcase",
    make=make_bakery_sales,
    write=write_bakery_data,
    read=read_bakery_data,
    built_file="sales.csv",
    size={"n_days": 364, "base": 60.0, "start": "2025-01-06"},
    ten_x_size={"n_days": 3640},
    notebook_metrics={"01_bakery_forecast": ("MAE loaves", "forecast_mae")},
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
)
load_data = SPEC.load_data

__all__ = ["SPEC", "load_data"]
