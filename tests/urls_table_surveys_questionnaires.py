"""Rows of the URL table (tests/urls_table.py) for the survey module's start page and its
questionnaire pages.

Two questionnaires: the library's participant survey (loaded from content/surveys, read by
every logged-in user) and an own questionnaire of municipality A (a copy of the library's
course evaluation), which only those with detail access to municipality A read — bob's team
sits below it, fiona follows it as key figures only. Importing and copying need a survey
role somewhere (leader, administrator, development consultant, facilitator).
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.surveys.definition import from_json
from trinvis.surveys.library import questionnaires_load
from trinvis.surveys.models import Questionnaire
from trinvis.surveys.services import questionnaire_create

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
NOT_ALLOWED = Answer.NOT_ALLOWED

OWN_TITLE = "Course evaluation of municipality A"


def library_questionnaire(world: "World") -> Questionnaire:
    questionnaires_load()
    return Questionnaire.objects.get(organisation__isnull=True, slug="participant-survey")


def own_questionnaire(world: "World") -> Questionnaire:
    found = Questionnaire.objects.filter(organisation=world.municipality_a, title=OWN_TITLE).first()
    if found is not None:
        return found
    questionnaires_load()
    library = Questionnaire.objects.get(organisation__isnull=True, slug="course-evaluation")
    definition = from_json({**library.definition, "title": OWN_TITLE})
    return questionnaire_create(
        by=world.alice, organisation=world.municipality_a, definition=definition, based_on=library
    )


def _library(world: "World") -> dict[str, Any]:
    return {"pk": library_questionnaire(world).pk}


def _own(world: "World") -> dict[str, Any]:
    return {"pk": own_questionnaire(world).pk}


def _missing(world: "World") -> dict[str, Any]:
    return {"pk": 999_999}


# Municipality A's own questionnaire: its leader and the platform admin.
_OWN = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Import and copy: a survey role somewhere; employees get 403.
_SURVEY_ROLE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)

SURVEYS_QUESTIONNAIRES: dict[str, Route] = {
    "surveys:index": Route((Case("start page", get=logged_in(OK)),)),
    "surveys:questionnaire_detail": Route(
        (
            Case("library questionnaire", kwargs=_library, get=logged_in(OK)),
            Case("own questionnaire of municipality A", kwargs=_own, get=_OWN),
            Case("no such questionnaire", kwargs=_missing, get=logged_in(NOT_FOUND)),
        )
    ),
    "surveys:questionnaire_export": Route(
        (
            Case("library questionnaire", kwargs=_library, get=logged_in(OK), html=False),
            Case("own questionnaire of municipality A", kwargs=_own, get=_OWN, html=False),
        )
    ),
    # An empty form: the page comes back with the errors, nothing is imported.
    "surveys:questionnaire_import": Route(
        (Case("XLSForm upload", get=_SURVEY_ROLE, post=_SURVEY_ROLE),)
    ),
    # POST only; without an organisation chosen the preview comes back with the error.
    "surveys:questionnaire_copy": Route(
        (
            Case(
                "library questionnaire",
                kwargs=_library,
                get=logged_in(NOT_ALLOWED),
                post=_SURVEY_ROLE,
            ),
            Case(
                "own questionnaire of municipality A",
                kwargs=_own,
                get=logged_in(NOT_ALLOWED),
                post=_OWN,
            ),
        )
    ),
}
