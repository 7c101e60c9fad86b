"""Reads for the workshops: lookups with their access check, the workshops overview with
its warnings, the workshop page, the timed agenda and the evaluation notes (homework:
selectors_homework.py).

Each page runs a fixed number of queries however many workshops, lines, municipalities,
participants or answers there are: rows are loaded in one query per kind and put together
in Python (workshop_checks.py and agenda.py compute the warnings and times).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from trinvis.accounts.models import User
from trinvis.programmes import agenda, workshop_checks
from trinvis.programmes.access import (
    TAKING_PART,
    candidate_get_for_user,
    candidates_in_reach,
    may_answer_for,
    programme_part_check,
)
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    MunicipalityPlan,
    RunSheetItem,
    Workshop,
    WorkshopEvaluation,
    WorkshopParticipant,
)
from trinvis.toolkits.access import runs_visible
from trinvis.toolkits.models import RunStep, Toolkit
from trinvis.toolkits.selectors import SETTLED, organisation_members, toolkit_step_find

SEVEN_STEP_TOOLKIT = "qualification-paths"


def workshop_days(workshop: Workshop) -> int:
    return (workshop.ends_on - workshop.starts_on).days + 1


def seven_step_toolkit() -> Toolkit | None:
    """The latest shipped version of the seven-step model (content/toolkits/
    qualification-paths.yaml), or None before the toolkits are loaded."""
    return (
        Toolkit.objects.filter(slug=SEVEN_STEP_TOOLKIT, organisation__isnull=True, is_latest=True)
        .order_by("-version")
        .first()
    )


def linked_members(*, candidate: Candidate) -> QuerySet[User]:
    """The municipality's participants in the programme who are people in Trinvis and still
    members of the municipality (or a unit of it)."""
    if candidate.organisation is None:
        return User.objects.none()
    linked = WorkshopParticipant.objects.filter(candidate=candidate, user__isnull=False)
    return organisation_members(organisations=[candidate.organisation]).filter(
        pk__in=linked.values("user_id")
    )


def plan_responsible_choices(*, candidate: Candidate, user: User) -> QuerySet[User]:
    """Who may be responsible for the municipality's plan: its participants who are people
    in Trinvis, and the user when they belong to the municipality."""
    if candidate.organisation is None:
        return User.objects.none()
    linked = WorkshopParticipant.objects.filter(candidate=candidate, user__isnull=False)
    return organisation_members(organisations=[candidate.organisation]).filter(
        Q(pk__in=linked.values("user_id")) | Q(pk=user.pk)
    )


# --- lookups with their access check ---------------------------------------------------------


def workshop_get_for_user(
    *, user: Any, pk: Any, write: bool = False, running_only: bool = False
) -> tuple[Workshop, bool]:
    """A workshop and whether the user runs its programme (access.programme_part_check)."""
    workshop = (
        Workshop.objects.select_related("programme", "programme__owner").filter(pk=pk).first()
    )
    if workshop is None:
        raise Http404
    runs = programme_part_check(
        user=user, programme=workshop.programme, write=write, running_only=running_only
    )
    return workshop, runs


def line_get_for_user(*, user: Any, pk: Any, write: bool = False) -> RunSheetItem:
    line = (
        RunSheetItem.objects.select_related("workshop", "workshop__programme").filter(pk=pk).first()
    )
    if line is None:
        raise Http404
    programme_part_check(user=user, programme=line.workshop.programme, write=write)
    return line


def note_get_for_user(*, user: Any, pk: Any) -> WorkshopEvaluation:
    """An evaluation note: the running side's own record."""
    note = (
        WorkshopEvaluation.objects.select_related("workshop", "workshop__programme")
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404
    programme_part_check(user=user, programme=note.workshop.programme, running_only=True)
    return note


def candidate_in_programme(
    *, user: Any, pk: Any, programme: AgencyProgramme | None = None, write: bool = False
) -> Candidate:
    """A municipality taking part in a programme (in `programme`, when given), for its
    participants, homework answers and plan: those who run the programme and the
    municipality's write roles write; its other members read (403 on a write); anyone else
    404."""
    candidate = candidate_get_for_user(user=user, pk=pk, write=write, municipality_may_write=True)
    if candidate.status not in TAKING_PART or (
        programme is not None and candidate.programme_id != programme.pk
    ):
        raise Http404
    return candidate


def participant_get_for_user(*, user: Any, pk: Any, write: bool = False) -> WorkshopParticipant:
    participant = (
        WorkshopParticipant.objects.select_related("workshop", "workshop__programme")
        .filter(pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    participant.candidate = candidate_in_programme(
        user=user,
        programme=participant.workshop.programme,
        pk=participant.candidate_id,
        write=write,
    )
    return participant


# --- the timed agenda -----------------------------------------------------------------------


@dataclass
class AgendaLine:
    """A line with its end, its overlap with and gap after what came before it that day,
    and its neighbours that day (for moving it earlier or later)."""

    line: RunSheetItem
    ends_at: datetime.time
    overlap: int
    gap: int
    earlier: RunSheetItem | None = None
    later: RunSheetItem | None = None


@dataclass
class AgendaDay:
    number: int
    date: datetime.date
    lines: list[AgendaLine] = field(default_factory=list)


def _slot(line: RunSheetItem) -> agenda.Slot:
    return agenda.Slot(id=line.pk, day=line.day, starts_at=line.starts_at, minutes=line.minutes)


def agenda_days(*, workshop: Workshop) -> list[AgendaDay]:
    """Every day of the workshop with its lines in time order, their ends, overlaps and
    gaps; one query."""
    lines = {line.pk: line for line in workshop.run_sheet.all()}
    days = {
        number: AgendaDay(number, workshop.starts_on + datetime.timedelta(days=number - 1))
        for number in range(1, workshop_days(workshop) + 1)
    }
    for timing in agenda.timeline([_slot(line) for line in lines.values()]):
        day = days.setdefault(
            timing.slot.day,
            AgendaDay(
                timing.slot.day, workshop.starts_on + datetime.timedelta(days=timing.slot.day - 1)
            ),
        )
        day.lines.append(
            AgendaLine(lines[timing.slot.id], timing.ends_at, timing.overlap, timing.gap)
        )
    for day in days.values():
        for before, after in zip(day.lines, day.lines[1:], strict=False):
            before.later, after.earlier = after.line, before.line
    return [days[number] for number in sorted(days)]


# --- municipalities at a workshop -------------------------------------------------------------


@dataclass
class PlanProgress:
    """How far a municipality's plan (its run of the seven steps) has come."""

    plan: MunicipalityPlan
    steps_total: int
    steps_settled: int
    next_step: dict[str, Any] | None
    visible: bool


@dataclass
class MunicipalityAtWorkshop:
    candidate: Candidate
    participants: list[WorkshopParticipant]
    coverage: workshop_checks.Coverage
    plan: PlanProgress | None
    may_write: bool


def plan_progress(*, candidates: Sequence[Candidate], user: Any) -> dict[int, PlanProgress]:
    """The plans of these municipalities by candidate id, with their steps settled (done or
    skipped) and next step; `visible` when the user may open the run. Three queries.

    The toolkits are read once each rather than joined to every plan: a toolkit version is
    a large document, and decoding it once per municipality made the dashboard of a
    country's municipalities fifteen times slower (bench/programmes_dashboard.py)."""
    next_key = (
        RunStep.objects.filter(run_id=OuterRef("run_id"))
        .exclude(status__in=SETTLED)
        .order_by("position")
        .values("key")[:1]
    )
    plans = list(
        MunicipalityPlan.objects.filter(candidate__in=[candidate.pk for candidate in candidates])
        .select_related("run")
        .annotate(
            steps_total=Count("run__steps"),
            steps_settled=Count("run__steps", filter=Q(run__steps__status__in=SETTLED)),
            next_key=Subquery(next_key),
        )
    )
    if not plans:
        return {}
    toolkits = Toolkit.objects.in_bulk({plan.run.toolkit_id for plan in plans})
    for plan in plans:
        plan.run.toolkit = toolkits[plan.run.toolkit_id]
    visible = set(
        runs_visible(user=user)
        .filter(pk__in=[plan.run_id for plan in plans])
        .values_list("pk", flat=True)
    )
    return {
        plan.candidate_id: PlanProgress(
            plan=plan,
            steps_total=plan.steps_total,
            steps_settled=plan.steps_settled,
            next_step=_step(plan.run.toolkit, plan.next_key),
            visible=plan.run_id in visible,
        )
        for plan in plans
    }


def _step(toolkit: Toolkit, key: str | None) -> dict[str, Any] | None:
    """The step of the toolkit version with this key; None when all steps are settled."""
    if not key:
        return None
    try:
        return toolkit_step_find(toolkit=toolkit, key=key)[1]
    except KeyError:
        return None


def _attendance(participants: Iterable[WorkshopParticipant]) -> list[workshop_checks.Attendance]:
    return [
        workshop_checks.Attendance(person.unit_type, person.decision_authority)
        for person in participants
    ]


def municipalities_at(*, workshop: Workshop, user: Any, runs: bool) -> list[MunicipalityAtWorkshop]:
    """The municipalities in the user's reach with their participants, warnings and plan."""
    candidates = list(
        candidates_in_reach(user=user, programme=workshop.programme, runs=runs)
        .select_related("area", "organisation")
        .order_by("area__name", "pk")
    )
    participants: dict[int, list[WorkshopParticipant]] = defaultdict(list)
    for person in WorkshopParticipant.objects.filter(
        workshop=workshop, candidate__in=[candidate.pk for candidate in candidates]
    ).order_by("name", "pk"):
        participants[person.candidate_id].append(person)
    plans = plan_progress(candidates=candidates, user=user)
    return [
        MunicipalityAtWorkshop(
            candidate=candidate,
            participants=participants[candidate.pk],
            coverage=workshop_checks.coverage(_attendance(participants[candidate.pk])),
            plan=plans.get(candidate.pk),
            may_write=runs or may_answer_for(user=user, candidate=candidate),
        )
        for candidate in candidates
    ]


# --- the workshops overview -------------------------------------------------------------------


@dataclass
class WorkshopSummary:
    workshop: Workshop
    participant_count: int
    # (municipality, its warnings in words), only municipalities with a warning.
    warnings: list[tuple[Candidate, list[str]]]
    spacing: workshop_checks.Spacing | None = None


@dataclass
class WorkshopsOverview:
    workshops: list[WorkshopSummary]
    spacing: list[workshop_checks.Spacing]


def _dates(workshop: Workshop) -> workshop_checks.Dates:
    return workshop_checks.Dates(workshop.pk, workshop.number, workshop.starts_on, workshop.ends_on)


def spacing_for(*, programme: AgencyProgramme) -> list[workshop_checks.Spacing]:
    """Rule 3 over the programme's workshops; one query."""
    return workshop_checks.spacing_problems(
        [_dates(workshop) for workshop in programme.workshops.all()]
    )


def workshops_overview(*, programme: AgencyProgramme, user: Any, runs: bool) -> WorkshopsOverview:
    """The programme's workshops with their participants counted and the warnings, for the
    municipalities in the user's reach; three queries."""
    workshops = list(programme.workshops.order_by("number"))
    candidates = list(
        candidates_in_reach(user=user, programme=programme, runs=runs)
        .select_related("area")
        .order_by("area__name", "pk")
    )
    attendance: dict[tuple[int, int], list[workshop_checks.Attendance]] = defaultdict(list)
    for workshop_id, candidate_id, unit_type, authority in WorkshopParticipant.objects.filter(
        workshop__programme=programme, candidate__in=[candidate.pk for candidate in candidates]
    ).values_list("workshop_id", "candidate_id", "unit_type", "decision_authority"):
        attendance[workshop_id, candidate_id].append(
            workshop_checks.Attendance(unit_type, authority)
        )
    spacing = workshop_checks.spacing_problems([_dates(workshop) for workshop in workshops])
    by_later = {problem.later.id: problem for problem in spacing}
    summaries = []
    for workshop in workshops:
        warnings = []
        count = 0
        for candidate in candidates:
            people = attendance[workshop.pk, candidate.pk]
            count += len(people)
            lines = workshop_checks.coverage(people).messages()
            if lines:
                warnings.append((candidate, lines))
        summaries.append(
            WorkshopSummary(workshop, count, warnings, spacing=by_later.get(workshop.pk))
        )
    return WorkshopsOverview(workshops=summaries, spacing=spacing)


# --- evaluation notes -----------------------------------------------------------------------


def evaluation_by_day(*, workshop: Workshop) -> list[tuple[int, datetime.date, list[Any]]]:
    """The notes per day of the workshop, in the order they were typed; one query."""
    notes: dict[int, list[WorkshopEvaluation]] = defaultdict(list)
    for note in workshop.evaluations.order_by("day", "pk"):
        notes[note.day].append(note)
    return [
        (day, workshop.starts_on + datetime.timedelta(days=day - 1), notes[day])
        for day in sorted(notes)
    ]
