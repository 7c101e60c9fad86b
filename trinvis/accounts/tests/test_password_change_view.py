"""Changing one's own password while logged in."""

from django.test import Client
from django.urls import reverse

from trinvis.accounts.tests.helpers import PASSWORD, assert_redirects_to_login, is_logged_in, log_in
from trinvis.core.models import AuditEvent

URL = reverse("accounts:password_change")
NEW_PASSWORD = "another-long-passphrase-55"


def change(client: Client, old: str = PASSWORD):
    return client.post(
        URL, {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )


def test_anonymous_visitor_is_sent_to_login(client):
    assert_redirects_to_login(client.get(URL), URL)


def test_person_changes_password_stays_logged_in_and_it_is_audited(world, client_of):
    browser = client_of(world.alice)

    response = change(browser)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert is_logged_in(browser)
    assert browser.get(reverse("core:home")).status_code == 200
    assert log_in(Client(), "alice@example.org", NEW_PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PASSWORD_CHANGED, actor=world.alice
    ).exists()


def test_wrong_old_password_changes_nothing(world, client_of):
    response = change(client_of(world.alice), old="not-my-password")

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert log_in(Client(), "alice@example.org", PASSWORD).status_code == 302
