"""axe-core on the pages of the procedure around a course and of implementation, with real
content (a plain GET of the URL table shows them mostly empty) and in the states no plain
GET shows: forms refused with errors, an edit conflict, a confidence drop, the messages
after marking a task done; and the plan page without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.learning.models import Enrolment, ImplementationItem, ImplementationPlan
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import (
    days,
    item_of,
    make_enrolment,
    make_meeting,
    make_plan,
    make_task,
)

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> tuple[Enrolment, ImplementationPlan]:
    activity = make_activity(world.municipality_a)
    activity.description = "Two days of conversations."
    activity.preparation = "Read the guide."
    activity.follow_up_day_at = timezone.now() + datetime.timedelta(days=80)
    activity.follow_up_day_place = "Room 2"
    activity.save()
    enrolment = make_enrolment(activity, world.bob)
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    make_task(plan, by=world.alice, responsible=world.bob, deadline=days(-2))
    make_meeting(plan, by=world.alice, confidence=7, held_on=days(-20))
    make_meeting(plan, by=world.alice, confidence=4, held_on=days(-2))
    return enrolment, plan


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    enrolment, plan = _content(world)
    bob = open_as(world.bob)
    for name, args in (
        ("learning:enrolment_before", [enrolment.pk]),
        ("learning:activity_after", [enrolment.activity_id]),
        ("learning:implementation_list", []),
        ("learning:implementation_detail", [plan.pk]),
        ("learning:implementation_print", [plan.pk]),
        ("learning:implementation_meeting", [plan.meetings.first().pk]),  # type: ignore[union-attr]
        ("learning:tasks", []),
        ("learning:index", []),
    ):
        bob.goto(reverse(name, args=args))
        if name == "learning:implementation_detail":
            expect(bob.locator(".trinvis-chart--drawn")).to_have_count(1)
            expect(bob.locator("main")).to_contain_text("Confidence has fallen")
        assert_no_violations(bob, where=f"bob: {name}")
    alice = open_as(world.alice)
    for name, args in (
        ("learning:enrolment_before", [enrolment.pk]),
        ("learning:activity_after", [enrolment.activity_id]),
        ("learning:implementation_edit", [plan.pk]),
        ("learning:implementation_delete", [plan.pk]),
        ("learning:implementation_item_edit", [item_of(plan).pk]),
    ):
        alice.goto(reverse(name, args=args))
        assert_no_violations(alice, where=f"alice: {name}")


def test_forms_with_errors_and_conflicts_pass_axe(world: World, open_as: OpenAs) -> None:
    enrolment, plan = _content(world)
    alice = open_as(world.alice)
    alice.goto(reverse("learning:implementation_create"))
    assert_no_violations(alice, where="new plan")
    _submit(alice, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(alice, where="new plan with errors")

    alice.goto(reverse("learning:implementation_meeting_create", args=[plan.pk]))
    assert_no_violations(alice, where="new meeting")
    alice.locator("#id_held_on").fill(days(5).isoformat())
    _submit(alice, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(alice, where="meeting with errors")

    item = item_of(plan, ImplementationItem.Area.GOALS)
    alice.goto(reverse("learning:implementation_item_edit", args=[item.pk]))
    ImplementationItem.objects.filter(pk=item.pk).update(version=item.version + 3)
    alice.locator("#id_description").fill("Changed meanwhile")
    _submit(alice, "main form button[type=submit]", ".ds-alert")
    expect(alice.locator("main")).to_contain_text("Someone else saved the item")
    assert_no_violations(alice, where="item conflict")

    bob = open_as(world.bob)
    bob.goto(reverse("learning:enrolment_before", args=[enrolment.pk]))
    Enrolment.objects.filter(pk=enrolment.pk).update(reflections="From another tab")
    bob.locator("#id_reflections").fill("Mine")
    _submit(bob, "main form button[type=submit]", ".ds-alert[role=alert]")
    assert_no_violations(bob, where="preparation conflict")

    bob.goto(reverse("learning:tasks"))
    _submit(bob, "main form button[type=submit]", ".trinvis-messages")
    assert_no_violations(bob, where="task marked done")


def test_the_plan_works_without_javascript(world: World, open_as: OpenAs) -> None:
    """The chart falls back to its table, and an item is added to an area with plain forms."""
    _enrolment, plan = _content(world)
    page = open_as(world.alice, javascript=False)
    page.goto(reverse("learning:implementation_detail", args=[plan.pk]))
    expect(page.locator(".trinvis-chart__fallback")).to_be_visible()
    page.locator("#add-area").select_option(value=ImplementationItem.Area.QUALITY)
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("#id_area")).to_have_value(ImplementationItem.Area.QUALITY)
    page.locator("#id_activities").fill("Super-users in each team")
    _submit(page, "main form.trinvis-form button[type=submit]", ".trinvis-messages")
    expect(page.locator("main")).to_contain_text("Super-users in each team")
    assert plan.items.filter(area=ImplementationItem.Area.QUALITY).count() == 2
