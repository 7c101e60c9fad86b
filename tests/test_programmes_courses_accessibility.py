"""axe-core on the course programme's pages with real content (a plain GET of the URL table
shows them mostly empty) and in the states no plain GET shows: forms refused with errors, a
programme changed by someone else meanwhile, the leader's confirmation page, a run with its
participants and the completion form, the progress chart, and a municipality's warnings;
and enrolling works without JavaScript."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World, add_member, make_user
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.organisations.models import Membership
from trinvis.programmes.models import CourseEnrolment, CourseProgramme
from trinvis.programmes.services_course_enrolments import run_attendance_save
from trinvis.programmes.services_courses import targets_save
from trinvis.programmes.tests.factories_courses import (
    bob_enrolment,
    course_of,
    enrol,
    make_module,
    make_run,
    module_of,
    run_of,
)
from trinvis.surveys.tests.factories_distribution import invite_with_token, make_survey

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> CourseProgramme:
    """Two modules, a run behind and two ahead, bob waiting for alice, two colleagues from
    municipality A confirmed (one completed the past run), charlie from B, regional targets
    and an evaluation survey."""
    course = course_of(world)
    course = targets_save(
        by=world.fiona,
        course=course,
        base_version=course.version,
        targets={world.region_dk: 500, world.region_no: 300},
    )
    past = make_run(module_of(world), by=world.fiona, starts_in=-20, place="Earlier")
    second = make_module(course, by=world.fiona, title="Module 2: Talks that move", position=2)
    future = make_run(second, by=world.fiona, starts_in=45, region=world.region_no, capacity=12)
    bob_enrolment(world)
    erik = make_user("erik@example.org", "Erik Employee", language="en")
    add_member(erik, world.unit_a_language, Membership.Role.EMPLOYEE)
    done = enrol(course, erik, [past, future], by=world.alice, experience=9)
    enrol(course, world.charlie, [future], position="Adviser", experience=None)
    choice = done.choices.get(run=past)
    run_attendance_save(by=world.fiona, run=past, base_version=past.version, completed=[choice.pk])
    survey = make_survey(world.agency, title="Module 1 evaluation")
    invite_with_token(survey, world.bob, "token")
    return course


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    course = _content(world)
    run = run_of(world)
    past = course.modules.get(position=1).runs.get(activity__place="Earlier")
    bob = CourseEnrolment.objects.get(person=world.bob)
    pages = {
        world.fiona: [
            ("programmes:courses", []),
            ("programmes:course_detail", [course.pk]),
            ("programmes:course_progress", [course.pk]),
            ("programmes:course_targets", [course.pk]),
            ("programmes:course_run", [run.pk]),
            ("programmes:course_run", [past.pk]),
            ("programmes:course_run_edit", [past.pk]),
            ("programmes:course_module_edit", [run.module_id]),
            ("programmes:course_enrolment", [bob.pk]),
        ],
        world.alice: [
            ("programmes:courses", []),
            ("programmes:course_confirmations", []),
            ("programmes:course_enrolment_confirm", [bob.pk]),
            ("programmes:course_municipality", []),
            ("programmes:course_enrol", [course.pk]),
        ],
        world.bob: [
            ("programmes:course_detail", [course.pk]),
            ("programmes:course_enrolment", [bob.pk]),
            ("programmes:course_municipality", []),
        ],
    }
    for user, names in pages.items():
        page = open_as(user)
        for name, args in names:
            page.goto(reverse(name, args=args))
            assert_no_violations(page, where=f"{user.full_name}: {name}")


def test_forms_with_errors_pass_axe(world: World, open_as: OpenAs) -> None:
    course = _content(world)
    fiona = open_as(world.fiona)
    for name, args in (
        ("programmes:course_create", []),
        ("programmes:course_module_create", [course.pk]),
        ("programmes:course_run_create", [module_of(world).pk]),
    ):
        fiona.goto(reverse(name, args=args))
        assert_no_violations(fiona, where=name)
        _submit(fiona, "main form.trinvis-form button[type=submit]", ".ds-error-summary")
        assert_no_violations(fiona, where=f"{name} with errors")
    alice = open_as(world.alice)
    bob = CourseEnrolment.objects.get(person=world.bob)
    alice.goto(reverse("programmes:course_enrolment_confirm", args=[bob.pk]))
    _submit(alice, "form[action$='/decline/'] button[type=submit]", ".ds-error-summary")
    assert_no_violations(alice, where="decline without a note")


def test_a_programme_changed_meanwhile_passes_axe(world: World, open_as: OpenAs) -> None:
    course = _content(world)
    fiona = open_as(world.fiona)
    fiona.goto(reverse("programmes:course_edit", args=[course.pk]))
    CourseProgramme.objects.filter(pk=course.pk).update(version=course.version + 1)
    _submit(fiona, "main form button[type=submit]", ".ds-alert")
    expect(fiona.locator(".ds-alert").first).to_contain_text("Someone else saved the programme")
    assert_no_violations(fiona, where="programme changed meanwhile")


def test_enrolling_works_without_javascript(world: World, open_as: OpenAs) -> None:
    course = course_of(world)
    run = run_of(world)
    page = open_as(world.bob, javascript=False)
    page.goto(reverse("programmes:course_enrol", args=[course.pk]))
    page.get_by_label("Purpose").fill("Bring the employer focus home.")
    page.get_by_label("Years of experience in the field").fill("3")
    page.locator(f"input[name=runs][value='{run.pk}']").check()
    _submit(page, "main form.trinvis-form button[type=submit]", ".trinvis-messages")
    enrolment = CourseEnrolment.objects.get(person=world.bob)
    assert enrolment.state == CourseEnrolment.State.AWAITING_LEADER
    expect(page.locator("h1")).to_contain_text("Enrolment of Bob Employee")
