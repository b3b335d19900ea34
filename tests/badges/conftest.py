from support.fixtures import (  # noqa: F401 (fixtures shared with the other cohort stages)
    forecast_case,
    forecast_cells,
    forecast_template,
)
