"""Rows of the URL table (tests/urls_table.py) for the survey module's distribution pages
and the public answer links.

World: a personal survey of municipality A (bob invited, with a known link token), a
personal survey of team A (bob sees it, but an employee may not manage it: 403 on writes)
and an open survey of municipality A. The answer links need no login: anyone with a valid
link gets the form (200), an unknown link is a 404. Writes post invalid or harmless data:
an empty answer page comes back with "answer this question", an empty invitation form with
its errors, an unknown close action changes nothing.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from trinvis.surveys.models import Response, Survey
from trinvis.surveys.tests.factories_distribution import (
    BOB_TOKEN,
    invite_with_token,
    make_survey,
)

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED


def survey_of_a(world: "World") -> Survey:
    survey = make_survey(world.municipality_a)
    invite_with_token(survey, world.bob, BOB_TOKEN)
    return survey


def _survey_a(world: "World") -> dict[str, Any]:
    return {"pk": survey_of_a(world).pk}


def _survey_team(world: "World") -> dict[str, Any]:
    return {"pk": make_survey(world.team_a).pk}


def _bobs_link(world: "World") -> dict[str, Any]:
    survey_of_a(world)
    return {"token": BOB_TOKEN}


def _bobs_response(world: "World") -> dict[str, Any]:
    """Bob's own (unsubmitted) response to municipality A's survey, through his link."""
    survey = survey_of_a(world)
    invitation = survey.invitations.get(user=world.bob)
    response, _created = Response.objects.get_or_create(
        survey=survey, invitation=invitation, user=world.bob
    )
    return {"pk": response.pk}


def _with_bobs_response(world: "World") -> dict[str, Any]:
    """No kwargs; makes sure bob's page has a response to list."""
    _bobs_response(world)
    return {}


def _open_link(world: "World") -> dict[str, Any]:
    return {"open_token": make_survey(world.municipality_a, mode="open").open_token}


def everyone(answer: Answer) -> dict[str, Answer]:
    return expect(answer, alice=answer, bob=answer, charlie=answer, fiona=answer, admin=answer)


def logged_in(answer: Answer) -> dict[str, Answer]:
    return expect(LOGIN, alice=answer, bob=answer, charlie=answer, fiona=answer, admin=answer)


# Municipality A's survey: its leader and the platform admin; fiona follows A as figures only.
_MANAGE_A = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Team A's survey: bob sees it in detail but may not manage it.
_READ_TEAM = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_MANAGE_TEAM = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_ACT_A = expect(
    LOGIN, alice=REDIRECT, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=REDIRECT
)
_ACT_TEAM = expect(
    LOGIN, alice=REDIRECT, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=REDIRECT
)
# Opening a survey: the survey roles somewhere (fiona at her agency); employees may not.
_CREATE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)

SURVEYS_DISTRIBUTION: dict[str, Route] = {
    "surveys:survey_create": Route((Case("choose a questionnaire", get=_CREATE, post=_CREATE),)),
    "surveys:survey_detail": Route(
        (
            Case("personal survey of municipality A", kwargs=_survey_a, get=_MANAGE_A),
            Case("personal survey of team A", kwargs=_survey_team, get=_READ_TEAM),
            Case(
                "no such survey",
                kwargs=lambda world: {"pk": 999_999},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "surveys:survey_invite": Route(
        (
            Case("survey of municipality A", kwargs=_survey_a, get=_MANAGE_A, post=_MANAGE_A),
            Case("survey of team A", kwargs=_survey_team, get=_MANAGE_TEAM, post=_MANAGE_TEAM),
        )
    ),
    "surveys:survey_remind": Route(
        (
            Case(
                "survey of municipality A",
                kwargs=_survey_a,
                get=logged_in(NOT_ALLOWED),
                post=_ACT_A,
            ),
            Case(
                "survey of team A",
                kwargs=_survey_team,
                get=logged_in(NOT_ALLOWED),
                post=_ACT_TEAM,
            ),
        )
    ),
    # POST only; an unknown action changes nothing and returns to the survey's page.
    "surveys:survey_close": Route(
        (
            Case(
                "survey of municipality A",
                kwargs=_survey_a,
                get=logged_in(NOT_ALLOWED),
                post=_ACT_A,
                post_data={"action": ""},
            ),
            Case(
                "survey of team A",
                kwargs=_survey_team,
                get=logged_in(NOT_ALLOWED),
                post=_ACT_TEAM,
                post_data={"action": ""},
            ),
        )
    ),
    # An empty post lacks the form's base (settings) or the confirmation (delete the
    # answers): the form comes back with its errors and nothing changes.
    "surveys:survey_settings": Route(
        (
            Case("survey of municipality A", kwargs=_survey_a, get=_MANAGE_A, post=_MANAGE_A),
            Case("survey of team A", kwargs=_survey_team, get=_MANAGE_TEAM, post=_MANAGE_TEAM),
        )
    ),
    "surveys:survey_purge": Route(
        (
            Case("survey of municipality A", kwargs=_survey_a, get=_MANAGE_A, post=_MANAGE_A),
            Case("survey of team A", kwargs=_survey_team, get=_MANAGE_TEAM, post=_MANAGE_TEAM),
        )
    ),
    # --- public answer links: the link is the key, no login.
    "answer:personal": Route(
        (
            # Posting an empty first page shows "answer this question": nothing is saved.
            Case("bob's link", kwargs=_bobs_link, get=everyone(OK), post=everyone(OK)),
            Case(
                "unknown link",
                kwargs=lambda world: {"token": "no-such-token"},
                get=everyone(NOT_FOUND),
                post=everyone(NOT_FOUND),
            ),
        ),
        public=True,
    ),
    "answer:open": Route(
        (
            Case("open link", kwargs=_open_link, get=everyone(OK), post=everyone(OK)),
            Case(
                "unknown link",
                kwargs=lambda world: {"open_token": "no-such-token"},
                get=everyone(NOT_FOUND),
            ),
        ),
        public=True,
    ),
    "answer:thanks": Route((Case("thank you", get=everyone(OK)),), public=True),
    # Everyone has a page of their own answers (bob's lists his response to A's survey).
    "surveys:my_responses": Route(
        (Case("own answers", kwargs=_with_bobs_response, get=logged_in(OK)),)
    ),
    # POST only; a response is deleted by its respondent alone: the others get 404.
    "surveys:my_response_delete": Route(
        (
            Case(
                "bob's response",
                kwargs=_bobs_response,
                get={**logged_in(NOT_ALLOWED)},
                post=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=REDIRECT,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=NOT_FOUND,
                ),
            ),
        )
    ),
}
