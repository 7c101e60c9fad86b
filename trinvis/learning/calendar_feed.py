"""A person's calendar feed: the dates of their learning, for a calendar program to
subscribe to at the secret address made on their settings page (services/preferences.py).

It holds the courses they are enrolled in (whole days, first to last) and their follow-up
days, the follow-up talks not yet held where they are the person or the leader, the
deadlines of the implementation tasks they are responsible for, and the next follow-up
meeting of each implementation plan whose team they are on. Each event carries only a
title, a place and a link into Trinvis: a calendar is often shared with colleagues or
read by other programs, so goals, notes, agreements and logbook text stay behind the login.

Every event's UID names its record, so a calendar reading the feed again updates the
event instead of adding a second one; SEQUENCE is the record's version where it has one.
A fixed number of queries, however many events.
"""

import datetime

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext

from trinvis.accounts.models import User
from trinvis.learning import ics
from trinvis.learning.access import shared_for_user
from trinvis.learning.models import Enrolment, FollowUp, ImplementationPlan, ProcessMeeting
from trinvis.learning.selectors_implementation import my_tasks
from trinvis.learning.tasks import link


def _uid(kind: str, pk: int) -> str:
    return f"learning-{kind}-{pk}@{ics.host()}"


def _courses(person: User) -> list[ics.Event]:
    """The person's courses over their days, and the follow-up day of each that has one."""
    events = []
    for enrolment in (
        Enrolment.objects.filter(person=person)
        .filter(Q(activity__starts_on__isnull=False) | Q(activity__follow_up_day_at__isnull=False))
        .select_related("activity")
        .order_by("activity__starts_on", "activity__pk")
    ):
        activity = enrolment.activity
        if activity.starts_on is not None:
            events.append(
                ics.all_day(
                    uid=_uid("activity", activity.pk),
                    first=activity.starts_on,
                    last=activity.ends_on,
                    summary=activity.title,
                    location=activity.place,
                    url=link("learning:activity_detail", activity.pk),
                    sequence=activity.version,
                )
            )
        if activity.follow_up_day_at is not None:
            events.append(ics.follow_up_day_event(activity))
    return events


def _talks(person: User) -> list[ics.Event]:
    """Follow-up talks not yet held, on their planned day, named after the other party."""
    events = []
    for talk in (
        FollowUp.objects.filter(Q(person=person) | Q(leader=person), held_on__isnull=True)
        .select_related("person", "leader")
        .order_by("planned_for", "pk")
    ):
        other = talk.leader if talk.person_id == person.pk else talk.person
        if other is not None and other.full_name:
            summary = gettext("Follow-up talk with %(name)s") % {"name": other.full_name}
        else:
            summary = gettext("Follow-up talk")
        events.append(
            ics.all_day(
                uid=_uid("follow-up", talk.pk),
                first=talk.planned_for,
                summary=summary,
                url=link("learning:follow_up", talk.pk),
                sequence=talk.version,
            )
        )
    return events


def _tasks(person: User) -> list[ics.Event]:
    """The deadlines of the open implementation tasks the person is responsible for."""
    events = []
    for item in my_tasks(user=person):
        assert item.deadline is not None  # my_tasks has only items with a deadline
        events.append(
            ics.all_day(
                uid=_uid("task", item.pk),
                first=item.deadline,
                summary=gettext("Deadline: %(area)s (%(plan)s)")
                % {"area": item.get_area_display(), "plan": item.plan.title},
                url=f"{link('learning:implementation_detail', item.plan_id)}#item-{item.pk}",
                sequence=item.version,
            )
        )
    return events


def _meetings(person: User) -> list[ics.Event]:
    """For each plan the person is on the team of, the next follow-up meeting its latest
    meeting agreed on. The UID names that meeting: when the next one is recorded, the
    event gives way to the one it agrees on."""
    latest = ProcessMeeting.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-pk")
    plans = (
        shared_for_user(ImplementationPlan.objects.filter(team=person.pk), user=person)
        .annotate(
            next_on=Subquery(latest.values("next_meeting_on")[:1]),
            agreed_at=Subquery(latest.values("pk")[:1]),
        )
        .filter(next_on__isnull=False)
        .order_by("next_on", "pk")
    )
    return [
        ics.all_day(
            uid=_uid("next-meeting", plan.agreed_at),
            first=plan.next_on,
            summary=gettext("Implementation follow-up meeting: %(plan)s") % {"plan": plan.title},
            url=link("learning:implementation_detail", plan.pk),
        )
        for plan in plans
    ]


def person_events(person: User) -> list[ics.Event]:
    """Every event of the person's feed, in the active language."""
    return [*_courses(person), *_talks(person), *_tasks(person), *_meetings(person)]


def person_calendar(person: User, *, stamp: datetime.datetime) -> str:
    """The person's feed as a calendar file, in their language."""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        return ics.calendar(
            person_events(person), stamp=stamp, name=gettext("Trinvis: my learning dates")
        )
