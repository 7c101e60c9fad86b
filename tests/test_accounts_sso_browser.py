"""Single sign-on in a real browser: chromium follows the login page's link to the provider
stub on 127.0.0.1 and the redirects back to the live server, and on logging out the
redirects through the provider's logout and back. axe-core checks the login page with the
button shown, with a refusal explained on it and after the logout at the provider."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.accounts.tests.oidc_stub import OIDCStub, configured_stub
from trinvis.core.models import AuditEvent

pytestmark = pytest.mark.browser


@pytest.fixture
def stub(settings: Any) -> Iterator[OIDCStub]:
    with configured_stub(settings) as provider:
        yield provider


def test_person_logs_in_through_the_provider_end_to_end(
    world: World, open_as: OpenAs, stub: OIDCStub
) -> None:
    stub.person = {"sub": "idp-alice", "email": "alice@example.org", "name": "Alice"}
    page = open_as(None)
    page.goto("/accounts/login/?next=/organisations/")
    button = page.get_by_role("link", name="Log in with Test IdP")
    expect(button).to_be_visible()
    assert_no_violations(page, where="login page with the single sign-on button")

    button.click()

    page.wait_for_url("**/organisations/")
    assert "GET /authorize" in stub.seen
    assert "POST /token" in stub.seen
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert event.actor == world.alice
    assert event.details["via"] == "sso"


def test_person_logs_out_at_the_provider_too_and_lands_back_on_the_login_page(
    world: World, open_as: OpenAs, stub: OIDCStub, live_server: Any
) -> None:
    stub.person = {"sub": "idp-alice", "email": "alice@example.org", "name": "Alice"}
    stub.post_logout_redirect_uri = live_server.url + reverse("accounts:sso_logged_out")
    page = open_as(None)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in with Test IdP").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Log out").click()

    expect(page.get_by_text("You are logged out of Trinvis and of Test IdP.")).to_be_visible()
    assert page.url.endswith("/accounts/login/")
    [logout] = stub.logouts
    assert logout["id_token_hint"] == stub.issued_id_tokens[-1]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT, actor=world.alice).exists()
    assert_no_violations(page, where="login page after logging out at the provider")


def test_refusal_is_explained_on_the_login_page_and_passes_axe(
    world: World, open_as: OpenAs, stub: OIDCStub
) -> None:
    stub.person = {"sub": "idp-nobody", "email": "nobody@kommune.example"}
    page = open_as(None)
    page.goto("/accounts/login/")

    page.get_by_role("link", name="Log in with Test IdP").click()

    expect(page.get_by_text("Trinvis has no account for nobody@kommune.example")).to_be_visible()
    assert page.url.endswith("/accounts/login/")
    assert_no_violations(page, where="login page with a single sign-on refusal")


def test_single_sign_on_works_without_javascript(
    world: World, open_as: OpenAs, stub: OIDCStub
) -> None:
    stub.person = {"sub": "idp-bob", "email": "bob@example.org"}
    page = open_as(None, javascript=False)
    page.goto("/accounts/login/")

    page.get_by_role("link", name="Log in with Test IdP").click()

    expect(page.get_by_role("heading", name="Welcome, Bob")).to_be_visible()
