"""Who has viewed your data, on My profile: the last 12 months of others opening one's data,
who, what and when; never one's own reading, never someone else's events."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.accounts.personal_data import viewed
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record

URL = reverse("accounts:profile")
Action = AuditEvent.Action


def _opened(world: World, *, by, person, record: str = "logbook_entry") -> AuditEvent:
    return audit_record(
        action=Action.LEARNING_RECORDS_VIEWED,
        actor=by,
        target=person.email,
        details={"person": person.pk, "record": record},
    )


def test_profile_lists_who_opened_what_and_when(world: World, client_of) -> None:
    _opened(world, by=world.alice, person=world.bob, record="motivation_check")
    audit_record(
        action=Action.RATINGS_VIEWED,
        actor=world.alice,
        target=world.bob.email,
        details={"round": 1, "view": "person", "person": world.bob.pk},
    )
    _opened(world, by=world.alice, person=world.charlie)  # about someone else

    response = client_of(world.bob).get(URL)

    rows = response.context["data_views"]
    assert [row.what for row in rows] == [
        "A person’s competence ratings opened",
        "A motivation check",
    ]
    assert {row.who for row in rows} == {"Alice Leader (alice@example.org)"}
    assert response.context["data_views_total"] == 2
    page = response.content.decode()
    assert "Who has viewed your data" in page
    assert "A motivation check" in page


def test_nobody_yet_is_said(world: World, client_of) -> None:
    page = client_of(world.bob).get(URL).content.decode()

    assert "Nobody else has opened your data in the last 12 months." in page


def test_only_the_last_twelve_months_are_listed(world: World, client_of) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=viewed.SHOWN_DAYS + 2)):
        _opened(world, by=world.alice, person=world.bob, record="follow_up")
    _opened(world, by=world.alice, person=world.bob, record="learning_goal")

    rows = client_of(world.bob).get(URL).context["data_views"]

    assert [row.what for row in rows] == ["A learning goal"]


def test_an_event_the_person_caused_is_not_listed(world: World, client_of) -> None:
    audit_record(
        action=Action.PERSONAL_DATA_EXPORTED,
        actor=world.bob,
        target=world.bob.email,
        subject=world.bob,
    )

    assert client_of(world.bob).get(URL).context["data_views"] == []


def test_the_list_is_capped_and_the_count_says_how_many(world: World, client_of) -> None:
    for _ in range(viewed.SHOWN_AT_MOST + 3):
        _opened(world, by=world.alice, person=world.bob)

    response = client_of(world.bob).get(URL)

    assert len(response.context["data_views"]) == viewed.SHOWN_AT_MOST
    assert response.context["data_views_total"] == viewed.SHOWN_AT_MOST + 3
    assert "the download of your data holds them all" in response.content.decode()


def test_query_count_does_not_grow_with_the_views(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    bob = client_of(world.bob)
    _opened(world, by=world.alice, person=world.bob)
    with django_assert_max_num_queries(16) as few:
        bob.get(URL)
    for _ in range(viewed.SHOWN_AT_MOST + 5):
        _opened(world, by=world.fiona, person=world.bob)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        bob.get(URL)
