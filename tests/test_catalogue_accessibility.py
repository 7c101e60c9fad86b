"""axe-core on the learning catalogue's pages with real content, and on the states no plain
GET shows: a form refused with errors, an edit conflict, a refused delete, the messages after
a step button, and the pages without JavaScript."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.competences.tests.factories import make_profile
from trinvis.learning.models import Activity
from trinvis.learning.tests.factories_catalogue import (
    make_activity,
    make_principle,
    make_programme,
    module,
    use_in_plan,
)

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _catalogue(world: World) -> None:
    profile = make_profile(world.municipality_a)
    programme = make_programme(world.municipality_a)
    module(programme, 1).competences.set(profile.competences.all()[:2])
    use_in_plan(make_activity(world.municipality_a))
    make_principle(world.municipality_a)


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_catalogue_pages_with_content_pass_axe(persona: str, world: World, open_as: OpenAs) -> None:
    _catalogue(world)
    programme = make_programme(world.municipality_a)
    first = module(programme, 1)
    page = open_as(getattr(world, persona))
    for url in (
        reverse("learning:index"),
        reverse("learning:activity_list"),
        reverse("learning:activity_list") + "?kind=module&when=upcoming&q=Module",
        reverse("learning:activity_detail", args=[first.pk]),
        reverse("learning:programme_detail", args=[programme.pk]),
        reverse("learning:path_detail", args=[programme.paths.get(name="Job path").pk]),
        reverse("learning:principles"),
        reverse("learning:principle_list", args=[world.municipality_a.pk]),
    ):
        page.goto(url)
        assert_no_violations(page, where=f"{persona} {url}")


def test_activity_form_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    make_profile(world.municipality_a)
    page = open_as(world.alice)
    page.goto(reverse("learning:activity_create"))
    assert_no_violations(page, where="new activity")
    page.locator("#id_title").fill("A course")
    page.locator("#id_starts_on").fill("2030-03-02")
    page.locator("#id_ends_on").fill("2030-03-01")
    page.locator("#id_reminder_days").fill("a week")
    page.locator("#id_competences_0").check()
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    expect(page.locator("#id_competences_0")).to_be_checked()
    assert_no_violations(page, where="new activity with errors")
    assert not Activity.objects.exists()


def test_edit_conflict_and_refused_delete_pass_axe(world: World, open_as: OpenAs) -> None:
    activity = make_activity(world.municipality_a)
    page = open_as(world.alice)
    page.goto(reverse("learning:activity_edit", args=[activity.pk]))
    Activity.objects.filter(pk=activity.pk).update(version=5)
    _submit(page, "main form button[type=submit]", ".ds-alert")
    expect(page.locator(".ds-alert")).to_contain_text("Someone else saved the activity")
    assert_no_violations(page, where="activity edit conflict")
    use_in_plan(activity)
    page.goto(reverse("learning:activity_delete", args=[activity.pk]))
    expect(page.locator(".ds-alert")).to_contain_text("cannot be deleted")
    assert_no_violations(page, where="refused delete")


def test_path_steps_work_without_javascript_and_pass_axe(world: World, open_as: OpenAs) -> None:
    programme = make_programme(world.municipality_a)
    path = programme.paths.get(name="Short path")
    url = reverse("learning:path_detail", args=[path.pk])
    page = open_as(world.alice, javascript=False)
    page.goto(url)
    page.locator("#add-module").select_option(label="Module 2: Employer contact")
    _submit(page, "main form button:has-text('Add to the path')", ".trinvis-messages")
    expect(page.locator("#steps + .trinvis-table-wrap tbody tr")).to_have_count(3)
    page.locator("main form button[value=up]").last.click()
    page.wait_for_load_state("load")
    expect(page.locator(".trinvis-messages")).to_contain_text("moved up")
    titles = [step.activity.title for step in path.steps.order_by("position")]
    assert titles == [
        "Module 3: Follow-up",
        "Module 2: Employer contact",
        "Module 1: The local labour market",
    ]
    # axe needs JavaScript: the same page and its message, in a browser that runs it.
    page = open_as(world.alice)
    page.goto(url)
    page.locator("main form button[value=remove]").last.click()
    page.wait_for_load_state("load")
    expect(page.locator(".trinvis-messages")).to_contain_text("taken out")
    assert_no_violations(page, where="path after taking a step out")


def test_adopting_principles_and_a_refused_principle_form_pass_axe(
    world: World, open_as: OpenAs
) -> None:
    page = open_as(world.alice)
    page.goto(reverse("learning:principle_list", args=[world.municipality_a.pk]))
    _submit(page, "#starter ~ form button[type=submit]", ".trinvis-messages")
    assert_no_violations(page, where="principles after adopting")
    page.goto(reverse("learning:principle_create", args=[world.municipality_a.pk]))
    _submit(page, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(page, where="principle form with errors")
