"""The logbook: private by default, shared per entry with leaders or the team, never seen
by anyone while private; written and changed by its author only; printable."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.accounts.tests.factories_two_factor import session_verify
from trinvis.core.models import AuditEvent
from trinvis.learning.access import logbook_entries_shared_with
from trinvis.learning.audit import PERSONAL_RECORD_OPENED
from trinvis.learning.models import LogbookEntry, Sharing
from trinvis.learning.services.logbook import version_token
from trinvis.learning.tests.factories_personal import extra_people, make_entry
from trinvis.organisations.models import Membership


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    session_verify(client, user)  # two-factor login: the administrator gave the code
    return client


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "date": timezone.localdate().isoformat(),
        "what_happened": "First day of the course",
        "what_puzzled": "",
        "want_more": "",
        "other": "",
        "activity": "",
        "sharing": Sharing.PRIVATE,
    }
    data.update(changes)
    return data


# --- writing ----------------------------------------------------------------------------------


def test_a_new_entry_is_private_unless_the_author_chooses(world: World, client_of) -> None:
    page = client_of(world.bob).get(reverse("learning:logbook_create")).content.decode()
    assert re.search(r'value="private"[^>]*checked', page)
    assert not re.search(r'value="(leader|team)"[^>]*checked', page)
    for what in ("Only me", "Me and my leaders", "My team and my leaders"):
        assert what in page
    response = client_of(world.bob).post(reverse("learning:logbook_create"), _form())
    assert response.status_code == 302
    entry = LogbookEntry.objects.get()
    assert entry.author == world.bob and entry.sharing == Sharing.PRIVATE


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"what_happened": "  "}, "Write something in at least one of the four fields."),
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "A logbook entry is about a day that has come.",
        ),
        ({"sharing": "everyone"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_reason(world: World, client_of, changes, message) -> None:
    response = client_of(world.bob).post(reverse("learning:logbook_create"), _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LogbookEntry.objects.exists()


def test_the_author_changes_and_shares_an_entry(world: World, client_of) -> None:
    entry = make_entry(world.bob)
    response = client_of(world.bob).post(
        reverse("learning:logbook_edit", args=[entry.pk]),
        _form(base_token=version_token(entry), what_puzzled="Why so few", sharing=Sharing.LEADER),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.sharing == Sharing.LEADER and entry.what_puzzled == "Why so few"


def test_an_edit_opened_before_another_save_is_a_conflict(world: World, client_of) -> None:
    entry = make_entry(world.bob)
    opened = version_token(entry)
    client_of(world.bob).post(
        reverse("learning:logbook_edit", args=[entry.pk]),
        _form(base_token=opened, what_happened="From the first tab"),
    )
    response = client_of(world.bob).post(
        reverse("learning:logbook_edit", args=[entry.pk]),
        _form(base_token=opened, what_happened="From the second tab"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "saved elsewhere" in page
    assert "From the second tab" in page
    entry.refresh_from_db()
    assert entry.what_happened == "From the first tab"


def test_the_author_deletes_an_entry(world: World, client_of) -> None:
    entry = make_entry(world.bob)
    response = client_of(world.bob).post(reverse("learning:logbook_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not LogbookEntry.objects.exists()


# --- who reads what ---------------------------------------------------------------------------


def test_nobody_else_reads_a_private_entry_not_even_leaders_or_the_admin(world: World) -> None:
    people = extra_people(world)
    entry = make_entry(world.bob, text="Only for me")
    outsiders = [
        world.alice,
        world.admin,
        people.colleague,
        people.consultant,
        people.unit_employee,
        world.charlie,
        world.fiona,
    ]
    for outsider in outsiders:
        client = _client(outsider)
        assert client.get(reverse("learning:logbook_entry", args=[entry.pk])).status_code == 404
        assert client.get(reverse("learning:logbook_edit", args=[entry.pk])).status_code == 404
        assert "Only for me" not in client.get(reverse("learning:logbook_shared")).content.decode()
    person_page = _client(world.alice).get(reverse("learning:person", args=[world.bob.pk]))
    assert "Only for me" not in person_page.content.decode()
    assert not logbook_entries_shared_with(world.alice).exists()


def test_an_entry_for_leaders_is_read_by_leaders_only(world: World) -> None:
    people = extra_people(world)
    entry = make_entry(world.bob, sharing=Sharing.LEADER, text="For my leader")
    url = reverse("learning:logbook_entry", args=[entry.pk])
    assert _client(world.alice).get(url).status_code == 200
    for outsider in (
        people.colleague,
        people.consultant,
        people.unit_employee,
        world.charlie,
        world.fiona,
    ):
        assert _client(outsider).get(url).status_code == 404
    # A leader reads it but does not write in someone else's logbook.
    assert (
        _client(world.alice).get(reverse("learning:logbook_edit", args=[entry.pk])).status_code
        == 403
    )
    assert (
        _client(world.alice).post(reverse("learning:logbook_delete", args=[entry.pk])).status_code
        == 403
    )
    assert LogbookEntry.objects.filter(pk=entry.pk).exists()


def test_team_sharing_reaches_only_the_authors_own_organisations(world: World) -> None:
    people = extra_people(world)
    entry = make_entry(world.bob, sharing=Sharing.TEAM, text="For the team")
    url = reverse("learning:logbook_entry", args=[entry.pk])
    # Dora is in bob's team; Ulla is in the unit above it, Conor in the municipality.
    assert _client(people.colleague).get(url).status_code == 200
    assert _client(world.alice).get(url).status_code == 200
    for outsider in (people.unit_employee, people.consultant, world.charlie, world.fiona):
        assert _client(outsider).get(url).status_code == 404
    assert list(logbook_entries_shared_with(people.colleague)) == [entry]
    assert not logbook_entries_shared_with(people.unit_employee).exists()
    # When bob leaves the team, its members no longer read his entries.
    Membership.objects.filter(user=world.bob).update(is_active=False)
    assert _client(people.colleague).get(url).status_code == 404
    assert not logbook_entries_shared_with(people.colleague).exists()


def test_shared_with_me_lists_what_each_reader_may_read(world: World, client_of) -> None:
    people = extra_people(world)
    make_entry(world.bob, text="Bob private")
    make_entry(world.bob, sharing=Sharing.LEADER, text="Bob for leaders")
    make_entry(world.bob, sharing=Sharing.TEAM, text="Bob for the team")
    make_entry(people.colleague, sharing=Sharing.TEAM, text="Dora for the team")
    as_alice = client_of(world.alice).get(reverse("learning:logbook_shared")).content.decode()
    assert "Bob for leaders" in as_alice and "Bob for the team" in as_alice
    assert "Dora for the team" in as_alice and "Bob private" not in as_alice
    as_dora = client_of(people.colleague).get(reverse("learning:logbook_shared")).content.decode()
    assert "Bob for the team" in as_dora
    assert "Bob for leaders" not in as_dora and "Bob private" not in as_dora
    assert "Dora for the team" not in as_dora  # her own entries are in her own logbook


def test_reading_someone_elses_entry_is_audited(world: World, client_of) -> None:
    entry = make_entry(world.bob, sharing=Sharing.LEADER)
    client_of(world.bob).get(reverse("learning:logbook_entry", args=[entry.pk]))
    opened = AuditEvent.objects.filter(action=PERSONAL_RECORD_OPENED)
    assert not opened.exists()
    client_of(world.alice).get(reverse("learning:logbook_entry", args=[entry.pk]))
    assert opened.get().details == {
        "person": world.bob.pk,
        "record": "logbook_entry",
        "pk": entry.pk,
    }


# --- pages ------------------------------------------------------------------------------------


def test_my_logbook_and_its_printable_version_show_only_my_entries(world: World, client_of) -> None:
    people = extra_people(world)
    make_entry(world.bob, text="Mine, private")
    make_entry(world.bob, sharing=Sharing.TEAM, text="Mine, shared")
    make_entry(people.colleague, sharing=Sharing.TEAM, text="Dora's")
    for name in ("learning:logbook", "learning:logbook_print"):
        page = client_of(world.bob).get(reverse(name)).content.decode()
        assert "Mine, private" in page and "Mine, shared" in page and "Dora&#x27;s" not in page
    printable = client_of(world.bob).get(reverse("learning:logbook_print")).content.decode()
    assert "Logbook of Bob Employee" in printable and "reports.css" in printable


def test_the_logbook_page_query_count_does_not_grow_with_entries(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(world.bob)
    make_entry(world.bob)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("learning:logbook"))
    for day in range(15):
        make_entry(world.bob, date=timezone.localdate() - datetime.timedelta(days=day + 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("learning:logbook"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("learning:logbook_print"))
