"""Rows of the URL table (tests/urls_table.py) for the follow-up of an agency programme: the
conversations after each workshop, the internal note per workshop and the dashboard.

The programme is the agency's (trinvis/programmes/tests/factories_follow_up.py): fiona
(facilitator) and admin run it and do everything. Municipality A takes part: alice, its
leader, and bob, who works in a team of A, read the follow-up page and A's own
conversations, and get 403 on writing them (the agency records them); the internal notes,
the dashboard and another municipality's conversation are the running side's (404).
Charlie (municipality B, not in the programme) gets 404.

Writes without data are invalid forms (200): nothing changes for the next persona.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_follow_up import (
    conversation_of,
    internal_note_of,
    second_workshop_of,
)
from trinvis.programmes.tests.factories_workshops import (
    candidate_of,
    other_candidate,
    programme_of,
    workshop_of,
)

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def _programme(world: "World") -> dict[str, Any]:
    return {"pk": programme_of(world).pk}


def _programme_with_follow_ups(world: "World") -> dict[str, Any]:
    """A conversation after workshop 1 with items, an internal note, another municipality."""
    conversation_of(world)
    internal_note_of(world)
    other_candidate(world)
    second_workshop_of(world)
    return {"pk": programme_of(world).pk}


def _conversation_a(world: "World") -> dict[str, Any]:
    conversation = conversation_of(world)
    return {"pk": conversation.after_workshop_id, "candidate": conversation.candidate_id}


def _not_planned_a(world: "World") -> dict[str, Any]:
    """Municipality A after workshop 2: not planned yet, the items after workshop 1 carry
    over."""
    conversation_of(world)
    return {"pk": second_workshop_of(world).pk, "candidate": candidate_of(world).pk}


def _town(world: "World") -> dict[str, Any]:
    return {"pk": workshop_of(world).pk, "candidate": other_candidate(world).pk}


def _note(world: "World") -> dict[str, Any]:
    return {"pk": internal_note_of(world).after_workshop_id}


def _no_note(world: "World") -> dict[str, Any]:
    return {"pk": second_workshop_of(world).pk}


# Municipality A's side reads; the write is the agency's.
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
_WRITE_RUN = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
# The running side's own pages.
_RUNNING = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)

PROGRAMMES_FOLLOW_UP: dict[str, Route] = {
    "programmes:follow_up": Route(
        (
            Case("programme without workshops", kwargs=_programme, get=_READ_A),
            Case("programme with follow-ups", kwargs=_programme_with_follow_ups, get=_READ_A),
            Case(
                "no such programme", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)
            ),
        )
    ),
    "programmes:follow_up_conversation": Route(
        (
            Case("A after workshop 1", kwargs=_conversation_a, get=_READ_A, post=_WRITE_RUN),
            Case("A after workshop 2", kwargs=_not_planned_a, get=_READ_A, post=_WRITE_RUN),
            Case("another municipality", kwargs=_town, get=_RUNNING, post=_RUNNING),
            Case(
                "no such workshop",
                kwargs=lambda world: {"pk": 999_999, "candidate": candidate_of(world).pk},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "programmes:follow_up_note": Route(
        (
            Case("written", kwargs=_note, get=_RUNNING, post=_RUNNING),
            Case("not written yet", kwargs=_no_note, get=_RUNNING, post=_RUNNING),
        )
    ),
    "programmes:dashboard": Route(
        (
            Case("programme without workshops", kwargs=_programme, get=_RUNNING),
            Case("programme with follow-ups", kwargs=_programme_with_follow_ups, get=_RUNNING),
        )
    ),
    "programmes:dashboard_csv": Route(
        (
            Case(
                "programme with follow-ups",
                kwargs=_programme_with_follow_ups,
                get=_RUNNING,
                html=False,
            ),
        )
    ),
}
