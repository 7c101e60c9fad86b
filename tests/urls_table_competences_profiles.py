"""Rows of the URL table (tests/urls_table.py) for the competence module's profiles pages."""

from tests.urls_table import Answer, Case, Route, logged_in

COMPETENCES_PROFILES: dict[str, Route] = {
    "competences:index": Route((Case("profiles and rounds", get=logged_in(Answer.OK)),)),
}
