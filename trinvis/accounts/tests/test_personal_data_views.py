"""The download on "My profile" and the administrator's erasure page."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from trinvis.accounts.models import User
from trinvis.accounts.personal_data.erase import PERSON_ERASED
from trinvis.accounts.tests.factories_personal_data import bob_with_data, erasable_person
from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.core.models import AuditEvent
from trinvis.learning.models import LogbookEntry
from trinvis.learning.tests.factories_personal import make_entry
from trinvis.organisations.models import Membership

JSON_URL = reverse("accounts:my_data_json")
PDF_URL = reverse("accounts:my_data_pdf")


def erase_url(person: User) -> str:
    return reverse("accounts:person_erase", args=[person.pk])


# --- download ----------------------------------------------------------------------------------


def test_profile_offers_the_download(world, client_of):
    page = client_of(world.bob).get(reverse("accounts:profile")).content.decode()

    assert JSON_URL in page
    assert PDF_URL in page


def test_anonymous_visitor_is_sent_to_login(client):
    assert_redirects_to_login(client.get(JSON_URL), JSON_URL)
    assert_redirects_to_login(client.get(PDF_URL), PDF_URL)


def test_json_download_is_the_persons_own_data_as_an_attachment(world, client_of):
    bob_with_data(world)

    response = client_of(world.bob).get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="trinvis-my-data-')
    document = json.loads(response.content)
    assert document["person"]["email"] == "bob@example.org"
    assert len(document["sections"]["logbook"]["rows"]) == 2


def test_each_person_downloads_only_their_own(world, client_of):
    bob_with_data(world)

    document = json.loads(client_of(world.charlie).get(JSON_URL).content)

    assert document["person"]["email"] == "charlie@example.org"
    entries = [row["what_happened"] for row in document["sections"]["logbook"]["rows"]]
    assert entries == ["Charlie's own entry"]


def test_the_download_counts_others_texts_that_name_the_person_without_their_words(
    world, client_of
):
    colleague = make_user("carl@example.org", "Carl Colleague")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    make_entry(colleague, text="Bob Employee came late again")
    make_entry(world.bob, text="Bob Employee, that is me")  # in his own logbook section

    document = json.loads(client_of(world.bob).get(JSON_URL).content)

    assert document["named_by_others"] == [
        {"model": "learning.LogbookEntry", "title": "Logbook entries", "count": 1}
    ]
    assert "late again" not in json.dumps(document, ensure_ascii=False)
    assert json.loads(client_of(colleague).get(JSON_URL).content)["named_by_others"] == []


def test_pdf_download(world, client_of):
    bob_with_data(world)

    response = client_of(world.bob).get(PDF_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_download_is_in_the_audit_log(world, client_of):
    client_of(world.bob).get(JSON_URL)

    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_DATA_EXPORTED)
    assert (event.actor, event.target) == (world.bob, "bob@example.org")
    assert event.details == {"what": "own data", "format": "json"}


def test_download_query_count_does_not_grow_with_the_logbook(world, client_of):
    browser = client_of(world.bob)
    bob_with_data(world, entries=1)
    with CaptureQueriesContext(connection) as few:
        browser.get(JSON_URL)
    for number in range(60):
        make_entry(world.bob, text=f"Entry {number}")
    with CaptureQueriesContext(connection) as many:
        browser.get(JSON_URL)

    assert len(many) == len(few)


# --- erasure -----------------------------------------------------------------------------------


def test_erase_page_names_what_will_go(world, client_of):
    bob_with_data(world)

    response = client_of(world.admin).get(erase_url(world.bob))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Erase Bob Employee" in page
    assert "Logbook" in page
    assert "Competence ratings of you" in page
    assert 'name="confirm"' in page


def test_erase_needs_the_confirmation(world, client_of):
    response = client_of(world.admin).post(erase_url(world.bob), {})

    assert response.status_code == 200
    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert User.objects.get(pk=world.bob.pk).is_active


def test_administrator_erases_a_person(world, client_of):
    bob_with_data(world)

    response = client_of(world.admin).post(erase_url(world.bob), {"confirm": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("organisations:list")
    assert "The person is erased." in response.content.decode()
    assert not LogbookEntry.objects.filter(author=world.bob).exists()
    assert AuditEvent.objects.filter(action=PERSON_ERASED, actor=world.admin).count() == 1


def test_erasing_oneself_is_refused_with_a_message(world, client_of):
    browser = client_of(world.admin)

    page = browser.get(erase_url(world.admin)).content.decode()
    response = browser.post(erase_url(world.admin), {"confirm": "on"})

    assert "You cannot erase yourself" in page
    assert 'name="confirm"' not in page
    assert response.status_code == 200
    assert User.objects.get(pk=world.admin.pk).is_active


def test_only_the_platform_administrator_reaches_the_erase_page(world, client_of):
    for persona in (world.alice, world.bob, world.charlie, world.fiona):
        browser = client_of(persona)
        assert browser.get(erase_url(world.bob)).status_code == 403
        assert browser.post(erase_url(world.bob), {"confirm": "on"}).status_code == 403
    assert User.objects.get(pk=world.bob.pk).is_active


def test_an_unknown_person_is_404_for_the_administrator_and_403_for_others(world, client_of):
    url = reverse("accounts:person_erase", args=[999_999])

    assert client_of(world.admin).get(url).status_code == 404
    assert client_of(world.alice).get(url).status_code == 403


def test_erase_page_query_count_does_not_grow_with_the_data(world, client_of):
    erin = erasable_person(world)
    browser = client_of(world.admin)
    with CaptureQueriesContext(connection) as few:
        browser.get(erase_url(erin))
    for number in range(30):
        make_entry(erin, text=f"Entry {number}")
    with CaptureQueriesContext(connection) as many:
        browser.get(erase_url(erin))

    assert len(many) == len(few)


def test_membership_page_links_to_the_erasure_for_the_administrator_only(world, client_of):
    url = reverse("organisations:membership", args=[world.bob.memberships.get().pk])

    assert erase_url(world.bob) in client_of(world.admin).get(url).content.decode()
    assert erase_url(world.bob) not in client_of(world.alice).get(url).content.decode()
