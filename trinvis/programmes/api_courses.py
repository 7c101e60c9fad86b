"""JSON API of the course programmes: the programmes one sees, one programme with its
modules, runs and linked course evaluations, and its enrolments. Read only; enrolling and
confirming go through the pages, which carry the version checks.

The pages' rules hold (access.py): a programme is seen by the people of its provider and of
the organisations below it (404 for anyone else); its enrolments are all seen by those who
run it, and otherwise only one's own and those of the people one leads. A linked course
evaluation is listed only for those who may read the survey anyway (selectors_surveys). An
enrolment's leader's note is not given: it is a word between the participant and their
leaders, and the provider reads the enrolments here.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from trinvis.learning.api_catalogue import Message
from trinvis.programmes.access import (
    course_get_for_user,
    courses_for_user,
    visible_course_enrolments,
)
from trinvis.programmes.models import CourseEnrolment, CourseModule, CourseProgramme, ModuleRun
from trinvis.programmes.selectors_courses import course_modules
from trinvis.programmes.selectors_surveys import course_surveys

router = Router(tags=["course programmes"])


class CourseOut(Schema):
    id: int
    provider_id: int
    # The programme in the provider's catalogue (/api/learning/programmes/{id}).
    programme_id: int
    name: str
    description: str
    how_modules_combine: str
    target_participants: int
    starts_on: datetime.date
    ends_on: datetime.date
    version: int


def _course(course: CourseProgramme) -> dict[str, Any]:
    """The programme's own fields and those of its catalogue programme."""
    return {
        "id": course.pk,
        "provider_id": course.provider_id,
        "programme_id": course.programme_id,
        "name": course.programme.name,
        "description": course.programme.description,
        "how_modules_combine": course.programme.how_modules_combine,
        "target_participants": course.target_participants,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "version": course.version,
    }


class CourseRunOut(Schema):
    id: int
    # The run's activity in the catalogue (/api/learning/activities/{id}).
    activity_id: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    place: str
    region_id: int | None
    capacity: int | None
    places_taken: int
    teacher_ids: list[int]
    follow_up_day_at: datetime.datetime | None

    @staticmethod
    def from_run(run: ModuleRun) -> "CourseRunOut":
        return CourseRunOut(
            id=run.pk,
            activity_id=run.activity_id,
            starts_on=run.activity.starts_on,
            ends_on=run.activity.ends_on,
            place=run.activity.place,
            region_id=run.region_id,
            capacity=run.capacity,
            places_taken=getattr(run, "taken", 0),
            teacher_ids=sorted(teacher.pk for teacher in run.teachers.all()),
            follow_up_day_at=run.activity.follow_up_day_at,
        )


class ModuleOut(Schema):
    id: int
    position: int
    title: str
    description: str
    headings: list[str]
    runs: list[CourseRunOut]

    @staticmethod
    def from_module(module: CourseModule) -> "ModuleOut":
        return ModuleOut(
            id=module.pk,
            position=module.position,
            title=module.title,
            description=module.description,
            headings=[line for line in module.headings.splitlines() if line.strip()],
            runs=[CourseRunOut.from_run(run) for run in getattr(module, "run_list", [])],
        )


class CourseDetailOut(CourseOut):
    modules: list[ModuleOut]
    # The course evaluations linked to the programme that the user may read (their
    # results: /api/surveys/{id}/results).
    survey_ids: list[int]


class ChoiceOut(Schema):
    run_id: int
    completed: bool


class EnrolmentOut(Schema):
    id: int
    person_id: int
    municipality_id: int
    unit_id: int | None
    position: str
    experience_years: int | None
    purpose: str
    # awaiting_leader, confirmed, completed or cancelled.
    state: str
    leader_id: int | None
    leader_confirmed_at: datetime.datetime | None
    created_at: datetime.datetime
    choices: list[ChoiceOut]
    version: int

    @staticmethod
    def resolve_choices(enrolment: CourseEnrolment) -> list[dict[str, Any]]:
        return [
            {"run_id": choice.run_id, "completed": choice.completed}
            for choice in enrolment.choices.all()
        ]


@router.get("/course-programmes", response=list[CourseOut], url_name="course_programme_list")
def course_list(request: HttpRequest) -> Any:
    courses = courses_for_user(user=request.user).select_related("programme").order_by("pk")
    return [_course(course) for course in courses]


@router.get(
    "/course-programmes/{int:course_id}",
    response={200: CourseDetailOut, 404: Message},
    url_name="course_programme_detail",
)
def course_detail(request: HttpRequest, course_id: int) -> Any:
    course = course_get_for_user(user=request.user, pk=course_id)
    modules = [ModuleOut.from_module(module) for module in course_modules(course=course)]
    surveys = course_surveys(course=course, user=request.user).values_list("pk", flat=True)
    return {**_course(course), "modules": modules, "survey_ids": sorted(surveys)}


@router.get(
    "/course-programmes/{int:course_id}/enrolments",
    response={200: list[EnrolmentOut], 404: Message},
    url_name="course_enrolment_list",
)
def enrolment_list(request: HttpRequest, course_id: int) -> Any:
    course = course_get_for_user(user=request.user, pk=course_id)
    return (
        visible_course_enrolments(user=request.user, course=course)
        .prefetch_related("choices")
        .order_by("pk")
    )
