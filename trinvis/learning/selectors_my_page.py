"""Reads for "my page": an employee's next course, and a leader's overview of the units
they lead — their education plans with row statuses and warnings, overdue follow-up talks,
goals without progress and the confidence trend of their implementation plans.

Each read takes a fixed number of queries, however many people, goals, plans or meetings
there are. A leader's reads reach only the people and organisations they lead
(access.led_people, access.led_organisation_ids) and shared content they may read.
"""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import F, Max, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from trinvis.accounts.models import User
from trinvis.competences.models import NeedPriority
from trinvis.learning import selectors_implementation, selectors_plans
from trinvis.learning.access import led_organisation_ids, led_people
from trinvis.learning.models import (
    EducationPlan,
    Enrolment,
    FollowUp,
    ImplementationPlan,
    LearningGoal,
    ProcessMeeting,
    Status,
)
from trinvis.learning.plan_checks import NeedFacts, check_plan
from trinvis.learning.progress import Stall, stalled
from trinvis.reports.charts.bars import ChartFigure

# How many plans (education and implementation) the leader's page shows; the plan lists
# have the rest.
PLANS_SHOWN = 10
TRENDS_SHOWN = 5
# How many overdue talks and stalled goals are listed; the page says how many there are.
LISTED = 25


def first_and_total(queryset: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows and how many there are in all (counted only when the limit
    is reached)."""
    first = list(queryset[:limit])
    return first, len(first) if len(first) < limit else queryset.count()


# --- the employee ----------------------------------------------------------------------------


def next_course(*, person: User, today: datetime.date) -> Enrolment | None:
    """The person's enrolment in the activity that runs now or starts next. An activity is
    over after its last day (its end, or its start when it has no end), as in the
    catalogue; one without dates is not "next" (it has no place in time)."""
    return (
        Enrolment.objects.filter(person=person, completed=False)
        .annotate(
            last_day=Coalesce("activity__ends_on", "activity__starts_on"),
            first_day=Coalesce("activity__starts_on", "activity__ends_on"),
        )
        .filter(last_day__gte=today)
        .select_related("activity")
        .order_by("first_day", "activity__title", "pk")
        .first()
    )


# --- the leader: education plans --------------------------------------------------------------


class _NoFixes:
    """Links for counting warnings: a count points to no place to fix them."""

    def row_edit(self, row_id: int) -> str:
        return ""

    def row_add(self, need_id: int) -> str:
        return ""

    def goal_add(self, row_id: int) -> str:
        return ""

    def effort(self) -> str:
        return ""


@dataclass(frozen=True)
class PlanLine:
    """An education plan with how many rows have each status, and its warnings."""

    plan: EducationPlan
    statuses: Counter[str]
    warning_count: int

    @property
    def status_counts(self) -> list[int]:
        """Rows per status, in the order of Status."""
        return [self.statuses[status] for status in Status.values]


def _short_needs_by_round(plans: Sequence[EducationPlan]) -> dict[int, list[NeedFacts]]:
    """The short-term needs of the plans' rounds, as the warnings read them."""
    round_ids = {plan.round_id for plan in plans if plan.round_id is not None}
    found: dict[int, list[NeedFacts]] = {}
    needs = (
        NeedPriority.objects.filter(round_id__in=round_ids, horizon=NeedPriority.Horizon.SHORT)
        .select_related("competence")
        .order_by("competence__position", "pk")
    )
    for need in needs:
        found.setdefault(need.round_id, []).append(NeedFacts(need.pk, need.competence.name))
    return found


def unit_plans(*, user: Any) -> tuple[list[PlanLine], int]:
    """The education plans of the organisations the user leads (latest changed first, at
    most PLANS_SHOWN), each with its row statuses and the number of warnings its page shows;
    and how many such plans there are."""
    plans = selectors_plans.plans_for_user(user=user).filter(
        organisation_id__in=led_organisation_ids(user)
    )
    shown, total = first_and_total(plans.order_by("-updated_at", "-pk"), PLANS_SHOWN)
    rows = selectors_plans.plan_rows(plans=shown, user=user)
    short_needs = _short_needs_by_round(shown)
    lines = []
    for plan in shown:
        views = rows[plan.pk]
        checks = check_plan(
            rows=[view.facts for view in views],
            short_needs=short_needs.get(plan.round_id, []) if plan.round_id else [],
            links=_NoFixes(),
        )
        lines.append(
            PlanLine(
                plan=plan,
                statuses=Counter(view.row.status for view in views),
                warning_count=len(checks.warnings),
            )
        )
    return lines, total


# --- the leader: follow-up talks and goals -----------------------------------------------------


def overdue_follow_ups(*, user: Any, today: datetime.date) -> QuerySet[FollowUp]:
    """Talks with the people the user leads that were planned before today and are not
    recorded as held, the oldest first."""
    return (
        FollowUp.objects.filter(
            person__in=led_people(user), held_on__isnull=True, planned_for__lt=today
        )
        .select_related("person", "leader")
        .order_by("planned_for", "pk")
    )


@dataclass(frozen=True)
class StalledGoal:
    goal: LearningGoal
    stall: Stall


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def goals_without_progress(*, user: Any, today: datetime.date) -> list[StalledGoal]:
    """The agreed personal goals of the people the user leads that show no progress
    (progress.stalled), the longest stalled first."""
    goals = (
        LearningGoal.objects.filter(
            scope=LearningGoal.Scope.PERSONAL,
            person__in=led_people(user),
            person_confirmed_at__isnull=False,
            leader_confirmed_at__isnull=False,
        )
        .exclude(outcome=LearningGoal.Outcome.ACHIEVED)
        .annotate(last_reviewed_at=Max("reviews__reviewed_at"))
        .select_related("person", "activity")
        .order_by("person__full_name", "pk")
    )
    found = []
    for goal in goals:
        assert goal.person_confirmed_at is not None and goal.leader_confirmed_at is not None
        activity = goal.activity
        last_reviewed_at = goal.last_reviewed_at
        stall = stalled(
            today=today,
            agreed_on=_day(max(goal.person_confirmed_at, goal.leader_confirmed_at)),
            course_ended_on=(activity.ends_on or activity.starts_on) if activity else None,
            last_review_on=_day(last_reviewed_at) if last_reviewed_at else None,
            last_outcome=goal.outcome if last_reviewed_at else None,
        )
        if stall is not None:
            found.append(StalledGoal(goal, stall))
    return sorted(found, key=lambda line: (line.stall.since, line.goal.pk))


# --- the leader: confidence across implementation meetings ------------------------------------


@dataclass(frozen=True)
class Trend:
    plan: ImplementationPlan
    figure: ChartFigure


def confidence_trends(*, user: Any) -> tuple[list[Trend], int]:
    """The confidence trend of the implementation plans of the organisations the user
    leads that have follow-up meetings (the latest met first, at most TRENDS_SHOWN), and
    how many such plans there are."""
    plans = (
        selectors_implementation.plans_for_user(user=user)
        .filter(organisation_id__in=led_organisation_ids(user), meeting_count__gt=0)
        .annotate(last_met_on=Max("meetings__held_on"))
        .order_by(F("last_met_on").desc(), "-pk")
    )
    shown, total = first_and_total(plans, TRENDS_SHOWN)
    meetings: dict[int, list[ProcessMeeting]] = {}
    held = ProcessMeeting.objects.filter(plan__in=shown).order_by("plan_id", "held_on", "pk")
    for meeting in held:
        meetings.setdefault(meeting.plan_id, []).append(meeting)
    trends = []
    for plan in shown:
        figure = selectors_implementation.confidence_figure(
            meetings[plan.pk], id=f"confidence-trend-{plan.pk}"
        )
        # Several charts share the page: each caption names its plan.
        caption = gettext("%(caption)s: %(plan)s") % {"caption": figure.caption, "plan": plan}
        trends.append(Trend(plan, replace(figure, caption=caption)))
    return trends, total
