"""Helpers and fixtures shared by the tests of the cohort stages."""
