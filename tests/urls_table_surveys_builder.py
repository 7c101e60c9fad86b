"""Rows of the URL table (tests/urls_table.py) for the questionnaire builder.

Questionnaires built with the builder's own service: one of municipality A (alice leads it;
bob's team is below it and fiona follows it as key figures only, so both get 404), one of
team A (bob sees it, but an employee may not change questionnaires: 403) and the library's
participant survey, which nobody changes in place (403: copy it first). A new questionnaire
needs a survey role somewhere. Writes post empty forms: the page comes back with its errors
(a move without a direction goes back to the builder page), and nothing changes.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from tests.urls_table_surveys_questionnaires import library_questionnaire
from trinvis.organisations.models import Organisation
from trinvis.surveys import builder
from trinvis.surveys.builder import Place, QuestionDraft
from trinvis.surveys.models import Questionnaire
from trinvis.surveys.xlsform import Choice, QuestionType

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED

TITLE = "Built course evaluation"
QUESTION = "did_you_see_changes"
SECTION = "about_the_course"


def built_questionnaire(organisation: Organisation, by: Any) -> Questionnaire:
    """A section holding a single choice question, made with the builder's service."""
    found = Questionnaire.objects.filter(organisation=organisation, title=TITLE).first()
    if found is not None:
        return found
    questionnaire = builder.questionnaire_start(
        by=by, organisation=organisation, title=TITLE, languages=("en", "da"), default_language="en"
    )

    def fill(definition: Any) -> Any:
        definition, section = builder.section_put(
            definition, labels={"en": "About the course"}, relevant="", place=Place("", 0)
        )
        draft = QuestionDraft(
            QuestionType.SINGLE_CHOICE,
            {"en": "Did you see changes?", "da": "Så du ændringer?"},
            choices=(Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"})),
        )
        return builder.question_put(definition, draft, place=Place(section, 0))[0]

    return builder.questionnaire_build(
        questionnaire=questionnaire, base_version=questionnaire.version, change=fill
    )


def _of_a(world: "World") -> dict[str, Any]:
    return {"pk": built_questionnaire(world.municipality_a, world.alice).pk}


def _of_team(world: "World") -> dict[str, Any]:
    return {"pk": built_questionnaire(world.team_a, world.alice).pk}


def _library(world: "World") -> dict[str, Any]:
    return {"pk": library_questionnaire(world).pk}


def _item(build: Any, name: str) -> Any:
    def kwargs(world: "World") -> dict[str, Any]:
        return {**build(world), "name": name}

    kwargs.__name__ = f"{build.__name__}_{name}"
    return kwargs


# Municipality A's questionnaire: its leader and the platform admin.
_A = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Team A's: bob sees it in detail but may not change it.
_TEAM = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_LIBRARY = expect(
    LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=FORBIDDEN
)
_SURVEY_ROLE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)


def _pages(build_a: Any, build_team: Any) -> tuple[Case, ...]:
    """A page of municipality A's and of team A's questionnaire, for GET and an empty POST."""
    return (
        Case("municipality A's questionnaire", kwargs=build_a, get=_A, post=_A),
        Case("team A's questionnaire", kwargs=build_team, get=_TEAM, post=_TEAM),
    )


SURVEYS_BUILDER: dict[str, Route] = {
    "surveys:builder_new": Route((Case("new questionnaire", get=_SURVEY_ROLE, post=_SURVEY_ROLE),)),
    "surveys:builder": Route(
        (
            Case("municipality A's questionnaire", kwargs=_of_a, get=_A),
            Case("team A's questionnaire", kwargs=_of_team, get=_TEAM),
            Case("library questionnaire", kwargs=_library, get=_LIBRARY),
        )
    ),
    "surveys:builder_settings": Route(_pages(_of_a, _of_team)),
    "surveys:builder_add": Route(_pages(_of_a, _of_team)),
    "surveys:builder_edit": Route(
        (
            *_pages(_item(_of_a, QUESTION), _item(_of_team, QUESTION)),
            Case(
                "a section of municipality A's questionnaire",
                kwargs=_item(_of_a, SECTION),
                get=_A,
                post=_A,
            ),
        )
    ),
    "surveys:builder_delete": Route(_pages(_item(_of_a, QUESTION), _item(_of_team, QUESTION))),
    # POST only; without a direction nothing moves and the builder page comes back.
    "surveys:builder_move": Route(
        (
            Case(
                "municipality A's questionnaire",
                kwargs=_item(_of_a, QUESTION),
                get=expect(
                    LOGIN,
                    alice=NOT_ALLOWED,
                    bob=NOT_ALLOWED,
                    charlie=NOT_ALLOWED,
                    fiona=NOT_ALLOWED,
                    admin=NOT_ALLOWED,
                ),
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=NOT_FOUND,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=REDIRECT,
                ),
            ),
            Case(
                "team A's questionnaire",
                kwargs=_item(_of_team, QUESTION),
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=FORBIDDEN,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=REDIRECT,
                ),
                get=expect(
                    LOGIN,
                    alice=NOT_ALLOWED,
                    bob=NOT_ALLOWED,
                    charlie=NOT_ALLOWED,
                    fiona=NOT_ALLOWED,
                    admin=NOT_ALLOWED,
                ),
            ),
        )
    ),
}
