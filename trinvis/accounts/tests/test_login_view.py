"""Logging in by e-mail, the audit trail of logins, and the lock after repeated failures."""

from django.test import Client
from django.urls import reverse

from trinvis.accounts.tests.helpers import PASSWORD, is_logged_in, log_in
from trinvis.core.models import AuditEvent

Action = AuditEvent.Action
LOGIN_URL = reverse("accounts:login")


def fail_times(client: Client, email: str, times: int, *, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        log_in(client, email, "wrong-password", ip=ip)


def test_login_page_is_shown_to_anonymous_visitors(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert 'type="email"' in response.content.decode()


def test_person_logs_in_with_e_mail_and_password(world, client):
    response = log_in(client, "alice@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert is_logged_in(client)


def test_e_mail_address_is_not_case_sensitive_at_login(world, client):
    response = log_in(client, "  Alice@Example.ORG ")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_login_follows_a_local_next_address(world, client):
    response = client.post(
        LOGIN_URL,
        {"username": "alice@example.org", "password": PASSWORD, "next": "/organisations/"},
    )

    assert response["Location"] == "/organisations/"


def test_login_ignores_a_next_address_on_another_site(world, client):
    response = client.post(
        LOGIN_URL,
        {"username": "alice@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("core:home")


def test_successful_login_is_audited_with_the_address(world, client):
    log_in(client, "alice@example.org", ip="192.0.2.10")

    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor == world.alice
    assert event.ip_address == "192.0.2.10"


def test_wrong_password_is_refused_and_audited_as_failed_login(world, client):
    response = log_in(client, "alice@example.org", "wrong-password", ip="192.0.2.10")

    assert response.status_code == 200
    assert not is_logged_in(client)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor_label == "alice@example.org"
    assert event.actor is None
    assert event.ip_address == "192.0.2.10"


def test_five_failures_lock_the_login_even_with_the_right_password(world, client):
    fail_times(client, "alice@example.org", 5)

    response = log_in(client, "alice@example.org", PASSWORD)

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=Action.LOGIN_LOCKED).exists()


def test_four_failures_do_not_lock_the_login(world, client):
    fail_times(client, "alice@example.org", 4)

    assert log_in(client, "alice@example.org").status_code == 302


def test_lock_cannot_be_dodged_by_writing_the_address_in_capitals(world, client):
    fail_times(client, "alice@example.org", 5)

    response = log_in(client, "ALICE@example.org", PASSWORD)

    assert response.status_code == 429
    assert not is_logged_in(client)


def test_lock_applies_only_to_the_address_the_failures_came_from(world, client):
    fail_times(client, "alice@example.org", 5, ip="10.0.0.66")

    response = log_in(Client(), "alice@example.org", PASSWORD, ip="10.0.0.1")

    assert response.status_code == 302


def test_inactive_person_cannot_log_in(world, client):
    world.bob.is_active = False
    world.bob.save()

    response = log_in(client, "bob@example.org")

    assert response.status_code == 200
    assert not is_logged_in(client)


def test_logged_in_person_visiting_login_goes_home(world, client_of):
    response = client_of(world.alice).get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_logout_ends_the_session_and_is_audited(world, client_of):
    browser = client_of(world.alice)

    response = browser.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(browser)
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=world.alice).exists()
