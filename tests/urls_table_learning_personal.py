"""Rows of the URL table (tests/urls_table.py) for the learning module's personal tools:
my learning, my people, goals, logbook, motivation checks and follow-up talks.

Bob's personal records are seen by bob and his leaders only: alice (leader of municipality
A, above his team) and the platform administrator; charlie (municipality B) and fiona (a
facilitator, who follows municipalities only as figures) get 404. A private logbook entry
is bob's alone — not even alice or the administrator open it. A leader who may read a
shared entry still cannot change it (403), and bob may read his follow-up talk but not
record it (403). An organisational goal of municipality A is shared content: bob reads it,
only the write roles change it.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Kwargs, Route, expect, logged_in
from trinvis.learning.models import Sharing
from trinvis.learning.tests.factories_personal import (
    make_check,
    make_entry,
    make_follow_up,
    make_goal,
    make_org_goal,
)

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED


def _bob(world: "World") -> dict[str, Any]:
    return {"pk": world.bob.pk}


def _charlie(world: "World") -> dict[str, Any]:
    return {"pk": world.charlie.pk}


def _bob_as_person(world: "World") -> dict[str, Any]:
    return {"person_pk": world.bob.pk}


def _bob_goal(world: "World") -> dict[str, Any]:
    return {"pk": make_goal(world.bob, world.team_a).pk}


def _org_goal_a(world: "World") -> dict[str, Any]:
    return {"pk": make_org_goal(world.municipality_a, by=world.alice).pk}


def _entry(sharing: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"pk": make_entry(world.bob, sharing=sharing).pk}

    build.__name__ = f"bob_entry_{sharing}"
    return build


def _bob_check(world: "World") -> dict[str, Any]:
    return {"pk": make_check(world.bob).pk}


def _bob_talk(world: "World") -> dict[str, Any]:
    return {"pk": make_follow_up(world.bob, world.alice).pk}


def _organisation(attribute: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"pk": getattr(world, attribute).pk}

    build.__name__ = f"pk_of_{attribute}"
    return build


# Bob's personal records: bob and his leaders.
_BOB_PERSONAL = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Only bob: a private logbook entry.
_BOB_ONLY = expect(
    LOGIN, alice=NOT_FOUND, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)
# A shared entry: his leaders read it but may not change it.
_BOB_WRITES_SHARED = expect(
    LOGIN, alice=FORBIDDEN, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=FORBIDDEN
)
# Only bob's leaders: planning and recording his talks.
_BOB_LEADERS = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_ROLES = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)
_POST_ONLY = logged_in(NOT_ALLOWED)

LEARNING_PERSONAL: dict[str, Route] = {
    "learning:me": Route((Case("my learning", get=logged_in(OK)),)),
    # Everyone may open the list; it shows the people one leads (none for most).
    "learning:people": Route((Case("my people", get=logged_in(OK)),)),
    # Like my people: everyone may open it; it shows what the user leads (nothing for most).
    "learning:lead": Route((Case("leading learning", get=logged_in(OK)),)),
    "learning:person": Route(
        (
            # Bob is sent to his own page.
            Case(
                "bob",
                kwargs=_bob,
                get=expect(
                    LOGIN, alice=OK, bob=REDIRECT, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
                ),
            ),
            Case(
                "charlie",
                kwargs=_charlie,
                get=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=REDIRECT,
                    fiona=NOT_FOUND,
                    admin=OK,
                ),
            ),
            Case("nobody", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    # The POSTs carry no data: the forms are invalid, so nothing is created or changed.
    "learning:goal_create": Route(
        (Case("for bob", kwargs=_bob_as_person, get=_BOB_PERSONAL, post=_BOB_PERSONAL),)
    ),
    "learning:org_goals": Route((Case("organisational goals", get=logged_in(OK)),)),
    "learning:org_goal_create": Route(
        (Case("new organisational goal", get=_WRITE_ROLES, post=_WRITE_ROLES),)
    ),
    "learning:goal_detail": Route(
        (
            Case("bob's goal", kwargs=_bob_goal, get=_BOB_PERSONAL),
            Case("municipality A's goal", kwargs=_org_goal_a, get=_READ_A),
            Case("no such goal", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    "learning:goal_edit": Route(
        (
            Case("bob's goal", kwargs=_bob_goal, get=_BOB_PERSONAL, post=_BOB_PERSONAL),
            Case("municipality A's goal", kwargs=_org_goal_a, get=_WRITE_A, post=_WRITE_A),
        )
    ),
    # Without a version the confirmation is refused and the page shown again.
    "learning:goal_confirm": Route(
        (
            Case(
                "bob's goal",
                kwargs=_bob_goal,
                get=_POST_ONLY,
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=REDIRECT,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=REDIRECT,
                ),
            ),
            Case(
                "municipality A's goal",
                kwargs=_org_goal_a,
                get=_POST_ONLY,
                post=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=NOT_FOUND,
                ),
            ),
        )
    ),
    "learning:goal_review": Route(
        (Case("bob's goal", kwargs=_bob_goal, get=_BOB_PERSONAL, post=_BOB_PERSONAL),)
    ),
    "learning:logbook": Route((Case("my logbook", get=logged_in(OK)),)),
    "learning:logbook_print": Route((Case("my logbook to print", get=logged_in(OK)),)),
    "learning:logbook_shared": Route((Case("shared with me", get=logged_in(OK)),)),
    "learning:logbook_create": Route((Case("new entry", get=logged_in(OK), post=logged_in(OK)),)),
    "learning:logbook_entry": Route(
        (
            Case("bob's private entry", kwargs=_entry(Sharing.PRIVATE), get=_BOB_ONLY),
            Case("bob's entry for leaders", kwargs=_entry(Sharing.LEADER), get=_BOB_PERSONAL),
            Case("bob's entry for the team", kwargs=_entry(Sharing.TEAM), get=_BOB_PERSONAL),
        )
    ),
    "learning:logbook_edit": Route(
        (
            Case(
                "bob's private entry",
                kwargs=_entry(Sharing.PRIVATE),
                get=_BOB_ONLY,
                post=_BOB_ONLY,
            ),
            Case(
                "bob's entry for leaders",
                kwargs=_entry(Sharing.LEADER),
                get=_BOB_WRITES_SHARED,
                post=_BOB_WRITES_SHARED,
            ),
        )
    ),
    # Bob's own delete goes through (each persona has a fresh entry).
    "learning:logbook_delete": Route(
        (
            Case(
                "bob's private entry",
                kwargs=_entry(Sharing.PRIVATE),
                get=_POST_ONLY,
                post=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=REDIRECT,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=NOT_FOUND,
                ),
            ),
            Case(
                "bob's entry for leaders",
                kwargs=_entry(Sharing.LEADER),
                get=_POST_ONLY,
                post=expect(
                    LOGIN,
                    alice=FORBIDDEN,
                    bob=REDIRECT,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=FORBIDDEN,
                ),
            ),
        )
    ),
    "learning:motivation": Route((Case("my checks", get=logged_in(OK)),)),
    "learning:motivation_create": Route(
        (Case("take the check", get=logged_in(OK), post=logged_in(OK)),)
    ),
    "learning:motivation_check": Route(
        (
            Case("bob's check", kwargs=_bob_check, get=_BOB_PERSONAL),
            Case("no such check", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    "learning:motivation_questions": Route((Case("organisations to word", get=_WRITE_ROLES),)),
    # Bob sees municipality A only as the organisation above his team (404); in team A he
    # is an employee (403).
    "learning:motivation_questions_edit": Route(
        (
            Case(
                "municipality A",
                kwargs=_organisation("municipality_a"),
                get=expect(
                    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
                ),
                post=expect(
                    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
                ),
            ),
            Case("team A", kwargs=_organisation("team_a"), get=_WRITE_A, post=_WRITE_A),
        )
    ),
    "learning:follow_up_create": Route(
        (Case("with bob", kwargs=_bob_as_person, get=_BOB_LEADERS, post=_BOB_LEADERS),)
    ),
    "learning:follow_up": Route(
        (Case("bob's talk", kwargs=_bob_talk, get=_BOB_PERSONAL, post=_BOB_LEADERS),)
    ),
    "learning:follow_up_delete": Route(
        (
            Case(
                "bob's planned talk",
                kwargs=_bob_talk,
                get=_POST_ONLY,
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=FORBIDDEN,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=REDIRECT,
                ),
            ),
        )
    ),
}
