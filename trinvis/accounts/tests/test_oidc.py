"""Single sign-on through OpenID Connect, against a provider stub on 127.0.0.1: the test
client follows the redirect to the stub's authorize address over real HTTP, and the callback
calls the stub's token, userinfo and JWKS endpoints over loopback."""

from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from django.test import Client
from django.urls import reverse

from trinvis.accounts.models import SingleSignOnIdentity, User
from trinvis.accounts.oidc import provider as oidc
from trinvis.accounts.personal_data.erase import person_erase
from trinvis.accounts.personal_data.export import personal_data
from trinvis.accounts.tests.helpers import is_logged_in, log_in
from trinvis.accounts.tests.oidc_stub import (
    CLIENT_ID,
    POST_LOGOUT_REDIRECT_URI,
)
from trinvis.accounts.tests.sso_helpers import (
    CALLBACK_URL,
    LOGIN_URL,
    START_URL,
    page_message,
    sso_log_in,
    to_provider,
)
from trinvis.core.models import AuditEvent

Action = AuditEvent.Action
LOGOUT_URL = reverse("accounts:logout")
LOGGED_OUT_URL = reverse("accounts:sso_logged_out")


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_without_configuration_there_is_no_button_and_no_sso_address(world, browser):
    assert "Log in with" not in browser.get(LOGIN_URL).content.decode()
    assert browser.get(START_URL).status_code == 404
    assert browser.get(CALLBACK_URL + "?code=x&state=y").status_code == 404


def test_login_page_shows_the_providers_button_without_asking_the_provider(
    world, browser, stub, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        page = browser.get(LOGIN_URL + "?next=/organisations/").content.decode()

    assert "Log in with Test IdP" in page
    assert f'href="{START_URL}?next=%2Forganisations%2F"' in page
    assert stub.seen == []


def test_existing_person_is_matched_by_e_mail_in_any_case(world, browser, stub):
    stub.person = {"sub": "idp-alice", "email": "Alice@Example.ORG", "name": "Alice"}

    response = sso_log_in(browser, stub)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert is_logged_in(browser)
    assert browser.session["_auth_user_id"] == str(world.alice.pk)
    assert browser.session[oidc.SSO_SESSION_KEY] is True
    identity = SingleSignOnIdentity.objects.get(user=world.alice)
    assert (identity.issuer, identity.subject) == (stub.issuer, "idp-alice")
    # Discovery, then the browser at authorize; then Trinvis itself at token, JWKS, userinfo.
    assert stub.seen == [
        "GET /.well-known/openid-configuration",
        "GET /authorize",
        "POST /token",
        "GET /jwks",
        "GET /userinfo",
    ]


def test_login_goes_on_to_the_local_address_it_started_from(world, browser, stub):
    response = sso_log_in(browser, stub, next_url="/organisations/")

    assert response["Location"] == "/organisations/"


def test_login_does_not_go_on_to_another_site(world, browser, stub):
    response = sso_log_in(browser, stub, next_url="https://evil.example/")

    assert response["Location"] == reverse("core:home")


def test_person_is_matched_by_subject_after_their_e_mail_changed(world, browser, stub):
    stub.person = {"sub": "idp-alice", "email": "alice@example.org"}
    sso_log_in(browser, stub)
    browser.post(reverse("accounts:logout"))
    stub.person = {"sub": "idp-alice", "email": "alice.married@kommune.example"}

    response = sso_log_in(browser, stub)

    assert response["Location"] == reverse("core:home")
    assert browser.session["_auth_user_id"] == str(world.alice.pk)
    assert not User.objects.filter(email="alice.married@kommune.example").exists()


def test_unknown_person_is_refused_and_told_to_ask_for_an_invitation(world, browser, stub):
    stub.person = {"sub": "idp-stranger", "email": "stranger@kommune.example"}
    users_before = User.objects.count()

    response = sso_log_in(browser, stub)

    page = page_message(browser, response)
    assert "Trinvis has no account for stranger@kommune.example" in page
    assert "Ask your administrator to send you an invitation." in page
    assert not is_logged_in(browser)
    assert User.objects.count() == users_before
    assert not SingleSignOnIdentity.objects.exists()
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor_label == "stranger@kommune.example"
    assert event.details["via"] == "sso"
    assert event.details["reason"] == "unknown_person"


def test_unknown_person_gets_an_account_without_roles_when_the_setting_allows(
    world, browser, stub, settings
):
    settings.TRINVIS_OIDC_CREATE_USERS = True
    stub.person = {"sub": "idp-new", "email": "New.Person@Kommune.example", "name": "New Person"}

    response = sso_log_in(browser, stub)

    assert response["Location"] == reverse("core:home")
    person = User.objects.get(email="new.person@kommune.example")
    assert person.full_name == "New Person"
    assert not person.has_usable_password()
    assert not person.memberships.exists()
    assert browser.session["_auth_user_id"] == str(person.pk)


def test_unverified_address_does_not_match_an_account(world, browser, stub):
    stub.person = {"sub": "idp-x", "email": "alice@example.org", "email_verified": False}

    response = sso_log_in(browser, stub)

    assert "Trinvis has no account for alice@example.org" in page_message(browser, response)
    assert not is_logged_in(browser)


def test_inactive_person_is_refused(world, browser, stub):
    world.bob.is_active = False
    world.bob.save()
    stub.person = {"sub": "idp-bob", "email": "bob@example.org"}

    response = sso_log_in(browser, stub)

    assert "Your Trinvis account is closed." in page_message(browser, response)
    assert not is_logged_in(browser)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.details["reason"] == "inactive"


def test_account_linked_to_another_login_at_the_provider_is_refused(world, browser, stub):
    SingleSignOnIdentity.objects.create(user=world.alice, issuer=stub.issuer, subject="old-one")
    stub.person = {"sub": "someone-else", "email": "alice@example.org"}

    response = sso_log_in(browser, stub)

    assert "linked to another login at Test IdP" in page_message(browser, response)
    assert not is_logged_in(browser)


def test_tampered_state_is_refused_before_the_code_is_used(world, browser, stub):
    back = to_provider(browser, stub)
    query = {key: values[0] for key, values in parse_qs(urlsplit(back).query).items()}

    response = browser.get(CALLBACK_URL + "?" + urlencode({**query, "state": "forged"}))

    assert "Logging in with Test IdP did not succeed." in page_message(browser, response)
    assert not is_logged_in(browser)
    assert "POST /token" not in stub.seen
    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).details["reason"] == "failed"


def test_a_state_works_only_once(world, browser, stub):
    back = to_provider(browser, stub)
    browser.get(back)
    browser.post(reverse("accounts:logout"))

    response = browser.get(back)

    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(browser)


def test_tampered_nonce_is_refused(world, browser, stub):
    stub.tamper_nonce = True

    response = sso_log_in(browser, stub)

    assert "did not succeed" in page_message(browser, response)
    assert not is_logged_in(browser)
    assert not SingleSignOnIdentity.objects.exists()


def test_id_token_signed_by_another_key_is_refused(world, browser, stub):
    stub.sign_with_other_key = True

    response = sso_log_in(browser, stub)

    assert "did not succeed" in page_message(browser, response)
    assert not is_logged_in(browser)
    assert "GET /jwks" in stub.seen


def test_id_token_issued_to_another_client_is_refused(world, browser, stub):
    stub.audience = "some-other-service"

    response = sso_log_in(browser, stub)

    assert "did not succeed" in page_message(browser, response)
    assert not is_logged_in(browser)


def test_provider_reporting_an_error_is_refused(world, browser, stub):
    to_provider(browser, stub)
    state = next(iter(browser.session["oidc_states"]))

    response = browser.get(
        CALLBACK_URL + "?" + urlencode({"error": "access_denied", "state": state})
    )

    assert "did not succeed" in page_message(browser, response)
    assert browser.session.get("oidc_states") == {}


def test_sso_login_is_audited_as_a_login_through_sso(world, browser, stub):
    sso_log_in(browser, stub, next_url="")

    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor == world.alice
    assert event.details == {"via": "sso", "provider": "Test IdP"}
    assert event.ip_address == "127.0.0.1"


def test_password_login_is_audited_without_sso_details(world, client):
    log_in(client, "alice@example.org")

    assert AuditEvent.objects.get(action=Action.LOGIN).details == {}


def test_password_form_with_a_code_in_its_address_does_not_reach_the_provider(world, browser, stub):
    response = browser.post(
        LOGIN_URL + "?code=abc&state=def", {"username": "alice@example.org", "password": "x"}
    )

    assert response.status_code == 200
    assert not is_logged_in(browser)
    assert stub.seen == []


def test_logout_ends_the_trinvis_session_and_the_one_at_the_provider(world, browser, stub):
    sso_log_in(browser, stub)
    [id_token] = stub.issued_id_tokens
    assert browser.session[oidc.SSO_ID_TOKEN_SESSION_KEY] == id_token

    response = browser.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{stub.base_url}/logout?")
    query = query_of(response["Location"])
    assert query["id_token_hint"] == id_token
    assert query["client_id"] == CLIENT_ID
    assert query["post_logout_redirect_uri"] == POST_LOGOUT_REDIRECT_URI
    assert len(query["state"]) >= 32
    assert not is_logged_in(browser)
    assert oidc.SSO_SESSION_KEY not in browser.session
    assert oidc.SSO_ID_TOKEN_SESSION_KEY not in browser.session
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=world.alice).count() == 1

    # The provider checks the hint and the registered address, and sends the browser back.
    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    assert stub.logouts == [query]
    assert back.headers["Location"] == f"{POST_LOGOUT_REDIRECT_URI}?state={query['state']}"
    returned = back.headers["Location"]
    landed = browser.get(urlsplit(returned).path, query_of(returned))

    page = page_message(browser, landed)
    assert "You are logged out of Trinvis and of Test IdP." in page
    assert not is_logged_in(browser)
    assert oidc.SSO_LOGOUT_STATE_SESSION_KEY not in browser.session


def test_back_from_the_provider_with_another_state_says_nothing(world, browser, stub):
    sso_log_in(browser, stub)
    browser.post(LOGOUT_URL)

    landed = browser.get(LOGGED_OUT_URL, {"state": "forged"})

    assert "You are logged out" not in page_message(browser, landed)
    # The state was used up: the right one no longer counts either.
    assert oidc.SSO_LOGOUT_STATE_SESSION_KEY not in browser.session


def test_password_login_logs_out_as_before_without_asking_the_provider(world, browser, stub):
    log_in(browser, "alice@example.org")
    assert is_logged_in(browser)

    response = browser.post(LOGOUT_URL)

    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(browser)
    assert stub.seen == []
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=world.alice).exists()


def test_provider_without_an_end_session_endpoint_logs_out_as_before(world, browser, stub):
    stub.offers_logout = False
    sso_log_in(browser, stub)

    response = browser.post(LOGOUT_URL)

    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(browser)
    assert "You are logged out" not in browser.get(LOGIN_URL).content.decode()
    assert "GET /logout" not in stub.seen


def test_provider_logout_can_be_switched_off(world, browser, stub, settings):
    settings.TRINVIS_OIDC_PROVIDER_LOGOUT = False
    sso_log_in(browser, stub)

    response = browser.post(LOGOUT_URL)

    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(browser)
    assert stub.logouts == []


def test_provider_out_of_reach_at_logout_still_ends_the_trinvis_session(
    world, browser, stub, settings
):
    sso_log_in(browser, stub)
    oidc._discovered.clear()
    settings.TRINVIS_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/"

    response = browser.post(LOGOUT_URL)

    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(browser)


def test_explicit_end_session_endpoint_works_without_discovery(world, browser, stub, settings):
    settings.TRINVIS_OIDC_DISCOVERY_URL = ""
    settings.TRINVIS_OIDC_AUTHORIZATION_ENDPOINT = f"{stub.base_url}/authorize"
    settings.TRINVIS_OIDC_TOKEN_ENDPOINT = f"{stub.base_url}/token"
    settings.TRINVIS_OIDC_JWKS_ENDPOINT = f"{stub.base_url}/jwks"
    settings.TRINVIS_OIDC_END_SESSION_ENDPOINT = f"{stub.base_url}/logout"
    sso_log_in(browser, stub)

    response = browser.post(LOGOUT_URL)

    assert response["Location"].startswith(f"{stub.base_url}/logout?")
    assert query_of(response["Location"])["id_token_hint"] == stub.issued_id_tokens[-1]


def test_logout_is_post_only(world, browser, stub):
    sso_log_in(browser, stub)

    assert browser.get(LOGOUT_URL).status_code == 405
    assert is_logged_in(browser)
    assert stub.logouts == []


def test_logout_keeps_its_csrf_check(world, stub):
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    sso_log_in(browser, stub)

    assert browser.post(LOGOUT_URL).status_code == 403
    assert is_logged_in(browser)
    assert "GET /logout" not in stub.seen


def test_the_id_token_is_shown_nowhere(world, browser, stub):
    sso_log_in(browser, stub)
    [id_token] = stub.issued_id_tokens
    signature = id_token.rsplit(".", 1)[1]

    for url in (
        reverse("core:home"),
        reverse("accounts:profile"),
        reverse("accounts:my_data_json"),
        LOGIN_URL,
    ):
        response = browser.get(url, follow=True)
        assert response.status_code == 200, url
        assert signature not in response.content.decode(), url
    assert all(signature not in cookie.value for cookie in browser.cookies.values())
    for event in AuditEvent.objects.all():
        assert signature not in str(event.details)


def test_explicit_endpoints_work_without_discovery(world, browser, stub, settings):
    settings.TRINVIS_OIDC_DISCOVERY_URL = ""
    settings.TRINVIS_OIDC_AUTHORIZATION_ENDPOINT = f"{stub.base_url}/authorize"
    settings.TRINVIS_OIDC_TOKEN_ENDPOINT = f"{stub.base_url}/token"
    settings.TRINVIS_OIDC_JWKS_ENDPOINT = f"{stub.base_url}/jwks"
    settings.TRINVIS_OIDC_TOKEN_AUTH = "client_secret_basic"
    stub.person = {"sub": "idp-charlie", "email": "charlie@example.org"}

    response = sso_log_in(browser, stub)

    assert response["Location"] == reverse("core:home")
    assert browser.session["_auth_user_id"] == str(world.charlie.pk)
    # No discovery, and no userinfo endpoint configured: the id_token's claims are used.
    assert stub.seen == ["GET /authorize", "POST /token", "GET /jwks"]


def test_explicit_endpoints_need_the_id_token_to_carry_the_address(world, browser, stub, settings):
    """Without a userinfo endpoint, an id_token with only a subject matches nobody new."""
    settings.TRINVIS_OIDC_DISCOVERY_URL = ""
    settings.TRINVIS_OIDC_AUTHORIZATION_ENDPOINT = f"{stub.base_url}/authorize"
    settings.TRINVIS_OIDC_TOKEN_ENDPOINT = f"{stub.base_url}/token"
    settings.TRINVIS_OIDC_JWKS_ENDPOINT = f"{stub.base_url}/jwks"
    stub.id_token_claims = ("sub",)

    response = sso_log_in(browser, stub)

    assert "the person you logged in as" in page_message(browser, response)


def test_provider_out_of_reach_at_the_start_is_explained(world, browser, stub, settings):
    settings.TRINVIS_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/"

    response = browser.get(START_URL)

    assert "Test IdP cannot be reached just now." in page_message(browser, response)


def test_address_claim_of_a_public_broker_is_a_setting(world, browser, stub, settings):
    """NemLog-in names the address with a URI claim; the setting says which claim to read."""
    claim = "https://data.gov.dk/model/core/eid/email"
    settings.TRINVIS_OIDC_EMAIL_CLAIM = claim
    stub.person = {"sub": "nemlogin-uuid", claim: "bob@example.org"}

    response = sso_log_in(browser, stub)

    assert response["Location"] == reverse("core:home")
    assert browser.session["_auth_user_id"] == str(world.bob.pk)


def test_the_link_is_in_the_persons_data_and_goes_when_they_are_erased(world, browser, stub):
    stub.person = {"sub": "idp-bob", "email": "bob@example.org"}
    sso_log_in(browser, stub)

    sections = {section.key: section for section in personal_data(person=world.bob)}
    assert sections["single_sign_on"].rows[0]["subject"] == "idp-bob"
    person_erase(by=world.admin, person=world.bob)
    assert not SingleSignOnIdentity.objects.filter(user=world.bob).exists()


def test_no_account_is_made_for_an_unverified_address(world, browser, stub, settings):
    settings.TRINVIS_OIDC_CREATE_USERS = True
    stub.person = {"sub": "idp-y", "email": "someone@kommune.example", "email_verified": False}

    response = sso_log_in(browser, stub)

    assert "Trinvis has no account for someone@kommune.example" in page_message(browser, response)
    assert not User.objects.filter(email="someone@kommune.example").exists()
