"""Rows of the URL table (tests/urls_table.py) for the competence module's rounds pages."""

from tests.urls_table import Route

COMPETENCES_ROUNDS: dict[str, Route] = {}
