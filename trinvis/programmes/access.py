"""Who may see and run a programme, and what a municipality in it may see and do.

An agency programme is run by its owner organisation's staff — facilitators, leaders,
development consultants and administrators of the agency or region that owns it, and of
the organisations below it that are not municipalities — and by its working group. They
read and write everything of it. A municipality taking part (a confirmed or added
candidate with an organisation) reads its own candidacy — its letters, its mapping
conversation, its checklist, its workshops, its homework and its plan — and its write roles
answer the homework and work on the plan; it never sees another municipality's records
or the shortlist. Everyone else gets 404.

A course programme is run by the provider's write roles and facilitators; a municipality's
members see the programme and their own municipality's enrolments; a participant sees
their own; a leader confirms the enrolments of the people they lead (learning.access).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trinvis.learning.access import (
    is_leader_of,
    led_people,
    may_see_personal,
    readable_organisation_ids,
)
from trinvis.organisations.access import WRITE_ROLES, scope_for
from trinvis.organisations.models import Membership
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    CourseEnrolment,
    CourseModule,
    CourseProgramme,
    DeepMappingItem,
    ModuleRun,
)

# The roles that run a programme in its owner organisation: the write roles, and the
# facilitators whose work it is.
RUNNING_ROLES = WRITE_ROLES | {Membership.Role.FACILITATOR}
TAKING_PART = (Candidate.Status.CONFIRMED, Candidate.Status.ADDED)


def belonging_ids(user: Any) -> frozenset[int]:
    """The organisations the user belongs to: those of their memberships, the ones below
    (detail) and the ones above (context). A member of a team belongs to its municipality,
    so bob in a team of municipality A is on municipality A's side of a programme. A
    facilitator's followed municipalities are not theirs."""
    scope = scope_for(user)
    return scope.detail_ids | (scope.aggregate_ids - scope.followed_ids)


def may_run(*, user: Any, programme: AgencyProgramme) -> bool:
    """The user runs the programme: staff of its owner with a running role, or the working
    group."""
    scope = scope_for(user)
    if scope.is_platform_admin or scope.roles_in(programme.owner_id) & RUNNING_ROLES:
        return True
    return programme.working_group.filter(pk=user.pk).exists()


def programmes_for_user(*, user: Any) -> QuerySet[AgencyProgramme]:
    """The programmes the user runs or whose municipality side they belong to."""
    programmes = AgencyProgramme.objects.all()
    scope = scope_for(user)
    if scope.is_platform_admin:
        return programmes
    running = [
        organisation_id
        for organisation_id, roles in scope.detail_roles.items()
        if roles & RUNNING_ROLES
    ]
    return programmes.filter(
        Q(owner_id__in=running)
        | Q(working_group=user)
        | Q(
            candidates__organisation_id__in=belonging_ids(user),
            candidates__status__in=TAKING_PART,
        )
    ).distinct()


def programme_get_for_user(*, user: Any, pk: Any, write: bool = False) -> AgencyProgramme:
    """A programme for a view: 404 outside the user's reach, 403 for a write by someone who
    does not run it (a municipality reading its part)."""
    found = (
        programmes_for_user(user=user).filter(pk=pk).select_related("owner").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    if write and not may_run(user=user, programme=found):
        raise PermissionDenied
    return found


def is_municipality_of(*, user: Any, candidate: Candidate) -> bool:
    """The user belongs to the candidate municipality (or a unit of it) taking part."""
    return (
        candidate.status in TAKING_PART
        and candidate.organisation_id is not None
        and candidate.organisation_id in belonging_ids(user)
    )


def may_answer_for(*, user: Any, candidate: Candidate) -> bool:
    """The user writes the municipality's own parts (homework, its plan): a write role in
    the municipality taking part."""
    return is_municipality_of(user=user, candidate=candidate) and scope_for(user).can_write(
        candidate.organisation_id  # type: ignore[arg-type]
    )


def candidate_get_for_user(
    *, user: Any, pk: Any, write: bool = False, municipality_may_write: bool = False
) -> Candidate:
    """A municipality of a programme for a view. Those who run the programme read and
    write it; the municipality's own members read it, and write it where the view says
    the municipality may (`municipality_may_write`: its homework, its plan) if they hold
    a write role there; anyone else gets 404."""
    found = (
        Candidate.objects.select_related("programme", "area", "organisation").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    if may_run(user=user, programme=found.programme):
        return found
    if not is_municipality_of(user=user, candidate=found):
        raise Http404
    if write and not (municipality_may_write and may_answer_for(user=user, candidate=found)):
        raise PermissionDenied
    return found


# --- workshops (additive: the workshop part's lookups) -------------------------------------


def candidates_in_reach(
    *, user: Any, programme: AgencyProgramme, runs: bool
) -> QuerySet[Candidate]:
    """The municipalities taking part whose records the user sees: all of them for those who
    run the programme (`runs`), else the user's own municipality."""
    candidates = Candidate.objects.filter(programme=programme, status__in=TAKING_PART)
    if runs:
        return candidates
    return candidates.filter(organisation_id__in=belonging_ids(user))


def programme_part_check(
    *, user: Any, programme: AgencyProgramme, write: bool = False, running_only: bool = False
) -> bool:
    """Whether the user may see a record of the programme as a whole (a workshop, its run
    sheet, a homework task); returns whether they run it. Those who run it read and write;
    a municipality taking part reads it and gets 403 on a write, and 404 on the running
    side's own records (`running_only`: evaluation notes); anyone else 404."""
    if may_run(user=user, programme=programme):
        return True
    if running_only or not programmes_for_user(user=user).filter(pk=programme.pk).exists():
        raise Http404
    if write:
        raise PermissionDenied
    return False


# --- mapping (additive: the mapping part's lookups) ----------------------------------------


def deep_mapping_point_get_for_user(*, user: Any, pk: Any, write: bool = False) -> DeepMappingItem:
    """A point of a programme's deep-mapping checklist for a view, under its programme's
    rules (programme_get_for_user): those who run it change it, a municipality taking part
    gets 403 on a write, anyone else 404."""
    found = DeepMappingItem.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    found.programme = programme_get_for_user(user=user, pk=found.programme_id, write=write)
    return found


# --- course programmes (additive: the course-provider part's lookups) -----------------------
#
# A course programme is shared content of its provider, read like the learning catalogue it
# lives in (learning.access.readable_organisation_ids): by the provider's people and by the
# people of the organisations below it, who are the municipalities it is offered to. The
# provider's write roles and facilitators run it. An enrolment is personal: the participant,
# their leaders and those who run the programme see it; anyone else gets 404.


def may_run_course(*, user: Any, course: CourseProgramme) -> bool:
    """The user runs the course programme: a running role in the provider organisation."""
    scope = scope_for(user)
    return scope.is_platform_admin or bool(scope.roles_in(course.provider_id) & RUNNING_ROLES)


def courses_for_user(*, user: Any) -> QuerySet[CourseProgramme]:
    """The course programmes the user sees: those of providers whose catalogue they read,
    and any they are enrolled in."""
    courses = CourseProgramme.objects.all()
    readable = readable_organisation_ids(user)
    if readable is None:
        return courses
    if not getattr(user, "is_authenticated", False):
        return courses.none()
    own = CourseEnrolment.objects.filter(person_id=user.pk).values("course_id")
    return courses.filter(Q(provider_id__in=readable) | Q(pk__in=own))


def course_get_for_user(*, user: Any, pk: Any, write: bool = False) -> CourseProgramme:
    """A course programme for a view: 404 outside the user's reach, 403 for a write by
    someone who does not run it."""
    found = (
        courses_for_user(user=user).filter(pk=pk).select_related("provider", "programme").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    if write and not may_run_course(user=user, course=found):
        raise PermissionDenied
    return found


def course_part_check(
    *, user: Any, course: CourseProgramme, write: bool = False, running_only: bool = False
) -> bool:
    """Whether the user may see a part of the course programme (a module, a run); returns
    whether they run it. Those who run it read and write; the others who see the programme
    read it, get 403 on a write and 404 on the running side's own pages (`running_only`:
    a run's participants); anyone else 404."""
    if may_run_course(user=user, course=course):
        return True
    if running_only or not courses_for_user(user=user).filter(pk=course.pk).exists():
        raise Http404
    if write:
        raise PermissionDenied
    return False


def course_module_get_for_user(*, user: Any, pk: Any, write: bool = False) -> CourseModule:
    found = (
        CourseModule.objects.select_related("course__provider", "course__programme")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    course_part_check(user=user, course=found.course, write=write)
    return found


def module_run_get_for_user(
    *, user: Any, pk: Any, write: bool = False, running_only: bool = False
) -> ModuleRun:
    found = (
        ModuleRun.objects.select_related(
            "activity", "region", "module__course__provider", "module__course__programme"
        )
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    course_part_check(user=user, course=found.module.course, write=write, running_only=running_only)
    return found


def may_see_course_enrolment(*, user: Any, enrolment: CourseEnrolment) -> bool:
    """The participant, their leaders, and those who run the programme."""
    return may_see_personal(user=user, person=enrolment.person) or may_run_course(
        user=user, course=enrolment.course
    )


def course_enrolment_get_for_user(*, user: Any, pk: Any, confirm: bool = False) -> CourseEnrolment:
    """An enrolment for a view. Whoever sees it (may_see_course_enrolment) may also cancel
    it; confirming or declining it (`confirm`) is for the participant's leaders (403 for
    the others who see it); anyone else gets 404."""
    found = (
        CourseEnrolment.objects.select_related(
            "person", "course__provider", "course__programme", "municipality", "unit", "leader"
        )
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None or not may_see_course_enrolment(user=user, enrolment=found):
        raise Http404
    if confirm and not is_leader_of(user=user, person=found.person):
        raise PermissionDenied
    return found


def visible_course_enrolments(*, user: Any, course: CourseProgramme) -> QuerySet[CourseEnrolment]:
    """The programme's enrolments the user sees: all of them for those who run it, else
    their own and those of the people they lead."""
    enrolments = CourseEnrolment.objects.filter(course=course)
    if may_run_course(user=user, course=course):
        return enrolments
    return enrolments.filter(Q(person_id=user.pk) | Q(person_id__in=led_people(user).values("pk")))
