"""Rows of the URL table (tests/urls_table.py) for the learning module's start page, activity
catalogue, programmes, paths and principles.

The catalogue is shared content of municipality A (trinvis/learning/tests/
factories_catalogue.py): bob, an employee of a team below it, reads it but may not change it
(403); charlie (municipality B) gets 404, and so does fiona, who follows municipalities only
as figures. Creating needs a write role somewhere. Writes without data are invalid forms
(200, nothing changed); deletes and step buttons redirect.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.learning.tests.factories_catalogue import (
    make_activity,
    make_principle,
    make_programme,
    module,
    use_in_plan,
)

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT, NOT_ALLOWED = (
    Answer.OK,
    Answer.LOGIN,
    Answer.FORBIDDEN,
    Answer.NOT_FOUND,
    Answer.REDIRECT,
    Answer.NOT_ALLOWED,
)


def _activity_a(world: "World") -> dict[str, Any]:
    return {"pk": make_activity(world.municipality_a).pk}


def _module_a(world: "World") -> dict[str, Any]:
    return {"pk": module(make_programme(world.municipality_a), 1).pk}


def _used_activity_a(world: "World") -> dict[str, Any]:
    activity = make_activity(world.municipality_a)
    use_in_plan(activity)
    return {"pk": activity.pk}


def _programme_a(world: "World") -> dict[str, Any]:
    return {"pk": make_programme(world.municipality_a).pk}


def _path_a(world: "World") -> dict[str, Any]:
    return {"pk": make_programme(world.municipality_a).paths.get(name="Job path").pk}


def _principle_a(world: "World") -> dict[str, Any]:
    return {"pk": make_principle(world.municipality_a).pk}


def _organisation(attribute: str) -> Any:
    def build(world: "World") -> dict[str, Any]:
        organisation = getattr(world, attribute)
        make_principle(organisation)
        return {"org_pk": organisation.pk}

    build.__name__ = f"org_pk_of_{attribute}"
    return build


def _with_catalogue(world: "World") -> dict[str, Any]:
    make_activity(world.municipality_a)
    make_programme(world.municipality_a)
    make_principle(world.municipality_a)
    return {}


_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_DONE_A = expect(
    LOGIN, alice=REDIRECT, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=REDIRECT
)
_CREATE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)
_READ_B = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=OK, fiona=NOT_FOUND, admin=OK)
_NO_SUCH = Case("no such object", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND))

LEARNING_CATALOGUE: dict[str, Route] = {
    "learning:index": Route(
        (
            Case("empty", get=logged_in(OK)),
            Case("with a catalogue", kwargs=_with_catalogue, get=logged_in(OK)),
        )
    ),
    "learning:activity_list": Route(
        (
            Case("empty", get=logged_in(OK)),
            Case("with a catalogue", kwargs=_with_catalogue, get=logged_in(OK)),
        )
    ),
    "learning:activity_create": Route((Case("create form", get=_CREATE, post=_CREATE),)),
    "learning:activity_detail": Route(
        (
            Case("course of municipality A", kwargs=_activity_a, get=_READ_A),
            Case("module in two paths", kwargs=_module_a, get=_READ_A),
            _NO_SUCH,
        )
    ),
    # The POST carries no data: the form is invalid, so nothing is changed.
    "learning:activity_edit": Route(
        (Case("course of municipality A", kwargs=_activity_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "learning:activity_delete": Route(
        (
            Case("course of municipality A", kwargs=_activity_a, get=_WRITE_A, post=_DONE_A),
            # Refused: a plan row uses it; the page says so and nothing is deleted.
            Case("used by a plan row", kwargs=_used_activity_a, get=_WRITE_A, post=_WRITE_A),
        )
    ),
    "learning:programme_create": Route((Case("create form", get=_CREATE, post=_CREATE),)),
    "learning:programme_detail": Route(
        (Case("programme of municipality A", kwargs=_programme_a, get=_READ_A), _NO_SUCH)
    ),
    "learning:programme_edit": Route(
        (Case("programme of municipality A", kwargs=_programme_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "learning:programme_delete": Route(
        (Case("programme of municipality A", kwargs=_programme_a, get=_WRITE_A, post=_DONE_A),)
    ),
    "learning:path_create": Route(
        (Case("programme of municipality A", kwargs=_programme_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "learning:path_detail": Route(
        (Case("path of municipality A", kwargs=_path_a, get=_READ_A), _NO_SUCH)
    ),
    "learning:path_edit": Route(
        (Case("path of municipality A", kwargs=_path_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    # The POST carries no version: it is refused as a conflict and returns to the path.
    "learning:path_delete": Route(
        (Case("path of municipality A", kwargs=_path_a, get=_WRITE_A, post=_DONE_A),)
    ),
    # POST only; the POST names no action, so nothing changes and it returns to the path.
    "learning:path_steps": Route(
        (
            Case(
                "path of municipality A",
                kwargs=_path_a,
                get=logged_in(NOT_ALLOWED),
                post=_DONE_A,
            ),
        )
    ),
    "learning:principles": Route(
        (
            Case("none recorded", get=logged_in(OK)),
            Case("with principles", kwargs=_with_catalogue, get=logged_in(OK)),
        )
    ),
    "learning:principle_list": Route(
        (
            Case("municipality A", kwargs=_organisation("municipality_a"), get=_READ_A),
            Case("team A", kwargs=_organisation("team_a"), get=_READ_A),
            Case("municipality B", kwargs=_organisation("municipality_b"), get=_READ_B),
            Case(
                "no such organisation",
                kwargs=lambda world: {"org_pk": 999_999},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "learning:principle_create": Route(
        (
            Case(
                "municipality A",
                kwargs=_organisation("municipality_a"),
                get=_WRITE_A,
                post=_WRITE_A,
            ),
        )
    ),
    # POST only; without a choice the form is shown again with its error.
    "learning:principle_adopt": Route(
        (
            Case(
                "municipality A",
                kwargs=_organisation("municipality_a"),
                get=logged_in(NOT_ALLOWED),
                post=_WRITE_A,
            ),
        )
    ),
    "learning:principle_edit": Route(
        (Case("principle of municipality A", kwargs=_principle_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "learning:principle_delete": Route(
        (Case("principle of municipality A", kwargs=_principle_a, get=_WRITE_A, post=_DONE_A),)
    ),
    "learning:principle_move": Route(
        (
            Case(
                "principle of municipality A",
                kwargs=_principle_a,
                get=logged_in(NOT_ALLOWED),
                post=_DONE_A,
            ),
        )
    ),
}
