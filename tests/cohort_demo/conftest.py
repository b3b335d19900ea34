from support.fixtures import case  # noqa: F401 (shared with the other cohort stages)
