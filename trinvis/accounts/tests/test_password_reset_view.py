"""Resetting a forgotten password through a one-time link sent by e-mail."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import choose_password, link_path_in_last_mail, log_in
from trinvis.core.models import AuditEvent

RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "a-brand-new-passphrase-17"


def ask_for_reset(client: Client, email: str):
    return client.post(RESET_URL, {"email": email})


def test_reset_sends_an_e_mail_with_a_link(world, client):
    response = ask_for_reset(client, "alice@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body


def test_link_lets_the_person_set_a_new_password_and_log_in_with_it(world, client):
    ask_for_reset(client, "alice@example.org")

    response = choose_password(Client(), link_path_in_last_mail(), NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert Client().get(response["Location"]).status_code == 200
    assert log_in(Client(), "alice@example.org", NEW_PASSWORD).status_code == 302
    assert log_in(Client(), "alice@example.org").status_code == 200, "old password refused"


def test_link_works_only_once(world, client):
    ask_for_reset(client, "alice@example.org")
    link = link_path_in_last_mail()
    choose_password(Client(), link, NEW_PASSWORD)

    second = Client().get(link, follow=True)

    assert not second.context["validlink"]
    assert User.objects.get(email="alice@example.org").check_password(NEW_PASSWORD)


def test_request_and_new_password_are_audited(world, client):
    ask_for_reset(client, "alice@example.org")
    choose_password(Client(), link_path_in_last_mail(), NEW_PASSWORD)

    actions = list(
        AuditEvent.objects.filter(actor_label="alice@example.org")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditEvent.Action.PASSWORD_RESET_REQUESTED,
        AuditEvent.Action.PASSWORD_CHANGED,
    ]


def test_unknown_address_gets_the_same_answer_and_no_e_mail(world, client):
    response = ask_for_reset(client, "nobody@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_address_in_capitals_still_gets_the_e_mail(world, client):
    ask_for_reset(client, "Alice@Example.org")

    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_tampered_link_is_refused(world, client):
    ask_for_reset(client, "alice@example.org")
    tampered = link_path_in_last_mail()[:-3] + "abc/"

    response = Client().get(tampered)

    assert response.status_code == 200
    assert not response.context["validlink"]
