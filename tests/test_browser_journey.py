"""The main journeys, clicked through in chromium against the live server."""

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD, World
from tests.conftest import OpenAs
from trinvis.accounts.models import User
from trinvis.organisations.models import Membership

pytestmark = pytest.mark.browser

HOME = re.compile(r"^https?://[^/]+/$")


def test_log_in_switch_to_norwegian_browse_and_log_out(world: World, open_as: OpenAs) -> None:
    # Without JavaScript: every step is a plain link or form.
    page = open_as(None, javascript=False)
    page.goto(reverse("core:home"))
    assert page.url.endswith(reverse("accounts:login") + "?next=/")

    page.locator("#id_username").fill("alice@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(HOME)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alice")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The header form works without JavaScript: a select and a submit button.
    language_form = page.locator("form.trinvis-language")
    language_form.get_by_label("Language").select_option("nb")
    language_form.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("#language-select")).to_have_value("nb")
    world.alice.refresh_from_db()
    assert world.alice.language == "nb"

    page.locator("a.trinvis-brand").click()
    expect(page).to_have_url(HOME)
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("#home-organisation")).to_be_visible()

    organisations = reverse("organisations:list")
    nav_link = page.locator(f"nav.trinvis-nav a[href='{organisations}']")
    nav_link.click()
    expect(page).to_have_url(re.compile(re.escape(organisations) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(nav_link).to_have_attribute("aria-current", "page")
    expect(page.locator(".trinvis-tree").get_by_role("link", name="Municipality A")).to_be_visible()

    page.locator("form.trinvis-logout").get_by_role("button").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login")) + "$"))
    expect(page.locator("form.trinvis-logout")).to_have_count(0)
    page.goto(reverse("core:home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login")) + r"\?next=/$"))


def test_invited_person_accepts_through_the_email_link(
    world: World, open_as: OpenAs, mailoutbox: list[Any]
) -> None:
    people = reverse("organisations:people", kwargs={"pk": world.municipality_a.pk})
    leader = open_as(world.alice)
    leader.goto(people)
    leader.get_by_role("link", name="Invite a person").click()
    leader.locator("#id_full_name").fill("Nora Newcomer")
    leader.locator("#id_email").fill("nora@example.org")
    leader.locator("#id_organisation").select_option(str(world.unit_a_refugee.pk))
    leader.locator("#id_role").select_option("employee")
    leader.get_by_role("button", name="Invite").click()
    expect(leader).to_have_url(re.compile(re.escape(people) + "$"))
    expect(leader.locator(".trinvis-messages")).to_contain_text("Nora Newcomer is added")
    row = leader.locator("#people-table tr", has_text="nora@example.org")
    expect(row).to_contain_text("Invited")

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["nora@example.org"]
    match = re.search(r"https?://\S+/accounts/invitation/\S+/", email.body)
    assert match, email.body
    link = match.group(0)

    newcomer = open_as(None)
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Welcome to Trinvis")
    newcomer.locator("#id_new_password1").fill("a-long-and-quite-unusual-passphrase")
    newcomer.locator("#id_new_password2").fill("a-long-and-quite-unusual-passphrase")
    newcomer.get_by_role("button", name="Save password").click()
    expect(newcomer).to_have_url(HOME)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Welcome, Nora")
    expect(newcomer.locator(".trinvis-messages")).to_contain_text("Your password is set")
    expect(newcomer.locator(".trinvis-header__user")).to_have_text("Nora Newcomer")

    nora = User.objects.get(email="nora@example.org")
    assert nora.has_usable_password()
    assert Membership.objects.get(user=nora).organisation == world.unit_a_refugee

    # The link works once.
    newcomer.goto(link)
    expect(newcomer.get_by_text("This link has been used or has expired")).to_be_visible()
