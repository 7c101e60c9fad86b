"""Reads for the course programme's pages: where a person works (the municipality and unit
an enrolment names), who their nearest leaders are, the programme with its modules and
runs, the runs still open, and the enrolments waiting for a leader.

Every function runs a fixed number of queries, however many modules, runs or people.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.accounts.models import User
from trinvis.learning.access import led_people
from trinvis.learning.procedure import levels_nearest_first, nearest_leaders
from trinvis.organisations.access import MANAGER_ROLES
from trinvis.organisations.models import Membership, Organisation
from trinvis.programmes.models import (
    CourseEnrolment,
    CourseModule,
    CourseProgramme,
    ModuleChoice,
    ModuleRun,
)

Kind = Organisation.Kind
State = CourseEnrolment.State
# The enrolments that hold a place in a run: all but the cancelled.
HOLDING = (State.AWAITING_LEADER, State.CONFIRMED, State.COMPLETED)
# The enrolments that count as participants: confirmed by the leader.
CONFIRMED = (State.CONFIRMED, State.COMPLETED)


# --- where a person works, and who leads them ---------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a participant works, as an enrolment records it: the municipality, and the unit
    within it (the nearest unit above their team, or the team itself where it hangs
    directly under the municipality); no unit for people of the municipality itself."""

    municipality: Organisation
    unit: Organisation | None

    @property
    def key(self) -> str:
        return f"{self.municipality.pk}:{self.unit.pk if self.unit else 0}"

    def __str__(self) -> str:
        if self.unit is None:
            return self.municipality.name
        return f"{self.unit.name}, {self.municipality.name}"


def _place_on(path: str, organisations: dict[int, Organisation]) -> Place | None:
    levels = [organisations[pk] for pk in levels_nearest_first(path) if pk in organisations]
    municipality = next((org for org in levels if org.kind == Kind.MUNICIPALITY), None)
    if municipality is None:
        return None
    below = levels[: levels.index(municipality)]
    unit = next((org for org in below if org.kind == Kind.UNIT), None)
    if unit is None and below:
        unit = below[-1]
    return Place(municipality, unit)


def places_of(person: User) -> list[Place]:
    """The places of the person's active memberships in municipalities (agency staff have
    none), each once, in tree order. Two queries."""
    paths = list(
        Membership.objects.filter(user=person, is_active=True)
        .order_by("organisation__path")
        .values_list("organisation__path", flat=True)
    )
    levels = {level for path in paths for level in levels_nearest_first(path)}
    organisations = Organisation.objects.in_bulk(levels) if levels else {}
    places: list[Place] = []
    for path in paths:
        place = _place_on(path, organisations)
        if place is not None and place.key not in {known.key for known in places}:
            places.append(place)
    return places


def nearest_leaders_of(person: User) -> list[User]:
    """The person's nearest leaders (learning.procedure.nearest_leaders: the leaders of the
    team, not everyone up to the agency), by name. Two queries."""
    paths = list(
        Membership.objects.filter(user=person, is_active=True).values_list(
            "organisation__path", flat=True
        )
    )
    levels = {level for path in paths for level in levels_nearest_first(path)}
    managers: dict[int, set[int]] = {}
    people: dict[int, User] = {}
    for membership in Membership.objects.filter(
        organisation_id__in=levels, is_active=True, role__in=MANAGER_ROLES, user__is_active=True
    ).select_related("user"):
        managers.setdefault(membership.organisation_id, set()).add(membership.user_id)
        people[membership.user_id] = membership.user
    chosen = nearest_leaders(person_id=person.pk, paths=paths, managers=managers)
    return sorted((people[pk] for pk in chosen), key=lambda user: (user.full_name, user.email))


def people_to_enrol(*, user: Any) -> QuerySet[User]:
    """Whom the user may enrol: themself (for their leader to confirm) and the people they
    lead (confirmed at once)."""
    return (
        User.objects.filter(Q(pk=user.pk) | Q(pk__in=led_people(user).values("pk")))
        .filter(is_active=True)
        .order_by("full_name", "email")
    )


# --- the programme, its modules and runs --------------------------------------------------------


def run_ends(run: ModuleRun) -> datetime.date | None:
    return run.activity.ends_on or run.activity.starts_on


def runs_with_places(queryset: QuerySet[ModuleRun]) -> QuerySet[ModuleRun]:
    """Runs with their activity, region and teachers, and `taken`: the places held."""
    return (
        queryset.select_related("activity", "region", "module")
        .prefetch_related("teachers")
        .annotate(taken=Count("choices", filter=Q(choices__enrolment__state__in=HOLDING)))
        .order_by("activity__starts_on", "pk")
    )


def course_modules(*, course: CourseProgramme) -> list[CourseModule]:
    """The modules in order, each with `runs` (runs_with_places). Three queries."""
    return list(
        CourseModule.objects.filter(course=course)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "runs",
                queryset=runs_with_places(ModuleRun.objects.all()),
                to_attr="run_list",
            )
        )
    )


def open_runs(*, course: CourseProgramme, today: datetime.date) -> QuerySet[ModuleRun]:
    """The runs one may still choose: those that have not ended (or have no date yet), in
    module order."""
    not_ended = (
        Q(activity__ends_on__gte=today)
        | Q(activity__ends_on__isnull=True, activity__starts_on__gte=today)
        | Q(activity__ends_on__isnull=True, activity__starts_on__isnull=True)
    )
    return runs_with_places(ModuleRun.objects.filter(not_ended, module__course=course)).order_by(
        "module__position", "module_id", "activity__starts_on", "pk"
    )


def run_label(run: ModuleRun) -> str:
    """A run as a choice reads: the module, when, where, and the places left (from
    runs_with_places' `taken`) when there is a limit."""
    parts = [run.module.title]
    if run.activity.starts_on:
        parts.append(date_format(run.activity.starts_on, "DATE_FORMAT"))
    if run.activity.place:
        parts.append(run.activity.place)
    if run.region is not None:
        parts.append(run.region.name)
    taken = getattr(run, "taken", None)
    if run.capacity is not None and taken is not None:
        left = max(run.capacity - taken, 0)
        parts.append(
            ngettext("%(left)d place left", "%(left)d places left", left) % {"left": left}
            if left
            else _("full")
        )
    return " · ".join(parts)


def regions_for(*, course: CourseProgramme) -> QuerySet[Organisation]:
    """The regions a run or a target may name: those in the provider's part of the tree,
    below or above it."""
    above = [int(part) for part in course.provider.path.strip("/").split("/") if part]
    return Organisation.objects.filter(
        Q(path__startswith=course.provider.path) | Q(pk__in=above), kind=Kind.REGION
    ).order_by("name", "pk")


# --- enrolments ---------------------------------------------------------------------------------


def _choices_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "choices",
        queryset=ModuleChoice.objects.select_related(
            "run__activity", "run__module", "run__region"
        ).order_by("run__module__position", "run__activity__starts_on", "pk"),
        to_attr="choice_list",
    )


def with_choices(enrolments: QuerySet[CourseEnrolment]) -> QuerySet[CourseEnrolment]:
    return enrolments.select_related(
        "person", "municipality", "unit", "leader", "course__programme", "course__provider"
    ).prefetch_related(_choices_prefetch())


def enrolment_with_choices(enrolment: CourseEnrolment) -> list[ModuleChoice]:
    return list(
        ModuleChoice.objects.filter(enrolment=enrolment)
        .select_related("run__activity", "run__module", "run__region", "learning_enrolment")
        .order_by("run__module__position", "run__activity__starts_on", "pk")
    )


def own_enrolments(*, user: Any) -> list[CourseEnrolment]:
    """The user's own enrolments, newest first."""
    return list(
        with_choices(CourseEnrolment.objects.filter(person_id=user.pk)).order_by(
            "-created_at", "-pk"
        )
    )


def awaiting_confirmation(*, user: Any) -> list[CourseEnrolment]:
    """Enrolments of the people the user leads that wait for a leader's confirmation."""
    return list(
        with_choices(
            CourseEnrolment.objects.filter(
                state=State.AWAITING_LEADER, person_id__in=led_people(user).values("pk")
            )
        ).order_by("created_at", "pk")
    )


def own_enrolment(*, course: CourseProgramme, user: Any) -> CourseEnrolment | None:
    return CourseEnrolment.objects.filter(course=course, person_id=user.pk).first()
