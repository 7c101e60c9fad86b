"""Rows of the URL table (tests/urls_table.py) for importing responses into a survey.

World: a survey of municipality A (alice leads A and manages it; bob, fiona and charlie do
not see it in detail: 404) and a survey of team A (bob sees it in detail but an employee may
not manage it: 403). The steps after the upload are addressed by the upload's token, which
is bound to the person who uploaded (alice) and the survey: to anyone else, even the
platform administrator, such an address is a 404. A remembered column mapping for the
upload's headings lets the check page open directly.

Writes post invalid or harmless data: an upload without a file, a mapping with no column
chosen, a confirmation without the mapping's fingerprint (back to the check page); only
cancelling deletes something, and only the upload made for that very case.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from trinvis.surveys.imports import column_mapping_save
from trinvis.surveys.imports.uploads import upload_store
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_distribution import make_survey

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED

CSV = b"changes;age\nyes;41\nno;35\n"


def _survey(world: "World", team: bool) -> Survey:
    organisation = world.team_a if team else world.municipality_a
    return make_survey(organisation, title=f"Import target · {organisation.name}")


def _alices_upload(team: bool) -> Any:
    def build(world: "World") -> dict[str, Any]:
        survey = _survey(world, team)
        upload = upload_store(user=world.alice, survey=survey, chunks=[CSV], name="answers.csv")
        column_mapping_save(
            by=world.alice,
            survey=survey,
            headings=upload.headings,
            columns={"changes": "question:changes", "age": "question:age"},
        )
        return {"pk": survey.pk, "token": upload.token}

    build.__name__ = f"alices_upload_{'team' if team else 'a'}"
    return build


def _survey_a(world: "World") -> dict[str, Any]:
    return {"pk": _survey(world, team=False).pk}


def _survey_team(world: "World") -> dict[str, Any]:
    return {"pk": _survey(world, team=True).pk}


def _unknown_token(world: "World") -> dict[str, Any]:
    return {**_survey_a(world), "token": "x" * 32}


_MANAGE_A = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_MANAGE_TEAM = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Alice's upload: hers alone.
_UPLOAD_A = expect(
    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)
_UPLOAD_TEAM = expect(
    LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)
_ACT_A = {**_UPLOAD_A, "alice": REDIRECT}
_ACT_TEAM = {**_UPLOAD_TEAM, "alice": REDIRECT}
_NO_UPLOAD = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)
_GET_NOT_ALLOWED = expect(
    LOGIN,
    alice=NOT_ALLOWED,
    bob=NOT_ALLOWED,
    charlie=NOT_ALLOWED,
    fiona=NOT_ALLOWED,
    admin=NOT_ALLOWED,
)
A, TEAM = _alices_upload(team=False), _alices_upload(team=True)

SURVEYS_IMPORTS: dict[str, Route] = {
    "surveys:response_import": Route(
        (
            Case("survey of municipality A", kwargs=_survey_a, get=_MANAGE_A, post=_MANAGE_A),
            Case("survey of team A", kwargs=_survey_team, get=_MANAGE_TEAM, post=_MANAGE_TEAM),
        )
    ),
    "surveys:response_import_columns": Route(
        (
            Case("alice's upload to A's survey", kwargs=A, get=_UPLOAD_A, post=_UPLOAD_A),
            Case(
                "alice's upload to team A's survey",
                kwargs=TEAM,
                get=_UPLOAD_TEAM,
                post=_UPLOAD_TEAM,
            ),
            Case("no such upload", kwargs=_unknown_token, get=_NO_UPLOAD),
        )
    ),
    "surveys:response_import_check": Route(
        (
            Case("alice's upload to A's survey", kwargs=A, get=_UPLOAD_A, post=_ACT_A),
            Case(
                "alice's upload to team A's survey", kwargs=TEAM, get=_UPLOAD_TEAM, post=_ACT_TEAM
            ),
            Case("no such upload", kwargs=_unknown_token, get=_NO_UPLOAD),
        )
    ),
    "surveys:response_import_cancel": Route(
        (
            Case("alice's upload to A's survey", kwargs=A, get=_GET_NOT_ALLOWED, post=_ACT_A),
            Case(
                "alice's upload to team A's survey",
                kwargs=TEAM,
                get=_GET_NOT_ALLOWED,
                post=_ACT_TEAM,
            ),
        )
    ),
}
