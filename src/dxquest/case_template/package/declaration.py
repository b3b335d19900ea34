"""The case's declaration (grader side): generator, files, sizes and the hidden holdout's rows."""

from dxquest.cases.spec import CaseSpec

from .evaluation import holdout_task, mae
from .generator import make_bakery_sales
from .tables import write_bakery_data


def summarise_metrics(by_notebook: dict[str, dict]) -> dict:
    """The benchmark's case summary from the figures the marks reported for the reference."""
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
    size={"n_days": 364, "base": 60.0, "start": "2025-01-06"},
    ten_x_size={"n_days": 3640},
    notebook_metrics={"01_bakery_forecast": ("MAE loaves", "forecast_mae")},
    summarise_metrics=summarise_metrics,
    ai_task=holdout_task,
    metric=mae,
)
