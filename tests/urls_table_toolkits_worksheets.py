"""Rows of the URL table (tests/urls_table.py) for the toolkit engine's worksheets pages."""

from tests.urls_table import Route

WORKSHEETS: dict[str, Route] = {}
