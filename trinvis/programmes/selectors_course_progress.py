"""Reads for following a course programme: its progress against the target, in all and per
region (the region is the municipality's region in the organisation tree), the course
evaluations linked to the programme with their results, a run's participants grouped by
level and role, and a municipality's own view of its enrolments.

Each read runs a fixed number of queries however many enrolments there are; the sums and
groupings are done by progress_courses.py. The course evaluations cost one query for their
response rates and then a fixed number per linked evaluation for its results (the survey
module's protected totals: ten queries today, pinned in test_courses_progress.py); a
programme links a handful.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.learning.access import led_people
from trinvis.learning.procedure import levels_nearest_first
from trinvis.organisations.models import Organisation
from trinvis.programmes import progress_courses as progress
from trinvis.programmes.access import courses_for_user
from trinvis.programmes.models import (
    CourseEnrolment,
    CourseProgramme,
    ModuleChoice,
    ModuleRun,
    RegionTarget,
)
from trinvis.programmes.selectors_courses import CONFIRMED, HOLDING, places_of, run_ends
from trinvis.programmes.selectors_surveys import (
    SurveySummary,
    course_surveys,
    survey_lines,
    survey_summaries,
)

State = CourseEnrolment.State
BAND_LABELS = {
    progress.NEW: gettext_lazy("Under 2 years"),
    progress.SOME: gettext_lazy("2–5 years"),
    progress.SEASONED: gettext_lazy("Over 5 years"),
    progress.UNKNOWN: gettext_lazy("Not given"),
}


# --- progress -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    course: CourseProgramme
    today: datetime.date
    total: progress.Tally
    regions: list[progress.Tally]
    awaiting: int
    # One day per participant: when the leader confirmed; and when each completer finished.
    confirmed_days: list[datetime.date]
    completed_days: list[datetime.date]


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _regions_of(paths: set[str]) -> dict[str, int | None]:
    """Each municipality path's nearest region (or None). One query."""
    levels = {level for path in paths for level in levels_nearest_first(path)}
    regions = set(
        Organisation.objects.filter(pk__in=levels, kind=Organisation.Kind.REGION).values_list(
            "pk", flat=True
        )
    )
    return {
        path: next((pk for pk in levels_nearest_first(path) if pk in regions), None)
        for path in paths
    }


def course_progress(*, course: CourseProgramme, today: datetime.date) -> Progress:
    """Participants (people with a confirmed enrolment) and those who completed, against the
    target and its straight line, in all and per region; the completion rate of the runs
    that have ended. Five queries."""
    enrolments = list(
        CourseEnrolment.objects.filter(course=course, state__in=HOLDING).values(
            "pk", "state", "leader_confirmed_at", "municipality__path"
        )
    )
    ended: Counter[int] = Counter()
    ended_done: Counter[int] = Counter()
    finished: dict[int, datetime.date] = {}
    for row in ModuleChoice.objects.filter(
        enrolment__course=course, enrolment__state__in=CONFIRMED
    ).values("enrolment_id", "completed", "run__activity__starts_on", "run__activity__ends_on"):
        end = row["run__activity__ends_on"] or row["run__activity__starts_on"]
        if end is not None and end < today:
            ended[row["enrolment_id"]] += 1
            ended_done[row["enrolment_id"]] += row["completed"]
        if row["completed"] and end is not None:
            finished[row["enrolment_id"]] = max(end, finished.get(row["enrolment_id"], end))
    confirmed = [row for row in enrolments if row["state"] in CONFIRMED]
    region_of = _regions_of({row["municipality__path"] for row in confirmed})
    people = [
        progress.Participation(
            region_id=region_of[row["municipality__path"]],
            completed=row["state"] == State.COMPLETED,
            places_ended=ended[row["pk"]],
            places_completed=ended_done[row["pk"]],
        )
        for row in confirmed
    ]
    targets = {
        target.region_id: target
        for target in RegionTarget.objects.filter(course=course).select_related("region")
    }
    names = dict(
        Organisation.objects.filter(
            pk__in={person.region_id for person in people if person.region_id}
        ).values_list("pk", "name")
    )
    names.update({pk: target.region.name for pk, target in targets.items()})
    regions: list[tuple[int | None, str]] = sorted(names.items(), key=lambda item: item[1])
    regions.append((None, _("No region")))
    dates = {"starts_on": course.starts_on, "ends_on": course.ends_on, "today": today}
    completed_days = [
        finished.get(row["pk"]) or _day(row["leader_confirmed_at"]) or today
        for row in confirmed
        if row["state"] == State.COMPLETED
    ]
    return Progress(
        course=course,
        today=today,
        total=progress.tally(
            _("All regions"), people, target=course.target_participants or None, **dates
        ),
        regions=progress.by_region(
            people,
            regions=regions,
            targets={pk: target.target_participants for pk, target in targets.items()},
            **dates,
        ),
        awaiting=len(enrolments) - len(confirmed),
        confirmed_days=[_day(row["leader_confirmed_at"]) or today for row in confirmed],
        completed_days=completed_days,
    )


def course_evaluations(*, course: CourseProgramme, user: Any) -> list[SurveySummary]:
    """The surveys linked to the programme that the user may read, newest first, with their
    responses, response rate and the totals of their scale and number questions (or why
    they are hidden). One query, then a fixed number per evaluation."""
    return survey_summaries(survey_lines(course_surveys(course=course, user=user)))


# --- a run's participants -----------------------------------------------------------------------


@dataclass(frozen=True)
class RunParticipants:
    """A run's participants (their module choices, with the enrolment and person), grouped
    by level (experience band) and counted by role (position, type of unit)."""

    choices: list[ModuleChoice]
    by_level: list[tuple[str, list[ModuleChoice]]]
    by_position: list[tuple[str, int]]
    by_unit_type: list[tuple[str, int]]


def _counted(values: list[str]) -> list[tuple[str, int]]:
    return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))


def run_participants(*, run: ModuleRun) -> RunParticipants:
    """One query, whatever the number of participants."""
    choices = list(
        ModuleChoice.objects.filter(run=run, enrolment__state__in=HOLDING)
        .select_related("enrolment__person", "enrolment__municipality", "enrolment__unit")
        .order_by("enrolment__person__full_name", "enrolment__person__email", "pk")
    )
    levels: dict[str, list[ModuleChoice]] = defaultdict(list)
    for choice in choices:
        levels[progress.experience_band(choice.enrolment.experience_years)].append(choice)
    return RunParticipants(
        choices=choices,
        by_level=[
            (str(BAND_LABELS[band]), levels[band]) for band in progress.BANDS if levels[band]
        ],
        by_position=_counted(
            [choice.enrolment.position.strip() or str(_("Not given")) for choice in choices]
        ),
        by_unit_type=_counted([unit_type_label(choice.enrolment.unit) for choice in choices]),
    )


def unit_type_label(unit: Organisation | None) -> str:
    if unit is None or not unit.unit_type:
        return str(_("No type of unit"))
    return str(unit.get_unit_type_display())


# --- a municipality's view ----------------------------------------------------------------------


@dataclass
class CourseInMunicipality:
    """One programme as a municipality sees its own enrolments in it: how many people,
    per unit and per run, with warnings where only one goes; names only of the people the
    viewer may see (themself and the people they lead)."""

    course: CourseProgramme
    enrolments: list[CourseEnrolment] = field(default_factory=list)
    visible_ids: frozenset[int] = frozenset()

    @property
    def people(self) -> int:
        return len(self.enrolments)

    @property
    def per_unit(self) -> list[tuple[str, int]]:
        return _counted(
            [
                enrolment.unit.name if enrolment.unit else str(_("The municipality itself"))
                for enrolment in self.enrolments
            ]
        )

    @property
    def units_alone(self) -> list[str]:
        if self.people == 1:
            return []  # the programme's own warning says it
        return [
            str(name)
            for name in progress.alone(
                Counter(enrolment.unit.name for enrolment in self.enrolments if enrolment.unit)
            )
        ]

    @property
    def per_run(self) -> list[tuple[ModuleRun, int]]:
        counts: Counter[int] = Counter()
        runs: dict[int, ModuleRun] = {}
        for enrolment in self.enrolments:
            for choice in getattr(enrolment, "choice_list", []):
                counts[choice.run_id] += 1
                runs[choice.run_id] = choice.run
        ordered = sorted(
            runs.values(), key=lambda run: (run.module.position, run_ends(run) or datetime.date.max)
        )
        return [(run, counts[run.pk]) for run in ordered]

    @property
    def runs_alone(self) -> list[ModuleRun]:
        return [run for run, count in self.per_run if count == 1] if self.people > 1 else []

    @property
    def shown(self) -> list[CourseEnrolment]:
        return [
            enrolment for enrolment in self.enrolments if enrolment.person_id in self.visible_ids
        ]


@dataclass
class MunicipalityView:
    municipality: Organisation
    courses: list[CourseInMunicipality]


def municipality_overview(*, user: Any) -> list[MunicipalityView]:
    """For each municipality the user works in, its enrolments (not cancelled) in the
    programmes the user sees. A fixed number of queries."""
    municipalities = {place.municipality.pk: place.municipality for place in places_of(user)}
    if not municipalities:
        return []
    choices = ModuleChoice.objects.select_related("run__activity", "run__module", "run__region")
    enrolments = (
        CourseEnrolment.objects.filter(
            municipality_id__in=municipalities,
            state__in=HOLDING,
            course__in=courses_for_user(user=user),
        )
        .select_related("course__programme", "course__provider", "person", "unit")
        .prefetch_related(Prefetch("choices", queryset=choices, to_attr="choice_list"))
        .order_by("course__programme__name", "person__full_name", "pk")
    )
    visible = frozenset(
        led_people(user).filter(pk__in=enrolments.values("person_id")).values_list("pk", flat=True)
    ) | {user.pk}
    views = {pk: MunicipalityView(org, []) for pk, org in municipalities.items()}
    found: dict[tuple[int, int], CourseInMunicipality] = {}
    for enrolment in enrolments:
        key = (enrolment.municipality_id, enrolment.course_id)
        if key not in found:
            found[key] = CourseInMunicipality(enrolment.course, visible_ids=visible)
            views[enrolment.municipality_id].courses.append(found[key])
        found[key].enrolments.append(enrolment)
    return sorted(views.values(), key=lambda view: view.municipality.name)


def enrolled_counts(course: CourseProgramme) -> dict[str, int]:
    """The programme's enrolments per state, for its page. One query."""
    return dict(
        CourseEnrolment.objects.filter(course=course)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("state", "n")
    )
