"""JSON API of the personal tools of transfer: learning goals, one's own logbook and
follow-up talks. Read only, except for writing a new entry in one's own logbook. (Education
plans: api_plans.py.)

The pages' rules hold (trinvis/learning/access.py). Organisational goals are shared
content of the organisations the user reads. Personal goals and talks are seen by the person
and their leaders, and a leader's read is written to the audit log as on the pages
(audit.py). The logbook is the user's own only: another person's entry is a 404 here even
when it is shared with the user (the pages show shared entries; the API does not carry
them). Lists give what the pages' lists give; what was said in a talk is read one talk at a
time, so each read of it is audited. Changes other than a new logbook entry go through the
pages, which carry the version checks.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from trinvis.accounts.models import User
from trinvis.core.forms import add_errors
from trinvis.learning.access import (
    follow_up_get_for_user,
    goal_get_for_user,
    is_leader_of,
    led_people,
    person_get_for_user,
)
from trinvis.learning.api_catalogue import Message
from trinvis.learning.audit import audit_opened
from trinvis.learning.forms_personal import LogbookEntryForm
from trinvis.learning.models import FollowUp, GoalReview, LearningGoal
from trinvis.learning.selectors_personal import (
    activities_for_goal,
    agreement_status,
    goal_reviews,
    organisational_goals_for,
    person_goals,
    person_logbook,
)
from trinvis.learning.services import logbook as logbook_services

router = Router(tags=["learning personal records"])

SharingValue = Literal["private", "leader", "team"]


def _me(request: HttpRequest) -> User:
    """The logged-in user: `django_auth` lets no anonymous request through."""
    user: User = request.user  # type: ignore[assignment]
    return user


# --- learning goals --------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    scope: str
    organisation_id: int
    # Personal goals only: whose goal it is, and the leader who agreed to it.
    person_id: int | None
    leader_id: int | None
    activity_id: int | None
    plan_row_id: int | None
    what_to_learn: str
    use_in_practice: str
    results: str
    organisational_goals: str
    leader_support: str
    person_confirmed_at: datetime.datetime | None
    leader_confirmed_at: datetime.datetime | None
    # Where the agreement stands from the reader's side: draft, waiting_for_leader,
    # waiting_for_you, waiting_for_person or agreed; null for an organisational goal.
    agreement: str | None
    outcome: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_agreement(goal: LearningGoal, context: Any) -> str | None:
        if goal.person_id is None:
            return None
        viewer_is_person = goal.person_id == context["request"].user.pk
        return agreement_status(goal, viewer_is_person=viewer_is_person).code


class GoalReviewOut(Schema):
    id: int
    outcome: str
    evidence: str
    reviewed_at: datetime.datetime
    reviewed_by_id: int | None
    # The follow-up talk the review was made in; null for a review outside a talk.
    follow_up_id: int | None


class GoalDetailOut(GoalOut):
    reviews: list[GoalReviewOut]

    @staticmethod
    def resolve_reviews(goal: LearningGoal) -> list[GoalReview]:
        return list(goal_reviews(goal))


@router.get(
    "/learning/goals", response={200: list[GoalOut], 404: Message}, url_name="learning_goal_list"
)
def goal_list(request: HttpRequest, person: int | None = None) -> Any:
    """The user's own personal goals; with `person`, those of someone the user leads."""
    found = _me(request)
    if person is not None:
        found = person_get_for_user(user=request.user, pk=person)
        audit_opened(request, person=found, record="learning_goals")
    return person_goals(found)


@router.get(
    "/learning/organisational-goals",
    response=list[GoalOut],
    url_name="learning_organisational_goal_list",
)
def organisational_goal_list(request: HttpRequest) -> Any:
    return organisational_goals_for(user=request.user)


@router.get(
    "/learning/goals/{int:goal_id}",
    response={200: GoalDetailOut, 404: Message},
    url_name="learning_goal_detail",
)
def goal_detail(request: HttpRequest, goal_id: int) -> Any:
    """A goal, personal or organisational, with its reviews."""
    goal = goal_get_for_user(user=request.user, pk=goal_id)
    if goal.person is not None:
        audit_opened(
            request,
            person=goal.person,
            record="learning_goal",
            pk=goal.pk,
            organisation_id=goal.organisation_id,
        )
    return goal


# --- my logbook --------------------------------------------------------------------------------


class LogbookEntryOut(Schema):
    id: int
    date: datetime.date
    activity_id: int | None
    what_happened: str
    what_puzzled: str
    want_more: str
    other: str
    sharing: SharingValue
    created_at: datetime.datetime
    updated_at: datetime.datetime


class LogbookEntryIn(Schema):
    """A new entry: a day that has come, something in at least one of the four texts, an
    activity from the catalogue the user reads (optional); private unless shared."""

    date: datetime.date
    what_happened: str = ""
    what_puzzled: str = ""
    want_more: str = ""
    other: str = ""
    activity_id: int | None = None
    sharing: SharingValue = "private"


class EntryRefused(Schema):
    detail: str
    # Per field of the body ("__all__" for the entry as a whole), the reasons.
    errors: dict[str, list[str]]


# The form's field names that the body spells differently.
_BODY_NAMES = {"activity": "activity_id"}


@router.get("/learning/logbook", response=list[LogbookEntryOut], url_name="learning_logbook")
def logbook_list(request: HttpRequest) -> Any:
    return person_logbook(_me(request))


@router.post(
    "/learning/logbook",
    response={201: LogbookEntryOut, 422: EntryRefused},
    url_name="learning_logbook",
)
def logbook_create(request: HttpRequest, payload: LogbookEntryIn) -> Any:
    """Write a new entry in one's own logbook, checked by the page's form and service."""
    user = _me(request)
    body = payload.model_dump()
    form = LogbookEntryForm(
        {**body, "activity": body.pop("activity_id") or ""},
        activities=activities_for_goal(person=user, user=user),
    )
    if form.is_valid():
        try:
            entry = logbook_services.entry_create(by=user, data=form.entry_data())
        except ValidationError as error:
            add_errors(form, error)
        else:
            return Status(201, entry)
    errors = {
        _BODY_NAMES.get(field, field): [str(message) for message in messages]
        for field, messages in form.errors.items()
    }
    return Status(422, {"detail": _("The entry was not saved."), "errors": errors})


@router.get(
    "/learning/logbook/{int:entry_id}",
    response={200: LogbookEntryOut, 404: Message},
    url_name="learning_logbook_entry",
)
def logbook_entry(request: HttpRequest, entry_id: int) -> Any:
    entry = person_logbook(_me(request)).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


# --- follow-up talks -----------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    person_id: int
    leader_id: int | None
    activity_id: int | None
    planned_for: datetime.date
    held_on: datetime.date | None
    version: int


class TalkReviewOut(Schema):
    """How a goal stood at the talk."""

    goal_id: int
    outcome: str
    evidence: str
    reviewed_at: datetime.datetime


class FollowUpDetailOut(FollowUpOut):
    # What was said. The leader who records the talk reads it at any time; the person once
    # the talk is held (null before, as the page shows nothing yet).
    notes: str | None
    next_steps: str | None
    reviews: list[TalkReviewOut]


def _talks_for(user: Any) -> QuerySet[FollowUp]:
    """The user's own talks and those of the people the user leads, by date."""
    return FollowUp.objects.filter(Q(person=user) | Q(person__in=led_people(user))).order_by(
        "planned_for", "pk"
    )


@router.get("/learning/follow-ups", response=list[FollowUpOut], url_name="learning_follow_up_list")
def follow_up_list(request: HttpRequest) -> Any:
    return _talks_for(request.user)


@router.get(
    "/learning/follow-ups/{int:follow_up_id}",
    response={200: FollowUpDetailOut, 404: Message},
    url_name="learning_follow_up_detail",
)
def follow_up_detail(request: HttpRequest, follow_up_id: int) -> Any:
    talk = follow_up_get_for_user(user=request.user, pk=follow_up_id)
    audit_opened(request, person=talk.person, record="follow_up", pk=talk.pk)
    shown = talk.held_on is not None or is_leader_of(user=request.user, person=talk.person)
    reviews: list[GoalReview] = (
        list(GoalReview.objects.filter(follow_up=talk).order_by("goal_id", "pk")) if shown else []
    )
    return {
        "id": talk.pk,
        "person_id": talk.person_id,
        "leader_id": talk.leader_id,
        "activity_id": talk.activity_id,
        "planned_for": talk.planned_for,
        "held_on": talk.held_on,
        "version": talk.version,
        "notes": talk.notes if shown else None,
        "next_steps": talk.next_steps if shown else None,
        "reviews": reviews,
    }
