"""Course programmes for the course tests and their access-matrix rows
(tests/urls_table_programmes_courses.py).

The agency of the test world is the provider: fiona (a facilitator there) and the
administrator run its programme; alice, bob and charlie work in municipalities below it and
see the programme. Another provider, outside the world's tree, offers a programme that only
the platform administrator sees. Every builder finds what it made before instead of making
it twice, so a row of the URL table can call it for each persona.
"""

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_create
from trinvis.programmes.models import CourseEnrolment, CourseModule, CourseProgramme, ModuleRun
from trinvis.programmes.selectors_courses import places_of
from trinvis.programmes.services_course_enrolments import EnrolmentInput, course_enrol
from trinvis.programmes.services_courses import (
    CourseInput,
    ModuleInput,
    RunInput,
    course_create,
    module_create,
    run_create,
)

if TYPE_CHECKING:
    from conftest import World

NAME = "Better integration work"
HEADINGS = "The labour market first\nOpen questions\nAgreements that lead to action"


def days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def make_course(
    provider: Organisation,
    *,
    by: User,
    name: str = NAME,
    target: int = 800,
    starts_in: int = -365,
    length: int = 3 * 365,
) -> CourseProgramme:
    found = CourseProgramme.objects.filter(provider=provider, programme__name=name).first()
    if found is not None:
        return found
    return course_create(
        by=by,
        provider=provider,
        data=CourseInput(
            name=name,
            starts_on=days(starts_in),
            ends_on=days(starts_in + length),
            target_participants=target,
            description="Four modules for the municipalities' integration staff.",
        ),
    )


def make_module(
    course: CourseProgramme, *, by: User, title: str = "Module 1: Jobs first", position: int = 1
) -> CourseModule:
    found = CourseModule.objects.filter(course=course, title=title).first()
    if found is not None:
        return found
    return module_create(
        by=by,
        course=course,
        data=ModuleInput(title=title, position=position, headings=HEADINGS),
    )


def make_run(
    module: CourseModule,
    *,
    by: User,
    starts_in: int = 30,
    region: Organisation | None = None,
    capacity: int | None = None,
    place: str = "Town hall",
) -> ModuleRun:
    found = ModuleRun.objects.filter(
        module=module, activity__starts_on=days(starts_in), activity__place=place
    ).first()
    if found is not None:
        return found
    return run_create(
        by=by,
        module=module,
        data=RunInput(
            starts_on=days(starts_in),
            ends_on=days(starts_in + 1),
            place=place,
            region=region,
            capacity=capacity,
        ),
    )


def enrol(
    course: CourseProgramme,
    person: User,
    runs: Sequence[ModuleRun],
    *,
    by: User | None = None,
    position: str = "Caseworker",
    experience: int | None = 3,
    purpose: str = "Bring the employer focus home to the team.",
) -> CourseEnrolment:
    found = CourseEnrolment.objects.filter(course=course, person=person).first()
    if found is not None:
        return found
    return course_enrol(
        by=by or person,
        course=course,
        person=person,
        data=EnrolmentInput(
            place_key=places_of(person)[0].key,
            purpose=purpose,
            runs=list(runs),
            position=position,
            experience_years=experience,
        ),
    )


# --- the test world's programme ----------------------------------------------------------------


def course_of(world: "World") -> CourseProgramme:
    """The agency's programme: three years, a year gone, 800 participants."""
    return make_course(world.agency, by=world.fiona)


def module_of(world: "World") -> CourseModule:
    return make_module(course_of(world), by=world.fiona)


def run_of(world: "World") -> ModuleRun:
    """Module 1 in a month, in Region DK."""
    return make_run(module_of(world), by=world.fiona, region=world.region_dk)


def bob_enrolment(world: "World") -> CourseEnrolment:
    """Bob enrolled himself in module 1: it waits for alice, his leader."""
    return enrol(course_of(world), world.bob, [run_of(world)])


def other_provider(world: "World") -> Organisation:
    found = Organisation.objects.filter(name="Other course house").first()
    return found or organisation_create(
        by=None, parent=None, name="Other course house", kind=Organisation.Kind.AGENCY
    )


def other_course(world: "World") -> CourseProgramme:
    """A programme of a provider outside the world's tree: only the administrator sees it."""
    return make_course(other_provider(world), by=world.admin, name="Elsewhere")
