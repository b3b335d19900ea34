from support.fixtures import case  # noqa: F401 (demand_forecast released once per session)
