"""The procedure around a course runs itself: its reminder mails (procedure.py says who gets
what and when) are sent by this task, without anyone clicking.

Each reminder goes out once. It is claimed by inserting its Reminder row — unique per
activity, kind, person and day offset — in the activity's transaction, and its mail is put
in the outbox (trinvis/outbox) in the same transaction, which sends it after the commit. Of
two runs at the same time, the second's insert waits for the first's commit and then fails
on the unique constraint, so it sends nothing twice; rows are claimed in the same order in
every run, so two runs never deadlock. A mail the server refuses stays in the outbox, which
tries it again until it goes.

A person who switched a kind of reminder off (services/preferences.py) is left out when it
is due: nothing is claimed for them, so switching it on again before its moment brings it.
Every mail is in the recipient's language, plain text, with links built from
settings.TRINVIS_BASE_URL, and ends with the link to where it is switched off.

`run_reminders` sends everything that is due; the task `learning_reminders` runs it — from
cron through `manage.py run_learning_reminders` (hourly, say), and, on a task backend that
can defer (the database backend), at each coming moment of an activity's procedure, queued
by `schedule_reminders`.
"""

import datetime
import logging
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from trinvis.accounts.models import User
from trinvis.learning import ics
from trinvis.learning.models import Activity, Reminder
from trinvis.learning.procedure import (
    MAX_REMINDER_DAY,
    STALE_AFTER_DAYS,
    Facts,
    Participant,
    Step,
    activity_schedule,
    due_steps,
    facts_for,
)
from trinvis.learning.services.preferences import reminders_off_of
from trinvis.outbox.services import message_queue

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
TEMPLATES = {
    Kind.LEADER_BEFORE: "leader_before",
    Kind.PARTICIPANT_BEFORE: "participant_before",
    Kind.PARTICIPANT_AFTER: "participant_after",
    Kind.FOLLOW_UP_DAY: "follow_up_day",
    Kind.LEADER_AFTER: "leader_after",
}


def link(name: str, *args: Any) -> str:
    """An absolute link for a mail, which is read outside any request."""
    return settings.TRINVIS_BASE_URL.rstrip("/") + reverse(name, args=args)


def _participant_context(participant: Participant) -> dict[str, Any]:
    enrolment = participant.enrolment
    return {
        "participant": participant,
        "person": participant.person,
        "goals": participant.goals,
        "alone": participant.alone,
        "purpose": enrolment.plan_row.purpose if enrolment.plan_row else "",
        "before_link": link("learning:enrolment_before", enrolment.pk),
        "person_link": link("learning:person", participant.person.pk),
        "follow_up_link": link("learning:follow_up_create", participant.person.pk),
    }


def _context(step: Step, facts: Facts, recipient: User) -> dict[str, Any]:
    activity = facts.activity
    context: dict[str, Any] = {
        "activity": activity,
        "recipient": recipient,
        "days": step.offset_days,
        "headings": [line.strip() for line in activity.headings.splitlines() if line.strip()],
        "after_link": link("learning:activity_after", activity.pk),
        "logbook_link": link("learning:logbook_create"),
        "preferences_link": link("learning:preferences"),
    }
    if step.to_leaders:
        led = facts.led_by(recipient.pk)
        context["participants"] = [_participant_context(participant) for participant in led]
        context["any_alone"] = any(participant.alone for participant in led)
    else:
        participant = facts.participant(recipient.pk)
        assert participant is not None  # recipients are the activity's participants
        context.update(_participant_context(participant))
    return context


def _compose(step: Step, facts: Facts, recipient: User) -> EmailMessage:
    """The reminder's mail in the recipient's language; the follow-up day's invitation
    carries the event as an .ics file."""
    template = TEMPLATES[Kind(step.kind)]
    context = _context(step, facts, recipient)
    attachment = None
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"learning/email/{template}_subject.txt", context)
        body = render_to_string(f"learning/email/{template}.txt", context)
        if step.kind == Kind.FOLLOW_UP_DAY:
            attachment = ics.follow_up_day_calendar(facts.activity, stamp=timezone.now())
    message = EmailMessage(" ".join(subject.split()), body, None, [recipient.email])
    if attachment is not None:
        message.attach("follow-up-day.ics", attachment, "text/calendar")
    return message


def _recipients(
    step: Step, facts: Facts, switched_off: Mapping[int, Collection[str]]
) -> Iterator[User]:
    """Who gets the step's reminder, in a fixed order (person id): the nearest leaders of
    the participants, or the participants; only people with an e-mail address who have not
    switched this kind of reminder off (`switched_off`: person id → kinds)."""
    if step.to_leaders:
        people = list(facts.leaders.values())
    else:
        people = [participant.person for participant in facts.participants]
    for person in sorted(people, key=lambda person: person.pk):
        if person.is_active and person.email and step.kind not in switched_off.get(person.pk, ()):
            yield person


def _claim(activity: Activity, step: Step, person: User) -> Reminder | None:
    """Insert the reminder's row; None when another run has it (the unique constraint)."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                activity=activity, kind=step.kind, person=person, offset_days=step.offset_days
            )
    except IntegrityError:
        return None


def remind_activity(activity_id: int, *, now: datetime.datetime) -> Counter[str]:
    """Send the activity's reminders that are due at `now`; returns how many of each kind."""
    sent: Counter[str] = Counter()
    with transaction.atomic():
        activity = Activity.objects.filter(pk=activity_id).first()
        steps = due_steps(activity_schedule(activity), now) if activity else []
        if activity is None or not steps:
            return Counter()
        facts = facts_for(activity)
        # Read at the moment of sending: a reminder switched on again before then goes out.
        switched_off = reminders_off_of(
            [participant.person.pk for participant in facts.participants] + list(facts.leaders)
        )
        for step in steps:
            for person in _recipients(step, facts, switched_off):
                claim = _claim(activity, step, person)
                if claim is not None:
                    # The outbox sends it after the commit: never for a rolled-back claim.
                    message_queue(message=_compose(step, facts, person), recipient=person)
                    sent[claim.kind] += 1
    return sent


def activities_due(*, now: datetime.datetime) -> list[int]:
    """The activities with participants and a reminder due at `now`."""
    oldest = timezone.localdate(now) - datetime.timedelta(
        days=MAX_REMINDER_DAY + STALE_AFTER_DAYS + 1
    )
    candidates = (
        Activity.objects.filter(enrolments__isnull=False)
        .filter(Q(starts_on__gte=oldest) | Q(ends_on__gte=oldest) | Q(follow_up_day_at__gte=now))
        .distinct()
        .only("pk", "starts_on", "ends_on", "reminder_days", "follow_up_day_at")
        .order_by("pk")
    )
    return [activity.pk for activity in candidates if due_steps(activity_schedule(activity), now)]


def run_reminders(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send every reminder that is due; returns how many were sent, of each kind. Each
    activity in its own transaction: a database error (a deadlock, say) is logged and the
    others go on; the next run retries."""
    now = now or timezone.now()
    sent: Counter[str] = Counter()
    for activity_id in activities_due(now=now):
        try:
            sent += remind_activity(activity_id, now=now)
        except DatabaseError:
            logger.exception("learning reminders of activity %s failed", activity_id)
    return {kind.value: sent[kind.value] for kind in Kind}


@task()
def learning_reminders() -> dict[str, int]:
    """Send the procedure's reminders that are due: before the course to participants and
    their leaders, after it to participants (headings and goals, the follow-up day) and to
    their leaders (the internal follow-up)."""
    return run_reminders()


def schedule_reminders(activity: Activity) -> None:
    """Queue a reminder run for each coming moment of the activity's procedure, on a task
    backend that can defer; a step already due is queued to run now. Call it after the
    commit (transaction.on_commit) of whatever changed the activity's dates or its
    participants. A backend that cannot defer gets only the run for now: cron runs the
    command for the rest. A run at a moment that no longer applies sends nothing."""
    now = timezone.now()
    steps = activity_schedule(activity)
    if any(step.is_due(now) for step in steps):
        learning_reminders.enqueue()
    if not learning_reminders.get_backend().supports_defer:
        return
    for moment in sorted({step.moment for step in steps if step.moment > now}):
        learning_reminders.using(run_after=moment).enqueue()
