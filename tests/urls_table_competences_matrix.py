"""Rows of the URL table (tests/urls_table.py) for the competence module's matrix pages."""

from tests.urls_table import Route

COMPETENCES_MATRIX: dict[str, Route] = {}
