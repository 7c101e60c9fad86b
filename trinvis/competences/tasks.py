"""Reminders before a round's deadline, to everyone whose assessment is still missing.

When a round opens, a reminder task is queued to run `reminder_days` before the deadline
(the database backend runs deferred tasks). The task sends at most once per round and
deadline (`Round.reminded_at`, checked under a row lock), so a retried or duplicated task
e-mails nobody twice. `manage.py send_competence_reminders` sends every reminder that is
due, for a set-up whose task backend cannot defer.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Round
from trinvis.competences.selectors import pending_assessors


def reminder_moment(round: Round) -> datetime.datetime:
    day = round.deadline - datetime.timedelta(days=round.reminder_days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))


def schedule_reminder(round: Round) -> None:
    """Queue the round's reminder; sent at once if its moment has already come."""
    moment = reminder_moment(round)
    if moment <= timezone.now():
        send_round_reminder.enqueue(round_id=round.pk)
    elif default_task_backend.supports_defer:
        send_round_reminder.using(run_after=moment).enqueue(round_id=round.pk)


@task()
def send_round_reminder(*, round_id: int) -> int:
    """E-mail everyone with a missing assessment in the round; returns how many were sent."""
    with transaction.atomic():
        round = Round.objects.select_for_update().filter(pk=round_id).first()
        if (
            round is None
            or not round.is_open
            or round.reminded_at is not None
            or reminder_moment(round) > timezone.now()
        ):
            return 0
        round.reminded_at = timezone.now()
        round.save(update_fields=["reminded_at"])
        recipients = pending_assessors(round=round)
    # Sent after the commit: a reminder is never sent for a round whose mark was rolled back.
    for person, kinds in recipients:
        _send(round=round, person=person, kinds=kinds)
    return len(recipients)


def _send(*, round: Round, person: User, kinds: list[str]) -> None:
    context: dict[str, Any] = {
        "round": round,
        "person": person,
        "kinds": [Assessment.Kind(kind).label for kind in kinds],
        "link": settings.TRINVIS_BASE_URL.rstrip("/") + f"/competences/rounds/{round.pk}/",
    }
    with translation.override(person.language or settings.LANGUAGE_CODE):
        subject = render_to_string("competences/email/reminder_subject.txt", context).strip()
        body = render_to_string("competences/email/reminder.txt", context)
    send_mail(subject, body, None, [person.email])


def send_due_reminders() -> int:
    """Send the reminders of every open round whose moment has come; returns e-mails sent."""
    today = timezone.localdate()
    due = Round.objects.filter(
        closed_at__isnull=True, reminded_at__isnull=True, deadline__gte=today
    )
    return sum(send_round_reminder.call(round_id=pk) for pk in due.values_list("pk", flat=True))
