"""axe-core on the personal-data pages with real content (a plain GET of the URL table shows
the erasure page of a person with almost no data): the erasure page listing every source a
person has data in and the texts of others that name them, its error state, the refusal,
and "My profile" with the download; and erasing works without JavaScript."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.accounts.models import User
from trinvis.accounts.tests.factories_personal_data import bob_with_data, person_who_left
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.learning.tests.factories_personal import make_entry

pytestmark = pytest.mark.browser


def _submit(page: Page, shows: str) -> None:
    page.locator("main form.trinvis-form button[type=submit]").click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def test_erase_page_with_content_errors_and_refusal_passes_axe(
    world: World, open_as: OpenAs
) -> None:
    bob_with_data(world)
    make_entry(world.alice, text="Asked Bob Employee to lead the next meeting.")
    admin = open_as(world.admin)
    admin.goto(reverse("accounts:person_erase", args=[world.bob.pk]))
    expect(admin.get_by_role("heading", name="Erase Bob Employee")).to_be_visible()
    expect(admin.get_by_role("table", name="Texts that name this person")).to_be_visible()
    assert_no_violations(admin, where="erase page with content")
    _submit(admin, ".ds-error-summary")
    assert_no_violations(admin, where="erase page without the confirmation")
    admin.goto(reverse("accounts:person_erase", args=[world.admin.pk]))
    expect(admin.get_by_text("You cannot erase yourself")).to_be_visible()
    assert_no_violations(admin, where="erasing oneself refused")


def test_profile_with_the_download_passes_axe(world: World, open_as: OpenAs) -> None:
    bob = open_as(world.bob)
    bob.goto(reverse("accounts:profile"))
    expect(bob.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    assert_no_violations(bob, where="profile")


def test_profile_with_who_has_viewed_the_data_passes_axe(world: World, open_as: OpenAs) -> None:
    # Access audit (issue 8): the list of who opened bob's data, filled.
    for record in ("motivation_check", "learning_goal", "course_enrolment"):
        audit_record(
            action=AuditEvent.Action.LEARNING_RECORDS_VIEWED,
            actor=world.alice,
            target=world.bob.email,
            details={"person": world.bob.pk, "record": record},
        )
    bob = open_as(world.bob)
    bob.goto(reverse("accounts:profile"))
    expect(bob.get_by_role("heading", name="Who has viewed your data")).to_be_visible()
    expect(bob.get_by_role("cell", name="A motivation check")).to_be_visible()
    assert_no_violations(bob, where="profile with who has viewed the data")


def test_erasing_works_without_javascript(world: World, open_as: OpenAs) -> None:
    bob_with_data(world)
    admin = open_as(world.admin, javascript=False)
    admin.goto(reverse("accounts:person_erase", args=[world.bob.pk]))
    admin.get_by_label("I understand that this cannot be undone").check()
    _submit(admin, ".ds-alert")
    assert not User.objects.get(pk=world.bob.pk).is_active


def test_dormant_accounts_list_passes_axe(world: World, open_as: OpenAs, settings) -> None:
    settings.TRINVIS_RETENTION_DORMANT_MONTHS = 24
    person_who_left(world, "left@example.org", "Lena Left", days_ago=900)
    admin = open_as(world.admin)
    admin.goto(reverse("accounts:dormant_accounts"))
    expect(admin.get_by_role("link", name="Lena Left")).to_be_visible()
    assert_no_violations(admin, where="dormant accounts")
