"""axe-core on the personal learning pages with data in them (a plain GET of the URL table
shows them mostly empty) and in their error and conflict states: my learning with its
trend chart, a person's page for their leader, goal, logbook and motivation forms with
errors, and a follow-up talk with its agenda."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.learning.models import FollowUp, LearningGoal, LearningPreferences, Sharing
from trinvis.learning.services.goals import goal_confirm, goal_review
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment, make_meeting
from trinvis.learning.tests.factories_implementation import make_plan as make_implementation
from trinvis.learning.tests.factories_personal import (
    make_check,
    make_entry,
    make_follow_up,
    make_goal,
)
from trinvis.learning.tests.factories_plans import add_row
from trinvis.learning.tests.factories_plans import make_plan as make_education_plan

pytestmark = pytest.mark.browser


def _days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _bob_with_records(world: World) -> tuple[LearningGoal, FollowUp]:
    goal = make_goal(world.bob, world.team_a)
    goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    goal_review(by=world.alice, goal=goal, outcome=LearningGoal.Outcome.PARTLY, evidence="Once")
    make_goal(world.bob, world.team_a, what="Employer-oriented conversations")
    make_entry(world.bob, text="Private entry")
    make_entry(world.bob, sharing=Sharing.LEADER, text="Shared with my leader")
    make_check(world.bob, taken_on=_days(-60), frame=5)
    make_check(world.bob, taken_on=_days(-30), frame=4)
    make_check(world.bob, taken_on=_days(-1), frame=2, will=3)
    talk = make_follow_up(world.bob, world.alice, planned_for=_days(2))
    return goal, talk


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def test_pages_with_records_pass_axe(world: World, open_as: OpenAs) -> None:
    goal, talk = _bob_with_records(world)
    bob = open_as(world.bob)
    for name, args in (
        ("learning:me", []),
        ("learning:motivation", []),
        ("learning:logbook", []),
        ("learning:logbook_print", []),
        ("learning:goal_detail", [goal.pk]),
        ("learning:follow_up", [talk.pk]),
    ):
        bob.goto(reverse(name, args=args))
        if name in ("learning:me", "learning:motivation"):
            expect(bob.locator(".trinvis-chart--drawn")).to_have_count(1)
        assert_no_violations(bob, where=f"bob: {name}")
    alice = open_as(world.alice)
    for name, args in (
        ("learning:people", []),
        ("learning:person", [world.bob.pk]),
        ("learning:logbook_shared", []),
        ("learning:goal_detail", [goal.pk]),
        ("learning:follow_up", [talk.pk]),
    ):
        alice.goto(reverse(name, args=args))
        assert_no_violations(alice, where=f"alice: {name}")


def test_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    goal, talk = _bob_with_records(world)
    bob = open_as(world.bob)
    bob.goto(reverse("learning:goal_create", args=[world.bob.pk]))
    assert_no_violations(bob, where="new goal")
    _submit(bob, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(bob, where="new goal with errors")

    bob.goto(reverse("learning:logbook_create"))
    bob.locator("#id_date").fill(_days(5).isoformat())
    _submit(bob, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(bob, where="logbook entry with errors")

    bob.goto(reverse("learning:motivation_create"))
    assert_no_violations(bob, where="motivation check")
    _submit(bob, "main form button[type=submit]", ".ds-error-summary")
    assert_no_violations(bob, where="motivation check with errors")

    alice = open_as(world.alice)
    alice.goto(reverse("learning:follow_up", args=[talk.pk]))
    alice.locator(f"#id_goal_{goal.pk}_outcome_1").check()
    _submit(alice, "main form button[type=submit]", ".ds-error-summary")
    expect(alice.locator(".ds-error-summary")).to_contain_text("Enter the day the talk was held")
    assert_no_violations(alice, where="follow-up talk with errors")

    alice.goto(reverse("learning:motivation_questions_edit", args=[world.municipality_a.pk]))
    assert_no_violations(alice, where="motivation wording")


def test_conflicts_pass_axe(world: World, open_as: OpenAs) -> None:
    goal, _talk = _bob_with_records(world)
    bob = open_as(world.bob)
    bob.goto(reverse("learning:goal_edit", args=[goal.pk]))
    LearningGoal.objects.filter(pk=goal.pk).update(version=goal.version + 5)
    bob.locator("#id_results").fill("Changed in the meantime")
    _submit(bob, "main form button[type=submit]", ".ds-alert")
    expect(bob.locator("main")).to_contain_text("Someone else saved or confirmed the goal")
    assert_no_violations(bob, where="goal edit conflict")


def test_empty_pages_pass_axe(world: World, open_as: OpenAs) -> None:
    charlie = open_as(world.charlie)
    for name in (
        "learning:me",
        "learning:people",
        "learning:org_goals",
        "learning:logbook",
        "learning:logbook_shared",
        "learning:motivation",
        "learning:index",
    ):
        charlie.goto(reverse(name))
        assert_no_violations(charlie, where=f"charlie: {name}")
    alice = open_as(world.alice)
    alice.goto(reverse("learning:motivation_questions"))
    assert_no_violations(alice, where="alice: motivation questions")


def test_my_page_and_the_leader_page_pass_axe(world: World, open_as: OpenAs) -> None:
    """My learning with its next talk, next course and promise filled in; the leader's page
    with a plan, an overdue talk, a stalled goal and two confidence charts; both empty."""
    past = make_activity(world.municipality_a, title="Ended course", starts_in_days=-45)
    make_enrolment(make_activity(world.municipality_a, starts_in_days=10), world.bob)
    plan = make_education_plan(world.municipality_a, by=world.alice)
    add_row(plan, activity=past, people=[world.bob])
    goal = make_goal(world.bob, world.team_a)
    LearningGoal.objects.filter(pk=goal.pk).update(activity=past)
    goal = goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    goal_confirm(by=world.alice, goal=goal, base_version=goal.version)
    held = make_follow_up(world.bob, world.alice, planned_for=_days(-20))
    FollowUp.objects.filter(pk=held.pk).update(held_on=_days(-20), next_steps="Try it twice")
    make_follow_up(world.bob, world.alice, planned_for=_days(-2))
    for title in ("First implementation", "Second implementation"):
        implementation = make_implementation(world.municipality_a, by=world.alice, title=title)
        make_meeting(implementation, by=world.alice, confidence=4, held_on=_days(-15))
        make_meeting(implementation, by=world.alice, confidence=6, held_on=_days(-3))

    bob = open_as(world.bob)
    bob.goto(reverse("learning:me"))
    expect(bob.locator("#promised-heading")).to_be_visible()
    assert_no_violations(bob, where="bob: my learning with what lies next")
    bob.goto(reverse("learning:lead"))
    assert_no_violations(bob, where="bob: leader page, leading nobody")
    alice = open_as(world.alice)
    alice.goto(reverse("learning:lead"))
    expect(alice.locator(".trinvis-chart--drawn")).to_have_count(2)
    assert_no_violations(alice, where="alice: leader page")
    charlie = open_as(world.charlie)
    charlie.goto(reverse("learning:me"))
    assert_no_violations(charlie, where="charlie: my learning with nothing ahead")


def test_reminders_and_calendar_page_passes_axe(world: World, open_as: OpenAs) -> None:
    bob = open_as(world.bob)
    bob.goto(reverse("learning:preferences"))
    assert_no_violations(bob, where="my reminders and calendar")
    bob.locator("#id_participant_after").uncheck()
    _submit(bob, "main form button[value=reminders]", ".ds-alert")
    assert_no_violations(bob, where="reminder choices saved")
    _submit(bob, "main form button[value=calendar_new]", "#calendar-address")
    expect(bob.locator("#calendar-address")).to_have_value(
        re.compile(r"/learning/calendar/[\w-]+\.ics$")
    )
    assert_no_violations(bob, where="calendar address shown once")
    LearningPreferences.objects.filter(person=world.bob).update(version=9)
    bob.locator("#id_follow_up_day").uncheck()
    _submit(bob, "main form button[value=reminders]", ".ds-alert[data-color=warning]")
    assert_no_violations(bob, where="reminder choices conflict")
