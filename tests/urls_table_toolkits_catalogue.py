"""Rows of the URL table (tests/urls_table.py) for the toolkit engine's catalogue pages."""

from tests.urls_table import Route

CATALOGUE: dict[str, Route] = {}
