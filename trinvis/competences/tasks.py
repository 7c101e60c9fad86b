"""Reminders before a round's deadline, to everyone whose assessment is still missing.

When a round opens, a reminder task is queued to run `reminder_days` before the deadline
(the database backend runs deferred tasks). The task sends at most once per round and
deadline (`Round.reminded_at`, claimed under a row lock; reopening a round clears it), so a
retried or duplicated task e-mails nobody twice. Each e-mail is in the person's language.
`manage.py send_competence_reminders` (cron) sends every reminder that is due, for a set-up
whose task backend cannot defer.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Round
from trinvis.competences.selectors import pending_assessors
from trinvis.outbox.services import message_queue


def reminder_moment(round: Round) -> datetime.datetime:
    day = round.deadline - datetime.timedelta(days=round.reminder_days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))


def schedule_reminder(round: Round) -> None:
    """Queue the round's reminder; sent at once if its moment has already come.

    A backend that cannot defer (the immediate one) gets nothing queued for a later moment:
    `manage.py send_competence_reminders`, run from cron, sends it then.
    """
    moment = reminder_moment(round)
    if moment <= timezone.now():
        send_round_reminder.enqueue(round_id=round.pk)
    elif send_round_reminder.get_backend().supports_defer:
        send_round_reminder.using(run_after=moment).enqueue(round_id=round.pk)


@task()
def send_round_reminder(*, round_id: int) -> int:
    """E-mail everyone with a missing assessment in the round; returns how many were sent."""
    now = timezone.now()
    with transaction.atomic():
        round = Round.objects.select_for_update().filter(pk=round_id).first()
        if round is None or not round.is_open or reminder_moment(round) > now:
            return 0
        # Claimed with a conditional update, so that of two runs at the same time exactly one
        # sends, on every database (SQLite ignores the row lock above).
        claimed = Round.objects.filter(pk=round.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            return 0
        recipients = [
            (person, kinds)
            for person, kinds in pending_assessors(round=round)
            if person.is_active and person.email
        ]
        # Into the outbox with the mark: sent after the commit, never for a rolled-back mark.
        for person, kinds in recipients:
            _send(round=round, person=person, kinds=kinds)
    return len(recipients)


def _send(*, round: Round, person: User, kinds: list[str]) -> None:
    context: dict[str, Any] = {
        "round": round,
        "person": person,
        "kinds": [Assessment.Kind(kind).label for kind in kinds],
        "own": Assessment.Kind.SELF.value in kinds,
        "link": settings.TRINVIS_BASE_URL.rstrip("/")
        + reverse("competences:round_detail", args=[round.pk]),
    }
    with translation.override(person.language or settings.LANGUAGE_CODE):
        subject = render_to_string("competences/email/reminder_subject.txt", context).strip()
        body = render_to_string("competences/email/reminder.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [person.email])
    message_queue(message=message, recipient=person)


def send_due_reminders() -> int:
    """Send the reminders of every open round whose moment has come; returns e-mails sent."""
    now = timezone.now()
    candidates = Round.objects.filter(
        closed_at__isnull=True, reminded_at__isnull=True, deadline__gte=timezone.localdate()
    ).only("pk", "deadline", "reminder_days")
    due = [round.pk for round in candidates if reminder_moment(round) <= now]
    return sum(send_round_reminder.call(round_id=pk) for pk in due)
