"""Rows of the URL table (tests/urls_table.py) for a person's own settings and their
calendar feed.

The settings page is always the user's own: every logged-in persona gets it, and its POST
without a version changes nothing and shows the form again. The feed needs no login — its
secret address is the permission — so with bob's key everyone, anonymous included, reads
bob's calendar, and a key nobody has is a 404 for everyone.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, everyone, logged_in
from trinvis.learning.services.preferences import calendar_address_new

if TYPE_CHECKING:
    from conftest import World

OK, NOT_FOUND = Answer.OK, Answer.NOT_FOUND


def _bobs_key(world: "World") -> dict[str, Any]:
    return {"key": calendar_address_new(person=world.bob)}


def _wrong_key(world: "World") -> dict[str, Any]:
    calendar_address_new(person=world.bob)
    return {"key": "no-such-calendar-key"}


LEARNING_PREFERENCES: dict[str, Route] = {
    "learning:preferences": Route(
        (Case("my reminders and calendar", get=logged_in(OK), post=logged_in(OK)),)
    ),
    "learning:calendar_feed": Route(
        (
            Case("bob's key", kwargs=_bobs_key, get=everyone(OK), html=False),
            Case("a wrong key", kwargs=_wrong_key, get=everyone(NOT_FOUND), html=False),
        ),
        public=True,
    ),
}
