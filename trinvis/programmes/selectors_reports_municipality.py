"""What the municipality report holds, for the municipality's leaders (access_reports.py):
its key figures with zero point, latest value, targets and trend; its part in the agency
programmes it takes part in (its plan and next step, the items it agreed and their status,
its homework, who came to the workshops by type of unit); its employees' course enrolments
counted by status per course; and the results of the surveys linked to those programmes,
of its own respondents only.

Counts, not names: enrolments and workshop participants are counted. Survey results come
from `survey_summaries` filtered to the municipality, which hides them when its
respondents are too few. A linked survey shows only when the user may read it
(`surveys_for_user`): a link never widens access.

A fixed number of queries however many zero points, programmes, workshops, items or
enrolments there are; each linked survey adds its own fixed cost.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from trinvis.indicators.access import baselines_for_user, indicators_for_user
from trinvis.indicators.models import Area, Baseline, Indicator, Value
from trinvis.indicators.progress import Observation
from trinvis.indicators.selectors import (
    Place,
    TargetProgress,
    area_of_organisation,
    breakdown_label,
    targets_progress,
)
from trinvis.organisations.models import Organisation
from trinvis.programmes.access import TAKING_PART, courses_for_user
from trinvis.programmes.models import (
    AgreedItem,
    Candidate,
    CourseEnrolment,
    HomeworkSubmission,
    HomeworkTask,
    Workshop,
    WorkshopParticipant,
)
from trinvis.programmes.selectors_surveys import SurveySummary, survey_lines, survey_summaries
from trinvis.programmes.selectors_workshops import PlanProgress, plan_progress
from trinvis.surveys.access import surveys_for_user
from trinvis.toolkits.localise import pick

UnitType = Organisation.UnitType
State = CourseEnrolment.State


# --- key figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZeroPoint:
    """A zero point of the municipality with its series and where its targets stand."""

    baseline: Baseline
    series: list[Observation]
    targets: list[TargetProgress]

    @property
    def indicator(self) -> Indicator:
        return self.baseline.indicator

    @property
    def breakdown(self) -> str:
        return breakdown_label(self.baseline.breakdown_key)

    @property
    def latest(self) -> Observation | None:
        return self.series[-1] if self.series else None


@dataclass(frozen=True)
class LatestFigure:
    indicator: Indicator
    latest: Observation


def _series(
    area: Area | None, baselines: Sequence[Baseline], shipped: Sequence[Indicator]
) -> dict[tuple[int, str], list[Observation]]:
    """The area's values of the zero points' figures and the shipped figures' totals, by
    (indicator, breakdown), in period order; one query."""
    series: dict[tuple[int, str], list[Observation]] = defaultdict(list)
    if area is None or not (baselines or shipped):
        return series
    wanted = Q(indicator__in=[indicator.pk for indicator in shipped], breakdown_key="")
    for baseline in baselines:
        wanted |= Q(indicator_id=baseline.indicator_id, breakdown_key=baseline.breakdown_key)
    rows = (
        Value.objects.filter(wanted, area=area)
        .order_by("period_start", "period")
        .values_list("indicator_id", "breakdown_key", "period", "period_start", "value")
    )
    for indicator_id, breakdown, period, start, value in rows:
        series[(indicator_id, breakdown)].append(Observation(period, start, value))
    return series


def key_figures(
    *, municipality: Organisation, user: Any
) -> tuple[Area | None, list[ZeroPoint], list[LatestFigure]]:
    """The municipality's zero points with their series and targets, and the latest total
    of every shipped key figure it has values of; five queries."""
    area = area_of_organisation(municipality)
    baselines = list(
        baselines_for_user(user=user)
        .filter(organisation=municipality)
        .prefetch_related("targets")
        .order_by("indicator__name", "breakdown_key", "pk")
    )
    shipped = list(indicators_for_user(user=user).filter(owner__isnull=True))
    series = _series(area, baselines, shipped)
    zero_points = []
    for baseline in baselines:
        values = series.get((baseline.indicator_id, baseline.breakdown_key), [])
        zero_points.append(
            ZeroPoint(
                baseline=baseline,
                series=values,
                targets=targets_progress(baseline, values, direction=baseline.indicator.direction),
            )
        )
    latest = [
        LatestFigure(indicator, series[(indicator.pk, "")][-1])
        for indicator in sorted(shipped, key=lambda indicator: indicator.label.casefold())
        if series.get((indicator.pk, ""))
    ]
    return area, zero_points, latest


def place_of_municipality(municipality: Organisation, area: Area | None) -> Place:
    return Place(
        municipality.country,
        municipality.municipality_number,
        municipality.name,
        area,
        municipality,
    )


# --- the agency programmes ---------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopAttendance:
    """Who came from the municipality to one workshop, counted by type of unit."""

    workshop: Workshop
    per_unit: Counter[str]
    leaders: int

    @property
    def total(self) -> int:
        return sum(self.per_unit.values())


@dataclass
class ProgrammePart:
    """The municipality in one agency programme."""

    candidate: Candidate
    plan: PlanProgress | None = None
    items: list[AgreedItem] = field(default_factory=list)  # of the latest conversation
    tasks: list[tuple[HomeworkTask, HomeworkSubmission | None]] = field(default_factory=list)
    workshops: list[WorkshopAttendance] = field(default_factory=list)

    @property
    def next_step(self) -> str:
        if self.plan is None or self.plan.next_step is None:
            return ""
        return pick(self.plan.next_step.get("title", {}), get_language() or "da")[0]

    @property
    def submitted(self) -> int:
        return sum(1 for _task, submission in self.tasks if submission is not None)


def _latest_items(candidate_ids: Sequence[int]) -> dict[int, list[AgreedItem]]:
    """Each municipality's items of its latest conversation, in the order agreed; one
    query."""
    items = (
        AgreedItem.objects.filter(conversation__candidate__in=candidate_ids)
        .select_related("conversation__after_workshop")
        .order_by("conversation__after_workshop__number", "pk")
    )
    latest: dict[int, tuple[int, list[AgreedItem]]] = {}
    for item in items:
        candidate_id = item.conversation.candidate_id
        number = item.conversation.after_workshop.number
        if candidate_id not in latest or latest[candidate_id][0] < number:
            latest[candidate_id] = (number, [])
        latest[candidate_id][1].append(item)
    return {pk: found for pk, (_number, found) in latest.items()}


def _attendance(candidates: Sequence[Candidate]) -> dict[int, list[WorkshopAttendance]]:
    """Per municipality (candidate) every workshop of its programme with its participants
    counted by type of unit; two queries."""
    counts: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    leaders: Counter[tuple[int, int]] = Counter()
    rows = (
        WorkshopParticipant.objects.filter(candidate__in=[c.pk for c in candidates])
        .values_list("workshop_id", "candidate_id", "unit_type", "decision_authority")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for workshop_id, candidate_id, unit_type, authority, count in rows:
        counts[(workshop_id, candidate_id)][unit_type] += count
        if authority:
            leaders[(workshop_id, candidate_id)] += count
    workshops = Workshop.objects.filter(
        programme__in=[c.programme_id for c in candidates]
    ).order_by("number")
    found: dict[int, list[WorkshopAttendance]] = defaultdict(list)
    for workshop in workshops:
        for candidate in candidates:
            if candidate.programme_id == workshop.programme_id:
                key = (workshop.pk, candidate.pk)
                found[candidate.pk].append(
                    WorkshopAttendance(workshop, counts.get(key, Counter()), leaders[key])
                )
    return found


def _homework(candidates: Sequence[Candidate]) -> dict[int, list[Any]]:
    """Per municipality each task of its programme with its answer, if any; two queries."""
    tasks = HomeworkTask.objects.filter(
        programme__in=[c.programme_id for c in candidates]
    ).order_by("due", "pk")
    answers = {
        (submission.task_id, submission.candidate_id): submission
        for submission in HomeworkSubmission.objects.filter(
            candidate__in=[c.pk for c in candidates]
        ).only("pk", "task_id", "candidate_id", "submitted_at")
    }
    found: dict[int, list[Any]] = defaultdict(list)
    for task in tasks:
        for candidate in candidates:
            if candidate.programme_id == task.programme_id:
                found[candidate.pk].append((task, answers.get((task.pk, candidate.pk))))
    return found


def programme_parts(*, municipality: Organisation, user: Any) -> list[ProgrammePart]:
    """The agency programmes the municipality takes part in, by name; eight queries."""
    candidates = list(
        Candidate.objects.filter(organisation=municipality, status__in=TAKING_PART)
        .select_related("programme__owner", "area")
        .order_by("programme__name", "pk")
    )
    if not candidates:
        return []
    ids = [candidate.pk for candidate in candidates]
    plans = plan_progress(candidates=candidates, user=user)
    items = _latest_items(ids)
    homework = _homework(candidates)
    attendance = _attendance(candidates)
    return [
        ProgrammePart(
            candidate=candidate,
            plan=plans.get(candidate.pk),
            items=items.get(candidate.pk, []),
            tasks=homework.get(candidate.pk, []),
            workshops=attendance.get(candidate.pk, []),
        )
        for candidate in candidates
    ]


# --- course enrolments -------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseCounts:
    """The municipality's enrolments in one course programme, counted by status."""

    course_id: int
    name: str
    provider: str
    by_state: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def course_counts(*, municipality: Organisation, user: Any) -> list[CourseCounts]:
    """Per course programme the user sees, the municipality's enrolments by status; one
    query."""
    rows = (
        CourseEnrolment.objects.filter(
            municipality=municipality, course__in=courses_for_user(user=user)
        )
        .values_list("course_id", "course__programme__name", "course__provider__name", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[int, CourseCounts] = {}
    for course_id, name, provider, state, count in rows:
        counts = found.setdefault(course_id, CourseCounts(course_id, name, provider, {}))
        counts.by_state[state] = count
    return sorted(found.values(), key=lambda counts: counts.name.casefold())


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityReport:
    municipality: Organisation
    made_at: datetime.datetime
    today: datetime.date
    place: Place
    zero_points: list[ZeroPoint]
    latest: list[LatestFigure]
    programmes: list[ProgrammePart]
    courses: list[CourseCounts]
    surveys: list[SurveySummary]


def linked_surveys_lines(
    *, user: Any, programme_ids: Sequence[int], course_ids: Sequence[int]
) -> list[Any]:
    """The surveys linked to these agency and course programmes that the user may read, with
    their response rates; one query (none without programmes)."""
    if not programme_ids and not course_ids:
        return []
    surveys = (
        surveys_for_user(user=user)
        .filter(Q(agency_programmes__in=programme_ids) | Q(course_programmes__in=course_ids))
        .distinct()
    )
    return survey_lines(surveys)


def municipality_report(
    *, municipality: Organisation, user: Any, today: datetime.date
) -> MunicipalityReport:
    """The report of a municipality whose leaders the user is among (the view checks it)."""
    area, zero_points, latest = key_figures(municipality=municipality, user=user)
    programmes = programme_parts(municipality=municipality, user=user)
    courses = course_counts(municipality=municipality, user=user)
    lines = linked_surveys_lines(
        user=user,
        programme_ids=[part.candidate.programme_id for part in programmes],
        course_ids=[counts.course_id for counts in courses],
    )
    return MunicipalityReport(
        municipality=municipality,
        made_at=timezone.now(),
        today=today,
        place=place_of_municipality(municipality, area),
        zero_points=zero_points,
        latest=latest,
        programmes=programmes,
        courses=courses,
        surveys=survey_summaries(lines, where={"municipality": municipality.pk}),
    )
