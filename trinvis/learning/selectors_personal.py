"""Reads for the personal tools of transfer: a person's goals, logbook, motivation checks
and follow-up talks, the agenda of a talk, a leader's list of their people and the home
page's items. Each returns what a page shows in a fixed number of queries, however many
records there are; who may see them is decided in access.py before these are called.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning import motivation
from trinvis.learning.access import led_people, readable_organisation_ids
from trinvis.learning.models import (
    Activity,
    FollowUp,
    GoalReview,
    LearningGoal,
    LogbookEntry,
    MotivationCheck,
    MotivationQuestions,
    PlanRow,
)
from trinvis.organisations.models import Membership, Organisation

Outcome = LearningGoal.Outcome
# Goals still being worked on: never reviewed, or reviewed as partly achieved.
OPEN_OUTCOMES = (Outcome.OPEN, Outcome.PARTLY)
# A talk shows on the home page from this many days before its date until it is held.
FOLLOW_UP_DUE_WITHIN_DAYS = 7
HOME_ITEMS_LIMIT = 10


# --- the person's organisation ------------------------------------------------------------


def primary_organisation(person: User) -> Organisation | None:
    """The organisation a person belongs to first: their oldest active membership. Personal
    goals are filed under it and its motivation wording applies (a person with memberships
    in several units keeps the one they joined first)."""
    membership = (
        Membership.objects.filter(user=person, is_active=True)
        .select_related("organisation")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.organisation if membership else None


def person_organisations(person: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=person, memberships__is_active=True
    ).distinct()


# --- goals ----------------------------------------------------------------------------------


def person_goals(person: User) -> QuerySet[LearningGoal]:
    """The person's goals, the ones still being worked on first, newest first."""
    return (
        LearningGoal.objects.filter(scope=LearningGoal.Scope.PERSONAL, person=person)
        .select_related("activity", "leader", "organisation")
        .annotate(
            is_open=Case(
                When(outcome__in=OPEN_OUTCOMES, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-is_open", "-created_at", "-pk")
    )


def organisational_goals_for(*, user: Any) -> QuerySet[LearningGoal]:
    goals = LearningGoal.objects.filter(scope=LearningGoal.Scope.ORGANISATIONAL).select_related(
        "organisation", "activity"
    )
    readable = readable_organisation_ids(user)
    if readable is not None:
        goals = goals.filter(organisation_id__in=readable)
    return goals.order_by("organisation__path", "-created_at", "-pk")


def organisational_goals_of_person(person: User) -> QuerySet[LearningGoal]:
    """The organisational goals of the person's organisations and those above them: what a
    personal goal may say it supports."""
    return organisational_goals_for(user=person)


@dataclass(frozen=True)
class Agreement:
    """Where the agreement on a personal goal stands, as the viewer reads it."""

    code: str
    label: str


def agreement_status(goal: LearningGoal, *, viewer_is_person: bool) -> Agreement:
    """Draft / waiting for the leader / waiting for you / agreed, from the viewer's side:
    `viewer_is_person` is False for the leader (or anyone else allowed to read it)."""
    person_done = goal.person_confirmed_at is not None
    leader_done = goal.leader_confirmed_at is not None
    if person_done and leader_done:
        return Agreement("agreed", _("Agreed"))
    if person_done:
        if viewer_is_person:
            return Agreement("waiting_for_leader", _("Waiting for the leader"))
        return Agreement("waiting_for_you", _("Waiting for you"))
    if leader_done:
        if viewer_is_person:
            return Agreement("waiting_for_you", _("Waiting for you"))
        return Agreement("waiting_for_person", _("Waiting for the person"))
    return Agreement("draft", _("Draft"))


def goal_reviews(goal: LearningGoal) -> QuerySet[GoalReview]:
    return goal.reviews.select_related("reviewed_by", "follow_up").order_by("-reviewed_at", "-pk")


def activities_for_goal(*, person: User | None, user: Any) -> QuerySet[Activity]:
    """Activities a goal may be linked to: the catalogue the user reads, and for a personal
    goal only the part the person reads too (their organisations and those above)."""
    activities = Activity.objects.all()
    for reader in (person, user) if person is not None else (user,):
        readable = readable_organisation_ids(reader)
        if readable is not None:
            activities = activities.filter(organisation_id__in=readable)
    return activities.order_by("starts_on", "title", "pk")


def plan_rows_for_goal(*, person: User | None, user: Any) -> QuerySet[PlanRow]:
    """Plan rows a goal may belong to: of the plans the user reads, for a personal goal the
    rows that include the person."""
    rows = PlanRow.objects.select_related("plan", "activity")
    if person is not None:
        rows = rows.filter(people=person)
    readable = readable_organisation_ids(user)
    if readable is not None:
        rows = rows.filter(plan__organisation_id__in=readable)
    return rows.order_by("plan__title", "plan_id", "position", "pk")


# --- logbook --------------------------------------------------------------------------------


def person_logbook(person: User) -> QuerySet[LogbookEntry]:
    return (
        LogbookEntry.objects.filter(author=person)
        .select_related("activity")
        .order_by("-date", "-pk")
    )


# --- motivation -----------------------------------------------------------------------------


def person_checks(person: User) -> list[MotivationCheck]:
    """All the person's checks in the order they were taken (a trend needs them all)."""
    return list(
        MotivationCheck.objects.filter(person=person)
        .select_related("activity")
        .order_by("taken_on", "pk")
    )


@dataclass(frozen=True)
class CheckRow:
    """A check with its scores and the dimensions that fell by two or more since the one
    before: the conversation points for the next follow-up talk."""

    check: MotivationCheck
    scores: dict[str, int]
    previous: dict[str, int] | None
    drops: list[str]

    @property
    def taken_on(self) -> datetime.date:
        return self.check.taken_on

    @property
    def drop_lines(self) -> list[str]:
        assert self.previous is not None or not self.drops
        return [
            _("%(name)s fell from %(before)s to %(after)s")
            % {
                "name": motivation.DIMENSION_NAMES[dimension],
                "before": self.previous[dimension],  # type: ignore[index]
                "after": self.scores[dimension],
            }
            for dimension in self.drops
        ]


def check_rows(checks: list[MotivationCheck]) -> list[CheckRow]:
    rows = []
    previous: dict[str, int] | None = None
    for check in checks:
        scores = motivation.scores_of(check)
        rows.append(CheckRow(check, scores, previous, motivation.drops(previous, scores)))
        previous = scores
    return rows


def check_row(check: MotivationCheck) -> CheckRow:
    """One check against the check the person took before it."""
    previous = (
        MotivationCheck.objects.filter(person_id=check.person_id)
        .filter(Q(taken_on__lt=check.taken_on) | Q(taken_on=check.taken_on, pk__lt=check.pk))
        .order_by("-taken_on", "-pk")
        .first()
    )
    before = motivation.scores_of(previous) if previous else None
    scores = motivation.scores_of(check)
    return CheckRow(check, scores, before, motivation.drops(before, scores))


def wordings_for(organisation: Organisation | None) -> list[dict[str, Any]]:
    """The motivation wording of the organisation and those above it, nearest first."""
    if organisation is None:
        return []
    nearest_first = [organisation.pk, *reversed(organisation.ancestor_ids)]
    stored = dict(
        MotivationQuestions.objects.filter(organisation_id__in=nearest_first).values_list(
            "organisation_id", "questions"
        )
    )
    return [stored[pk] for pk in nearest_first if pk in stored]


def questions_for_person(person: User, language: str) -> list[motivation.Question]:
    """The five questions as the person is asked them: their primary organisation's wording,
    or the nearest organisation above that has one, else the shipped wording."""
    return motivation.questions_for(language, wordings_for(primary_organisation(person)))


# --- follow-up talks ------------------------------------------------------------------------


def person_follow_ups(person: User) -> QuerySet[FollowUp]:
    """Talks not yet held first (soonest first), then the held ones, latest first."""
    return (
        FollowUp.objects.filter(person=person)
        .select_related("leader", "activity")
        .annotate(
            held=Case(
                When(held_on__isnull=False, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("held", F("held_on").desc(), "planned_for", "-pk")
    )


@dataclass(frozen=True)
class Agenda:
    """What a follow-up talk is about: the goals still open (each with the review this
    talk gave it, if any), the latest motivation check and its conversation points, and
    what was agreed at the talk before."""

    goals: list[LearningGoal]
    reviews: dict[int, GoalReview]
    latest_check: CheckRow | None
    previous: FollowUp | None


def follow_up_agenda(follow_up: FollowUp) -> Agenda:
    """Open goals, plus goals this talk already reviewed (so a recorded review stays on the
    page even when it closed the goal)."""
    reviews = {
        review.goal_id: review
        for review in GoalReview.objects.filter(follow_up=follow_up).select_related("goal")
    }
    goals = list(
        LearningGoal.objects.filter(scope=LearningGoal.Scope.PERSONAL, person=follow_up.person_id)
        .filter(Q(outcome__in=OPEN_OUTCOMES) | Q(pk__in=list(reviews)))
        .select_related("activity")
        .order_by("created_at", "pk")
    )
    latest = list(
        MotivationCheck.objects.filter(person_id=follow_up.person_id).order_by("-taken_on", "-pk")[
            :2
        ]
    )
    latest_check = None
    if latest:
        before = motivation.scores_of(latest[1]) if len(latest) > 1 else None
        scores = motivation.scores_of(latest[0])
        latest_check = CheckRow(latest[0], scores, before, motivation.drops(before, scores))
    previous = (
        FollowUp.objects.filter(person_id=follow_up.person_id, held_on__isnull=False)
        .exclude(pk=follow_up.pk)
        .filter(held_on__lte=follow_up.held_on or follow_up.planned_for)
        .order_by("-held_on", "-pk")
        .first()
    )
    return Agenda(goals=goals, reviews=reviews, latest_check=latest_check, previous=previous)


# --- a leader's people ----------------------------------------------------------------------


def _count_per_person(queryset: QuerySet[Any]) -> Coalesce:
    counted = (
        queryset.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def my_people(*, user: Any) -> QuerySet[User]:
    """The people the user leads, each with their open goals, goals waiting for the user's
    confirmation, latest motivation check and next follow-up talk: one query for the rows
    and one for their organisations, however many people there are."""
    personal = LearningGoal.objects.filter(scope=LearningGoal.Scope.PERSONAL)
    latest_check = (
        MotivationCheck.objects.filter(person=OuterRef("pk"))
        .order_by("-taken_on", "-pk")
        .values("taken_on")[:1]
    )
    next_talk = (
        FollowUp.objects.filter(person=OuterRef("pk"), held_on__isnull=True)
        .order_by("planned_for", "pk")
        .values("planned_for")[:1]
    )
    return (
        led_people(user)
        .annotate(
            open_goals=_count_per_person(personal.filter(outcome__in=OPEN_OUTCOMES)),
            goals_waiting=_count_per_person(
                personal.filter(person_confirmed_at__isnull=False, leader_confirmed_at__isnull=True)
            ),
            latest_check_on=Subquery(latest_check),
            next_follow_up_on=Subquery(next_talk),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(is_active=True)
                .select_related("organisation")
                .order_by("organisation__path"),
                to_attr="active_memberships",
            )
        )
        .order_by("full_name", "email")
    )


# --- the home page ---------------------------------------------------------------------------


def goals_waiting_for_me(*, user: Any) -> list[LearningGoal]:
    """Personal goals the other party has confirmed and the user has not: the user's own
    goals their leader agreed to, and the goals of the people they lead that the person
    agreed to."""
    mine = Q(person=user, leader_confirmed_at__isnull=False, person_confirmed_at__isnull=True)
    theirs = Q(
        person__in=led_people(user),
        person_confirmed_at__isnull=False,
        leader_confirmed_at__isnull=True,
    )
    return list(
        LearningGoal.objects.filter(scope=LearningGoal.Scope.PERSONAL)
        .filter(mine | theirs)
        .select_related("person")
        .order_by("created_at", "pk")[:HOME_ITEMS_LIMIT]
    )


def follow_ups_due(*, user: Any, today: datetime.date) -> list[FollowUp]:
    """Talks not yet held, from a week before their date: those the user planned as leader
    (overdue ones stay until they are recorded as held) and those the user takes part in."""
    until = today + datetime.timedelta(days=FOLLOW_UP_DUE_WITHIN_DAYS)
    return list(
        FollowUp.objects.filter(Q(leader=user) | Q(person=user, planned_for__gte=today))
        .filter(held_on__isnull=True, planned_for__lte=until)
        .select_related("person", "leader")
        .order_by("planned_for", "pk")[:HOME_ITEMS_LIMIT]
    )
