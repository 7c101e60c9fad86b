"""Read implementation plans, their items as tasks, and the confidence trend of their
follow-up meetings. Every query here has a fixed count, however many plans, items or
meetings there are."""

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext

from trinvis.accounts.models import User
from trinvis.learning.access import shared_for_user
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Enrolment,
    ImplementationItem,
    ImplementationPlan,
    ProcessMeeting,
    Status,
)
from trinvis.organisations.models import Membership, Organisation
from trinvis.reports.charts.bars import ChartFigure
from trinvis.reports.charts.common import Series
from trinvis.reports.charts.lines import LineChart

Area = ImplementationItem.Area
OPEN_STATUSES = (Status.PLANNED.value, Status.IN_PROGRESS.value)
OPEN = Q(status__in=OPEN_STATUSES)
# Tasks this close to their deadline (or past it) show on the home page.
DUE_SOON_DAYS = 14
# A fall in confidence this large since the previous meeting is worth talking about.
NOTABLE_DROP = 2
LOWEST, HIGHEST = 0, 10
AREA_ORDER = {area: index for index, area in enumerate(Area.values)}


def plan_people(organisation: Organisation) -> QuerySet[User]:
    """Who may be on a plan's team, an ambassador or responsible for an item: the active
    people of the organisation and the units below it, and of the units and municipality
    above it. All of them can open the plan (agencies and regions above are left out)."""
    local_above = Organisation.objects.filter(
        pk__in=organisation.ancestor_ids,
        kind__in=[
            Organisation.Kind.MUNICIPALITY,
            Organisation.Kind.UNIT,
            Organisation.Kind.TEAM,
        ],
    ).values("pk")
    members = Membership.objects.filter(is_active=True).filter(
        Q(organisation__path__startswith=organisation.path) | Q(organisation_id__in=local_above)
    )
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by(
        "full_name", "email"
    )


def plans_for_user(*, user: Any) -> QuerySet[ImplementationPlan]:
    """The plans the user reads, newest first, with their open items, number of meetings
    and latest confidence."""
    latest = ProcessMeeting.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-pk")
    return (
        shared_for_user(ImplementationPlan.objects.all(), user=user)
        .select_related("organisation", "activity", "education_plan")
        .annotate(
            open_items=Count(
                "items",
                filter=Q(items__status__in=OPEN_STATUSES),
                distinct=True,
            ),
            meeting_count=Count("meetings", distinct=True),
            latest_confidence=Subquery(latest.values("confidence")[:1]),
        )
        .order_by("-created_at", "-pk")
    )


def my_plans(*, user: Any) -> QuerySet[ImplementationPlan]:
    """The readable plans the user is on the team of, or created."""
    return plans_for_user(user=user).filter(Q(team=user.pk) | Q(created_by=user.pk)).distinct()


def education_plans_for(*, user: Any) -> QuerySet[EducationPlan]:
    return (
        shared_for_user(EducationPlan.objects.all(), user=user)
        .select_related("organisation")
        .order_by("organisation__path", "title", "pk")
    )


def activities_for(*, user: Any) -> QuerySet[Activity]:
    return (
        shared_for_user(Activity.objects.all(), user=user)
        .select_related("organisation")
        .order_by("organisation__path", "title", "pk")
    )


@dataclass(frozen=True)
class PlanPage:
    """What a plan's page shows, fetched in a fixed number of queries."""

    team: list[User]
    ambassadors: list[User]
    items: list[ImplementationItem]
    meetings: list[ProcessMeeting]

    @property
    def areas(self) -> list[tuple[str, str, list[ImplementationItem]]]:
        """(area, label, items) for each of the eleven areas, in the checklist's order."""
        return [
            (area, str(label), [item for item in self.items if item.area == area])
            for area, label in Area.choices
        ]


def plan_page(plan: ImplementationPlan) -> PlanPage:
    items = sorted(
        ImplementationItem.objects.filter(plan=plan).select_related("responsible"),
        key=lambda item: (AREA_ORDER.get(item.area, len(AREA_ORDER)), item.pk),
    )
    return PlanPage(
        team=list(plan.team.order_by("full_name", "email")),
        ambassadors=list(plan.ambassadors.order_by("full_name", "email")),
        items=items,
        meetings=list(
            ProcessMeeting.objects.filter(plan=plan)
            .select_related("recorded_by")
            .order_by("held_on", "pk")
        ),
    )


# --- tasks -----------------------------------------------------------------------------------


def my_tasks(*, user: Any) -> QuerySet[ImplementationItem]:
    """The open items of plans the user reads, with the user responsible and a deadline:
    the earliest deadline (so the overdue) first."""
    return (
        shared_for_user(
            ImplementationItem.objects.filter(OPEN, responsible=user.pk, deadline__isnull=False),
            user=user,
            field="plan__organisation_id",
        )
        .select_related("plan__organisation")
        .order_by("deadline", "pk")
    )


def my_done_tasks(*, user: Any, since: datetime.datetime) -> QuerySet[ImplementationItem]:
    return (
        shared_for_user(
            ImplementationItem.objects.filter(
                responsible=user.pk, status=Status.DONE, done_at__gte=since
            ),
            user=user,
            field="plan__organisation_id",
        )
        .select_related("plan__organisation")
        .order_by("-done_at", "-pk")
    )


def tasks_due(*, user: Any, today: datetime.date) -> QuerySet[ImplementationItem]:
    """My open tasks due within DUE_SOON_DAYS, or overdue."""
    return my_tasks(user=user).filter(deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


# --- enrolments ------------------------------------------------------------------------------


def my_enrolments(*, user: Any, today: datetime.date) -> QuerySet[Enrolment]:
    """The user's enrolments in activities that lie ahead or ended within the last half
    year, the next first."""
    recent = today - datetime.timedelta(days=183)
    return (
        Enrolment.objects.filter(person=user.pk)
        .filter(
            Q(activity__ends_on__gte=recent)
            | Q(activity__ends_on__isnull=True, activity__starts_on__gte=recent)
            | Q(activity__starts_on__isnull=True)
        )
        .select_related("activity")
        .order_by("activity__starts_on", "activity__title", "pk")
    )


# --- the confidence trend --------------------------------------------------------------------


@dataclass(frozen=True)
class Drop:
    """Confidence fell by NOTABLE_DROP or more from one meeting to the next."""

    meeting: ProcessMeeting
    before: int

    @property
    def by(self) -> int:
        return self.before - self.meeting.confidence


def confidence_drops(meetings: Sequence[ProcessMeeting]) -> list[Drop]:
    """For meetings in the order they were held: each fall of two or more."""
    return [
        Drop(meeting=current, before=previous.confidence)
        for previous, current in itertools.pairwise(meetings)
        if previous.confidence - current.confidence >= NOTABLE_DROP
    ]


def _labels(days: Sequence[datetime.date]) -> list[str]:
    """Short dates; a second meeting on the same day gets a number (every point of the
    chart needs its own label)."""
    labels: list[str] = []
    for index, day in enumerate(days):
        label = date_format(day, "SHORT_DATE_FORMAT")
        earlier = sum(1 for other in days[:index] if other == day)
        labels.append(f"{label} ({earlier + 1})" if earlier else label)
    return labels


def confidence_figure(
    meetings: Sequence[ProcessMeeting], *, id: str = "confidence-trend"
) -> ChartFigure:
    """The confidence (0–10) across the meetings as a line, with the same figures as a table
    and a summary in words that names the latest value and any drop at the latest meeting."""
    labels = _labels([meeting.held_on for meeting in meetings])
    values = [meeting.confidence for meeting in meetings]
    dropped = {drop.meeting.pk: drop for drop in confidence_drops(meetings)}
    summary = gettext(
        "Confidence at %(count)s follow-up meetings from %(first)s to %(last)s, on a scale "
        "from 0 to 10: %(values)s. Latest: %(latest)s."
    ) % {
        "count": len(meetings),
        "first": labels[0],
        "last": labels[-1],
        "values": ", ".join(str(value) for value in values),
        "latest": values[-1],
    }
    latest_drop = dropped.get(meetings[-1].pk)
    if latest_drop is not None:
        summary += " " + gettext("It fell by %(by)s since the meeting before.") % {
            "by": latest_drop.by
        }
    name = gettext("Confidence")
    chart = LineChart(
        points=labels,
        series=[Series(name, [float(value) for value in values])],
        description=summary,
        low=LOWEST,
        high=HIGHEST,
        legend_title=gettext("Measure"),
        point_title=gettext("Meeting"),
        value_title=gettext("Confidence (0–10)"),
        series_title=gettext("Measure"),
    )
    return ChartFigure(
        id=id,
        chart=chart,
        caption=gettext("Confidence across the follow-up meetings"),
        summary=summary,
        row_header=gettext("Meeting"),
        columns=[gettext("Confidence (0–10)"), gettext("Change")],
        rows=[
            (
                label,
                [
                    str(meeting.confidence),
                    (
                        gettext("fell by %(by)s") % {"by": dropped[meeting.pk].by}
                        if meeting.pk in dropped
                        else (
                            f"{meeting.confidence - previous:+d}" if previous is not None else "–"
                        )
                    ),
                ],
            )
            for label, meeting, previous in zip(labels, meetings, [None, *values[:-1]], strict=True)
        ],
    )
