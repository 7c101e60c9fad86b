"""Rows of the URL table (tests/urls_table.py) for the toolkit engine's runs pages."""

from tests.urls_table import Route

RUNS: dict[str, Route] = {}
