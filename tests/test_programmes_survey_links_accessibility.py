"""axe-core on the pages that link surveys to programmes and show them, with real content (a
plain GET of the URL table shows them mostly empty) and in the states no plain GET shows: a
programme saved by someone else meanwhile, the dashboard's and the progress page's surveys
with their figures (some hidden as too few), and a declined enrolment with its leader's
note; and choosing the surveys works without JavaScript."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.programmes.models import AgencyProgramme, CourseEnrolment, CourseProgramme
from trinvis.programmes.services_course_enrolments import course_enrolment_decline
from trinvis.programmes.tests.factories_courses import bob_enrolment, course_of
from trinvis.programmes.tests.factories_workshops import candidate_of, programme_of
from trinvis.surveys.tests.factories_results import (
    add_responses,
    generated,
    make_survey,
    results_survey,
)

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str, shows: str) -> None:
    page.locator(selector).first.click()
    expect(page.locator(shows).first).to_be_visible()
    page.wait_for_load_state("load")


def _content(world: World) -> tuple[AgencyProgramme, CourseProgramme]:
    """The agency's programme linked to a survey with responses and to municipality A's
    survey (not fiona's to read); the course linked to a full and a small evaluation; bob's
    enrolment declined with a note."""
    candidate_of(world)
    programme = programme_of(world)
    survey = results_survey(world.agency)
    programme.surveys.add(survey, make_survey(organisation=world.municipality_a, title="A's"))
    make_survey(organisation=world.agency, title="Before workshop 1")
    course = course_of(world)
    small = make_survey(organisation=world.agency, title="Module 2 evaluation")
    add_responses(small, generated(3, seed=2))
    course.surveys.add(survey, small)
    enrolment = bob_enrolment(world)
    course_enrolment_decline(
        by=world.alice,
        enrolment=enrolment,
        base_version=enrolment.version,
        note="Take module 2 first, next spring.",
    )
    return programme, course


def test_pages_with_content_pass_axe(world: World, open_as: OpenAs) -> None:
    programme, course = _content(world)
    bob = CourseEnrolment.objects.get(person=world.bob)
    pages = {
        world.fiona: [
            ("programmes:programme_surveys", [programme.pk]),
            ("programmes:dashboard", [programme.pk]),
            ("programmes:programme", [programme.pk]),
            ("programmes:course_surveys", [course.pk]),
            ("programmes:course_progress", [course.pk]),
            ("programmes:course_detail", [course.pk]),
        ],
        world.bob: [
            ("programmes:course_enrolment", [bob.pk]),
            ("programmes:courses", []),
        ],
        world.alice: [("programmes:course_enrolment", [bob.pk])],
    }
    for user, names in pages.items():
        page = open_as(user)
        for name, args in names:
            answer = page.goto(reverse(name, args=args))
            assert answer is not None and answer.ok, name
            assert_no_violations(page, where=f"{user.full_name}: {name}")


def test_empty_survey_sections_pass_axe(world: World, open_as: OpenAs) -> None:
    candidate_of(world)
    programme, course = programme_of(world), course_of(world)
    fiona = open_as(world.fiona)
    for name, pk in (
        ("programmes:dashboard", programme.pk),
        ("programmes:course_progress", course.pk),
        ("programmes:programme_surveys", programme.pk),
    ):
        answer = fiona.goto(reverse(name, args=[pk]))
        assert answer is not None and answer.ok, name
        assert_no_violations(fiona, where=f"{name} without surveys")


def test_a_programme_saved_meanwhile_passes_axe(world: World, open_as: OpenAs) -> None:
    programme, course = _content(world)
    fiona = open_as(world.fiona)
    pages: list[tuple[str, AgencyProgramme | CourseProgramme]] = [
        ("programmes:programme_surveys", programme),
        ("programmes:course_surveys", course),
    ]
    for name, found in pages:
        fiona.goto(reverse(name, args=[found.pk]))
        type(found).objects.filter(pk=found.pk).update(version=found.version + 1)
        _submit(fiona, "main form button[type=submit]", ".ds-alert")
        expect(fiona.locator(".ds-alert").first).to_contain_text("Someone else saved the programme")
        assert_no_violations(fiona, where=f"{name} saved meanwhile")


def test_choosing_the_surveys_works_without_javascript(world: World, open_as: OpenAs) -> None:
    programme, _course = _content(world)
    before = make_survey(organisation=world.agency, title="A year on")
    page = open_as(world.fiona, javascript=False)
    page.goto(reverse("programmes:programme_surveys", args=[programme.pk]))
    page.get_by_label("A year on", exact=False).check()
    _submit(page, "main form.trinvis-form button[type=submit]", ".trinvis-messages")
    expect(page.locator("h1")).to_contain_text("Dashboard")
    expect(page.get_by_role("table", name="Surveys of the programme")).to_contain_text("A year on")
    titles = set(programme.surveys.values_list("title", flat=True))
    assert titles == {"Results of Agency", "A's", before.title}
