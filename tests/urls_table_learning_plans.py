"""Rows of the URL table (tests/urls_table.py) for the education plans.

A plan is shared content of its organisation (trinvis/learning/tests/factories_plans.py):
municipality A's plan is read by alice and by bob, an employee of a team below it, who may
not change it (403); charlie (municipality B) gets 404, and so does fiona, who follows
municipalities only as figures. Creating needs a write role somewhere. Writes without data
change nothing: forms are invalid (200), a delete or move without the version it was shown
at is refused as a conflict, and the buttons return to the plan.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.learning.tests.factories_plans import make_plan, plan_a, row_a

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


def _plan_a(world: "World") -> dict[str, Any]:
    return {"pk": plan_a(world).pk}


def _team_plan(world: "World") -> dict[str, Any]:
    return {"pk": make_plan(world.team_a, title="Team plan").pk}


def _plan_b(world: "World") -> dict[str, Any]:
    return {"pk": make_plan(world.municipality_b, title="Bergen plan").pk}


def _row_a(world: "World") -> dict[str, Any]:
    return {"pk": row_a(world).pk}


def _with_plans(world: "World") -> dict[str, Any]:
    plan_a(world)
    make_plan(world.municipality_b, title="Bergen plan")
    return {}


_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_DONE_A = expect(
    LOGIN, alice=REDIRECT, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=REDIRECT
)
_CREATE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)
_READ_B = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=OK, fiona=NOT_FOUND, admin=OK)
_NO_SUCH = Case("no such object", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND))

LEARNING_PLANS: dict[str, Route] = {
    "learning:plan_list": Route(
        (
            Case("empty", get=logged_in(OK)),
            Case("with plans", kwargs=_with_plans, get=logged_in(OK)),
        )
    ),
    "learning:plan_create": Route((Case("create form", get=_CREATE, post=_CREATE),)),
    "learning:plan_detail": Route(
        (
            Case("plan of municipality A", kwargs=_plan_a, get=_READ_A),
            Case("plan of team A, no rows", kwargs=_team_plan, get=_READ_A),
            Case("plan of municipality B", kwargs=_plan_b, get=_READ_B),
            _NO_SUCH,
        )
    ),
    "learning:plan_edit": Route(
        (Case("plan of municipality A", kwargs=_plan_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    # The POST carries no version: refused as a conflict, the page says so.
    "learning:plan_delete": Route(
        (Case("plan of municipality A", kwargs=_plan_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "learning:plan_export": Route(
        (Case("plan of municipality A", kwargs=_plan_a, get=_READ_A, html=False), _NO_SUCH)
    ),
    "learning:plan_row_create": Route(
        (Case("plan of municipality A", kwargs=_plan_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "learning:plan_row_edit": Route(
        (Case("row of municipality A", kwargs=_row_a, get=_WRITE_A, post=_WRITE_A), _NO_SUCH)
    ),
    "learning:plan_row_delete": Route(
        (Case("row of municipality A", kwargs=_row_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    # POST only; without a direction nothing moves, and it returns to the plan.
    "learning:plan_row_move": Route(
        (
            Case(
                "row of municipality A",
                kwargs=_row_a,
                get=logged_in(NOT_ALLOWED),
                post=_DONE_A,
            ),
        )
    ),
    # POST only; without the row's version nobody is enrolled, and it returns to the plan.
    "learning:plan_row_enrol": Route(
        (
            Case(
                "row of municipality A",
                kwargs=_row_a,
                get=logged_in(NOT_ALLOWED),
                post=_DONE_A,
            ),
        )
    ),
}
