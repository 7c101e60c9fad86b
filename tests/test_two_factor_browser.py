"""Two-factor login in chromium: the platform administrator logs in with the password, is
led to set up an app (QR code and key), confirms with a code, sees the recovery codes, and at
the next login gives a code. axe-core checks every step, and the profile and removal pages."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.accounts.tests.factories_two_factor import totp_code

pytestmark = pytest.mark.browser

HOME = re.compile(r"^https?://[^/]+/$")


def _log_in(page: Page, email: str) -> None:
    page.goto(reverse("accounts:login"))
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()


def test_set_up_two_factor_then_log_in_with_a_code(world: World, open_as: OpenAs) -> None:
    page = open_as(None)
    _log_in(page, world.admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor login")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_no_violations(page, where="set-up")
    page.goto(reverse("organisations:list"))  # no way round the set-up
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor login")

    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    secret = page.locator("code.trinvis-secret").inner_text().replace(" ", "")
    assert len(secret) == 32
    page.get_by_label("Code").fill("000000" if totp_code(device) != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor login").click()
    expect(page.locator(".ds-validation-message")).to_contain_text("not right")
    assert_no_violations(page, where="set-up with a wrong code")

    time.sleep(1.5)  # django-otp's throttle: one second after a wrong code
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Turn on two-factor login").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".trinvis-recovery-codes li")).to_have_count(10)
    assert_no_violations(page, where="recovery codes")
    page.get_by_role("link", name="I have saved the codes, continue").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("organisations:list")) + "$"))

    page.goto(reverse("accounts:profile"))
    expect(page.get_by_text("Two-factor login is on")).to_be_visible()
    assert_no_violations(page, where="profile with two-factor on")
    page.get_by_role("link", name="Turn off two-factor login").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn off two-factor login")
    assert_no_violations(page, where="turn off")

    page.locator("form.trinvis-logout").get_by_role("button").click()
    _log_in(page, world.admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the 6-digit code")
    assert_no_violations(page, where="code step")
    device.refresh_from_db()
    # The code of the next 30 seconds: the one used at set-up cannot be used twice.
    page.get_by_label("Code").fill(totp_code(device, at=time.time() + device.step))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(HOME)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
