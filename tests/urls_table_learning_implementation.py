"""Rows of the URL table (tests/urls_table.py) for the procedure around a course and for
implementation: a participant's "before" page, an activity's "after" page and its calendar
file, implementation plans with their items and meetings, and my tasks.

Bob's "before" page is a personal record: bob writes it, his leaders (alice, the platform
administrator) read it and get 403 on a write, charlie and fiona get 404. The activity's
pages and the implementation plans are shared content of municipality A: bob reads them,
charlie and fiona (who follows municipalities only as figures) get 404. The write roles
change a plan; the implementation team also fills in items and records meetings (bob gets
403 until he is on the team), and the person responsible for an item marks it done. Writes
without data are invalid forms (200, nothing changed); one-button writes redirect.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.learning.models import Activity, ImplementationPlan
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import (
    days,
    item_of,
    make_enrolment,
    make_meeting,
    make_plan,
    make_task,
)

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED


def _activity(world: "World", *, follow_up_day: bool = True) -> Activity:
    activity = make_activity(world.municipality_a)
    if follow_up_day and activity.follow_up_day_at is None:
        activity.follow_up_day_at = timezone.now() + datetime.timedelta(days=60)
        activity.save(update_fields=["follow_up_day_at"])
    return activity


def _activity_a(world: "World") -> dict[str, Any]:
    return {"pk": _activity(world).pk}


def _activity_without_day(world: "World") -> dict[str, Any]:
    return {"pk": make_activity(world.municipality_a, title="No follow-up day").pk}


def _bob_enrolment(world: "World") -> dict[str, Any]:
    return {"pk": make_enrolment(_activity(world), world.bob).pk}


def _plan(world: "World") -> ImplementationPlan:
    return make_plan(world.municipality_a, by=world.alice)


def _plan_with_bob(world: "World") -> ImplementationPlan:
    return make_plan(
        world.municipality_a, by=world.alice, title="Bob on the team", team=[world.bob]
    )


def _plan_a(world: "World") -> dict[str, Any]:
    return {"pk": _plan(world).pk}


def _plan_a_with_bob(world: "World") -> dict[str, Any]:
    return {"pk": _plan_with_bob(world).pk}


def _item_a(world: "World") -> dict[str, Any]:
    return {"pk": item_of(_plan(world)).pk}


def _item_with_bob(world: "World") -> dict[str, Any]:
    return {"pk": item_of(_plan_with_bob(world)).pk}


def _bobs_task(world: "World") -> dict[str, Any]:
    task = make_task(_plan(world), by=world.alice, responsible=world.bob, deadline=days(3))
    return {"pk": task.pk}


def _alices_task(world: "World") -> dict[str, Any]:
    task = make_task(_plan(world), by=world.alice, responsible=world.alice, deadline=days(3))
    return {"pk": task.pk}


def _meeting_a(world: "World") -> dict[str, Any]:
    return {"pk": make_meeting(_plan(world), by=world.alice).pk}


# Bob's personal record: bob and his leaders read it, only bob writes it.
_BOB_PERSONAL = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_BOB_WRITES = expect(
    LOGIN, alice=FORBIDDEN, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=FORBIDDEN
)
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_TEAM_WITH_BOB = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_ROLES = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)
_ONE_BUTTON_A = expect(
    LOGIN, alice=REDIRECT, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=REDIRECT
)
_ONE_BUTTON_WITH_BOB = expect(
    LOGIN, alice=REDIRECT, bob=REDIRECT, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=REDIRECT
)
_POST_ONLY = logged_in(NOT_ALLOWED)

LEARNING_IMPLEMENTATION: dict[str, Route] = {
    # An empty POST is refused as a conflict (the form's digest is missing): nothing changes.
    "learning:enrolment_before": Route(
        (
            Case("bob's enrolment", kwargs=_bob_enrolment, get=_BOB_PERSONAL, post=_BOB_WRITES),
            Case(
                "no such enrolment", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)
            ),
        )
    ),
    "learning:activity_after": Route((Case("activity of A", kwargs=_activity_a, get=_READ_A),)),
    "learning:activity_follow_up_ics": Route(
        (
            Case("activity of A", kwargs=_activity_a, get=_READ_A, html=False),
            Case(
                "no follow-up day",
                kwargs=_activity_without_day,
                get=logged_in(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "learning:implementation_list": Route((Case("plans", get=logged_in(OK)),)),
    "learning:implementation_create": Route(
        (Case("new plan", get=_WRITE_ROLES, post=_WRITE_ROLES),)
    ),
    "learning:implementation_detail": Route(
        (
            Case("plan of A", kwargs=_plan_a, get=_READ_A),
            Case("no such plan", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    "learning:implementation_edit": Route(
        (
            Case("plan of A", kwargs=_plan_a, get=_WRITE_A, post=_WRITE_A),
            # The team fills in the plan, but its title, team and anchoring are the write roles'.
            Case("bob on the team", kwargs=_plan_a_with_bob, get=_WRITE_A, post=_WRITE_A),
        )
    ),
    "learning:implementation_delete": Route(
        (Case("plan of A", kwargs=_plan_a, get=_WRITE_A, post=_ONE_BUTTON_A),)
    ),
    "learning:implementation_print": Route((Case("plan of A", kwargs=_plan_a, get=_READ_A),)),
    "learning:implementation_item_create": Route(
        (
            Case("plan of A", kwargs=_plan_a, get=_WRITE_A, post=_WRITE_A),
            Case(
                "bob on the team", kwargs=_plan_a_with_bob, get=_TEAM_WITH_BOB, post=_TEAM_WITH_BOB
            ),
        )
    ),
    "learning:implementation_item_edit": Route(
        (
            Case("item of A", kwargs=_item_a, get=_WRITE_A, post=_WRITE_A),
            Case("bob on the team", kwargs=_item_with_bob, get=_TEAM_WITH_BOB, post=_TEAM_WITH_BOB),
        )
    ),
    # Without a version the delete is refused and the item's page shown again.
    "learning:implementation_item_delete": Route(
        (
            Case("item of A", kwargs=_item_a, get=_POST_ONLY, post=_ONE_BUTTON_A),
            Case(
                "bob on the team",
                kwargs=_item_with_bob,
                get=_POST_ONLY,
                post=_ONE_BUTTON_WITH_BOB,
            ),
        )
    ),
    "learning:implementation_item_done": Route(
        (
            Case("bob's task", kwargs=_bobs_task, get=_POST_ONLY, post=_ONE_BUTTON_WITH_BOB),
            Case("alice's task", kwargs=_alices_task, get=_POST_ONLY, post=_ONE_BUTTON_A),
        )
    ),
    "learning:implementation_meeting_create": Route(
        (
            Case("plan of A", kwargs=_plan_a, get=_WRITE_A, post=_WRITE_A),
            Case(
                "bob on the team", kwargs=_plan_a_with_bob, get=_TEAM_WITH_BOB, post=_TEAM_WITH_BOB
            ),
        )
    ),
    "learning:implementation_meeting": Route(
        (Case("meeting of A", kwargs=_meeting_a, get=_READ_A),)
    ),
    "learning:implementation_meeting_delete": Route(
        (Case("meeting of A", kwargs=_meeting_a, get=_POST_ONLY, post=_ONE_BUTTON_A),)
    ),
    "learning:tasks": Route((Case("my tasks", get=logged_in(OK)),)),
}
