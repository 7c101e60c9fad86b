"""axe-core on the competence profile pages' error states, which no plain GET shows: a
refused import, an edit with an added row, an edit refused with errors, and a conflict."""

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.competences.models import Profile
from trinvis.competences.tests.factories import make_profile

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def test_refused_import_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice)
    page.goto(reverse("competences:profile_import"))
    page.locator("#id_file").set_input_files(
        FilePayload(
            name="profile.csv",
            mimeType="text/csv",
            buffer=(
                b"field,value\nname,Team\n\n"
                b"category,ID number,name,description,expected level,goal\n"
                b"hobbies,a,Odd,,3,\nsocial,b,,,9,\n"
            ),
        )
    )
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    expect(page.locator(".ds-error-summary table tbody tr")).to_have_count(3)
    assert_no_violations(page, where="profile import with errors")
    assert not Profile.objects.filter(name="Team").exists()


def test_edit_with_an_added_row_and_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    profile = make_profile(world.municipality_a)
    page = open_as(world.alice)
    page.goto(reverse("competences:profile_edit", args=[profile.pk]))
    assert_no_violations(page, where="profile edit")
    _submit(page, "main form button[name=add]", "#id_c-5-name")
    assert_no_violations(page, where="profile edit with an added row")
    page.locator("#id_c-5-description").fill("A description but no name")
    page.locator("#id_name").fill("")
    _submit(page, "main form button[type=submit]:not([name])", ".ds-error-summary")
    assert_no_violations(page, where="profile edit with errors")


def test_edit_conflict_passes_axe(world: World, open_as: OpenAs) -> None:
    profile = make_profile(world.municipality_a)
    page = open_as(world.alice)
    page.goto(reverse("competences:profile_edit", args=[profile.pk]))
    Profile.objects.filter(pk=profile.pk).update(version=2)
    _submit(page, "main form button[type=submit]:not([name])", ".ds-alert")
    expect(page.locator(".ds-alert")).to_contain_text("Someone else saved the profile")
    assert_no_violations(page, where="profile edit conflict")
