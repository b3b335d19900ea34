from support.fixtures import postgres_url  # noqa: F401 (shared with the other cohort stages)
