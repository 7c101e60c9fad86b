"""Follow-up conversations, agreed items and internal notes for the follow-up, dashboard and
API tests and their access-matrix rows (tests/urls_table_programmes_follow_up.py).

Built on the workshop factories: the agency's programme with municipality A taking part
(fiona and admin run it; alice leads A, bob works in a team of A; charlie's municipality B is
not in it). Written directly, not through the services; every builder finds what it made
before instead of making it twice, so a row of the URL table can call it for each persona.
"""

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trinvis.programmes.models import (
    AgreedItem,
    Candidate,
    FollowUpConversation,
    InternalNote,
    Workshop,
)
from trinvis.programmes.tests.factories_workshops import (
    FIRST_DAY,
    candidate_of,
    make_workshop,
    workshop_of,
)

if TYPE_CHECKING:
    from conftest import World

Progress = AgreedItem.Progress
AFTER_FIRST = FIRST_DAY + datetime.timedelta(days=14)
ITEMS = (
    ("Map the jobs in care with the jobcentre", Progress.DONE),
    ("Start a language course with work practice", Progress.UNDER_WAY),
)


def make_conversation(
    workshop: Workshop,
    candidate: Candidate,
    *,
    planned_for: datetime.date | None = AFTER_FIRST,
    held_on: datetime.date | None = None,
    notes: str = "",
    items: Sequence[tuple[str, str]] = (),
) -> FollowUpConversation:
    """The municipality's conversation after the workshop with these items (text, status)."""
    found = FollowUpConversation.objects.filter(
        candidate=candidate, after_workshop=workshop
    ).first()
    if found is not None:
        return found
    conversation = FollowUpConversation.objects.create(
        candidate=candidate,
        after_workshop=workshop,
        planned_for=planned_for,
        held_on=held_on,
        notes=notes,
    )
    AgreedItem.objects.bulk_create(
        AgreedItem(conversation=conversation, text=text, progress=progress)
        for text, progress in items
    )
    return conversation


def conversation_of(world: "World") -> FollowUpConversation:
    """Municipality A's conversation after workshop 1, held, with two items."""
    return make_conversation(
        workshop_of(world),
        candidate_of(world),
        held_on=AFTER_FIRST,
        notes="Good progress in care.",
        items=ITEMS,
    )


def second_workshop_of(world: "World") -> Workshop:
    return make_workshop(
        workshop_of(world).programme, number=2, starts_on=FIRST_DAY + datetime.timedelta(days=50)
    )


def make_note(workshop: Workshop, text: str = "Care works; language lags.") -> InternalNote:
    found = InternalNote.objects.filter(after_workshop=workshop).first()
    return found or InternalNote.objects.create(after_workshop=workshop, text=text)


def internal_note_of(world: "World") -> InternalNote:
    return make_note(workshop_of(world))
