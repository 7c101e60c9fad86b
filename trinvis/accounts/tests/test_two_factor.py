"""Two-factor login: who must give a code, the set-up, the code step, recovery codes,
throttling, turning it off, and the audit entries. Codes are real TOTP codes computed from
the device's key, as the person's app would show them."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import World
from trinvis.accounts.models import User
from trinvis.accounts.tests.factories_two_factor import totp_code, totp_device
from trinvis.accounts.tests.helpers import log_in
from trinvis.accounts.two_factor.policy import SSO_SESSION_KEY, two_factor_required
from trinvis.accounts.two_factor.services import recovery_codes_regenerate
from trinvis.core.models import AuditEvent
from trinvis.organisations.services import organisation_update

Action = AuditEvent.Action
HOME = "/"
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")
CODES = reverse("accounts:two_factor_recovery_codes")
REMOVE = reverse("accounts:two_factor_remove")
API = reverse("api:toolkit_list")


def _logged_in_with_password_only(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _events(action: str, user: User) -> int:
    return AuditEvent.objects.filter(action=action, actor=user).count()


def _later(seconds: int) -> time_machine.travel:
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


def test_a_platform_administrator_without_an_app_is_sent_to_set_up(world: World) -> None:
    client = _logged_in_with_password_only(world.admin)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Faccounts%2Fprofile%2F"
    api = client.get(API)
    assert api.status_code == 403
    assert api.json() == {"detail": "Log in with your two-factor code first."}
    # The set-up page itself, and logging out, stay open.
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_setting_up_with_a_code_from_the_app_turns_it_on_and_shows_ten_codes_once(
    world: World,
) -> None:
    client = _logged_in_with_password_only(world.admin)
    page = client.get(SETUP, {"next": "/organisations/"})
    html = page.content.decode()
    assert '<svg role="img"' in html and "<script" not in html.split("<main")[1]
    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    secret = re.search(r'<code class="trinvis-secret">([A-Z2-7 ]+)</code>', html)
    assert secret and len(secret.group(1).replace(" ", "")) == 32
    # Reloading keeps the QR code the person may already have scanned.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=world.admin).count() == 1

    response = client.post(SETUP, {"code": totp_code(device), "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?next=%2Forganisations%2F"
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert 'href="/organisations/"' in codes_page
    assert client.get(CODES)["Location"] == reverse("accounts:profile")  # shown once
    assert client.get(HOME).status_code == 200  # the session counts as verified
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=world.admin).token_set.count() == 10
    assert _events(Action.TWO_FACTOR_ENABLED, world.admin) == 1


def test_a_person_with_an_app_gives_the_code_after_the_password(world: World) -> None:
    device = totp_device(world.admin)
    client = Client()
    response = log_in(client, world.admin.email)
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home["Location"] == f"{VERIFY}?next=%2F"
    assert "Enter the 6-digit code" in client.get(home["Location"]).content.decode()
    assert client.get(API).status_code == 403
    answer = client.post(VERIFY, {"code": totp_code(device), "next": "/"})
    assert answer["Location"] == "/"
    assert client.get(HOME).status_code == 200
    assert client.get(API).status_code == 200


def test_a_wrong_code_is_refused_logged_and_the_next_try_must_wait(world: World) -> None:
    device = totp_device(world.admin)
    client = _logged_in_with_password_only(world.admin)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert _events(Action.TWO_FACTOR_FAILED, world.admin) == 1
    # Right away even the right code is refused: django-otp's throttle doubles the wait.
    throttled = client.post(VERIFY, {"code": totp_code(device)})
    assert "Too many wrong codes" in throttled.content.decode()
    assert client.get(HOME).status_code == 302
    # A try the throttle turns away is not checked, so it writes no entry.
    assert _events(Action.TWO_FACTOR_FAILED, world.admin) == 1
    with _later(5):
        assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        assert client.get(HOME).status_code == 200


def test_a_recovery_code_works_once_and_is_logged(world: World) -> None:
    totp_device(world.admin)
    codes = recovery_codes_regenerate(user=world.admin)
    first = _logged_in_with_password_only(world.admin)
    response = first.post(VERIFY, {"code": codes[0].upper(), "next": "/"})
    assert response["Location"] == "/"
    assert first.get(HOME).status_code == 200
    assert _events(Action.RECOVERY_CODE_USED, world.admin) == 1
    assert AuditEvent.objects.get(action=Action.RECOVERY_CODE_USED).details == {"left": 9}

    with _later(5):
        second = _logged_in_with_password_only(world.admin)
        again = second.post(VERIFY, {"code": codes[0]})
        assert again.status_code == 200
        assert second.get(HOME).status_code == 302
        assert _events(Action.TWO_FACTOR_FAILED, world.admin) == 1


def test_new_recovery_codes_replace_the_old_ones(world: World, client_of) -> None:
    old = recovery_codes_regenerate(user=world.admin)
    client = client_of(world.admin)
    response = client.post(CODES, {"next": reverse("accounts:profile")})
    assert response.status_code == 302
    new = re.findall(
        r"<li><code>([a-z2-7]+)</code></li>", client.get(response["Location"]).content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    # One entry for the codes made before, one for the new ones.
    assert _events(Action.RECOVERY_CODES_REGENERATED, world.admin) == 2


def test_an_organisations_requirement_applies_to_its_members_and_below_only(
    world: World,
) -> None:
    organisation_update(organisation=world.municipality_a, by=world.admin, require_two_factor=True)
    assert two_factor_required(world.alice)  # member of municipality A
    assert two_factor_required(world.bob)  # member of a team below it
    assert not two_factor_required(world.charlie)  # another municipality
    assert not two_factor_required(world.fiona)  # the agency above it
    assert _logged_in_with_password_only(world.bob).get(HOME)["Location"].startswith(SETUP)
    assert _logged_in_with_password_only(world.charlie).get(HOME).status_code == 200
    assert _logged_in_with_password_only(world.fiona).get(HOME).status_code == 200
    world.bob.memberships.update(is_active=False)
    assert not two_factor_required(world.bob)  # an ended membership no longer counts


def test_a_requirement_switched_on_reaches_sessions_already_logged_in(
    world: World, settings
) -> None:
    alice = _logged_in_with_password_only(world.alice)
    assert alice.get(HOME).status_code == 200
    organisation_update(organisation=world.municipality_a, by=world.admin, require_two_factor=True)
    assert alice.get(HOME).status_code == 200  # the session's answer holds a few minutes
    settings.TRINVIS_TWO_FACTOR_RECHECK_SECONDS = 0
    assert alice.get(HOME)["Location"].startswith(SETUP)


def test_only_an_organisations_administrator_may_require_two_factor(
    world: World, client_of
) -> None:
    edit = reverse("organisations:edit", args=[world.municipality_a.pk])
    assert "require_two_factor" in client_of(world.admin).get(edit).content.decode()
    assert "require_two_factor" not in client_of(world.alice).get(edit).content.decode()
    # A leader's post of the field is ignored by the form, and refused by the service.
    client_of(world.alice).post(
        edit,
        {
            "name": "Municipality A",
            "country": "DK",
            "municipality_number": "461",
            "population": "210000",
            "require_two_factor": "on",
        },
    )
    world.municipality_a.refresh_from_db()
    assert not world.municipality_a.require_two_factor
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        organisation_update(
            organisation=world.municipality_a, by=world.alice, require_two_factor=True
        )


def test_turning_it_off_needs_a_code(world: World, client_of) -> None:
    device = totp_device(world.admin)
    client = client_of(world.admin)
    assert client.get(REMOVE).status_code == 200
    refused = client.post(REMOVE, {"code": "12345x"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=world.admin).exists()
    with _later(5):
        response = client.post(REMOVE, {"code": totp_code(device)})
        assert response["Location"] == reverse("accounts:profile")
        assert not TOTPDevice.objects.filter(user=world.admin).exists()
        assert _events(Action.TWO_FACTOR_DISABLED, world.admin) == 1
        # A platform administrator must use it, so the next page is the set-up again.
        assert client.get(HOME)["Location"].startswith(SETUP)


def test_anyone_may_turn_it_on_and_then_gives_a_code_at_login(world: World, client_of) -> None:
    bob = client_of(world.bob)
    profile = bob.get(reverse("accounts:profile")).content.decode()
    assert "Two-factor login is off" in profile
    bob.get(SETUP)
    device = TOTPDevice.objects.get(user=world.bob)
    bob.post(SETUP, {"code": totp_code(device)})
    assert "Two-factor login is on" in bob.get(reverse("accounts:profile")).content.decode()
    again = _logged_in_with_password_only(world.bob)
    assert again.get(HOME)["Location"] == f"{VERIFY}?next=%2F"


def test_a_single_sign_on_session_counts_as_verified(world: World) -> None:
    client = _logged_in_with_password_only(world.admin)
    session = client.session
    session[SSO_SESSION_KEY] = True
    session.save()
    assert client.get(HOME).status_code == 200


def test_htmx_requests_are_sent_to_the_step_by_htmx(world: World) -> None:
    totp_device(world.admin)
    client = _logged_in_with_password_only(world.admin)
    response = client.get(HOME, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{VERIFY}?next=%2F"


def test_people_without_two_factor_pay_no_query_for_it_on_their_pages(
    world: World, client_of
) -> None:
    client = client_of(world.charlie)
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]
    # The organisations' rule (organisations/two_factor.py) is an exists() on organisations.
    rule = 'SELECT 1 AS "a" FROM "organisations_organisation"'
    assert not [q for q in queries.captured_queries if q["sql"].startswith(rule)]
    with CaptureQueriesContext(connection) as first:
        client_of(world.fiona).get(HOME)
    assert [q for q in first.captured_queries if q["sql"].startswith(rule)]


@pytest.mark.parametrize("name", ["two_factor_verify", "two_factor_setup", "two_factor_remove"])
def test_the_steps_query_count_is_fixed(
    world: World, name: str, django_assert_max_num_queries
) -> None:
    if name != "two_factor_setup":
        totp_device(world.admin)
        recovery_codes_regenerate(user=world.admin)
    client = _logged_in_with_password_only(world.admin)
    if name == "two_factor_remove":
        session = client.session
        session[SSO_SESSION_KEY] = True
        session.save()
    with django_assert_max_num_queries(12):
        assert client.get(reverse(f"accounts:{name}")).status_code == 200


def test_the_profile_shows_the_status_and_codes_left(world: World, client_of) -> None:
    totp_device(world.admin)
    recovery_codes_regenerate(user=world.admin)
    html = client_of(world.admin).get(reverse("accounts:profile")).content.decode()
    assert "Two-factor login is on" in html
    assert "You have 10 unused recovery codes." in html
