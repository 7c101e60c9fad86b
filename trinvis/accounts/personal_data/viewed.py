"""Who has viewed your data: the audit events in which someone else opened the person's
individual data (their ratings, learning records, course enrolment, the erasure preview),
for "My profile". The events name the person as their `subject` (core.AuditEvent); reading
one's own data is never logged, so every row here is someone else.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent

# How far back the list goes: a year, as the profile page says.
SHOWN_DAYS = 365
# The page shows the latest of them; the download holds them all.
SHOWN_AT_MOST = 50

# What was opened, by the `record` the learning and programme views write in the details.
RECORD_LABELS: dict[str, Promise] = {
    "overview": _("Your learning overview"),
    "learning_goal": _("A learning goal"),
    "learning_goals": _("Your learning goals"),
    "logbook_entry": _("A logbook entry"),
    "logbook_shared": _("Logbook entries you shared"),
    "motivation_check": _("A motivation check"),
    "follow_up": _("A follow-up talk"),
    "enrolment": _("Your participation in a course"),
    "course_enrolment": _("Your course enrolment"),
}


@dataclass(frozen=True)
class View:
    """One time someone else opened the person's data."""

    at: datetime.datetime
    who: str
    what: str


def data_viewed_events(*, person: User, now: datetime.datetime | None = None) -> QuerySet:
    """The events about the person in the last `SHOWN_DAYS` days, latest first; by the
    (subject, time) index."""
    since = (now or timezone.now()) - datetime.timedelta(days=SHOWN_DAYS)
    return (
        AuditEvent.objects.filter(subject=person, created_at__gte=since)
        .exclude(actor=person)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def _what(event: AuditEvent) -> str:
    record = (event.details or {}).get("record")
    if record in RECORD_LABELS:
        return str(RECORD_LABELS[record])
    return str(event.get_action_display())


def _who(event: AuditEvent) -> str:
    if event.actor is not None and event.actor.full_name:
        return f"{event.actor.full_name} ({event.actor.email})"
    return event.actor_label or str(_("Someone no longer known"))


def data_viewed(*, person: User) -> tuple[list[View], int]:
    """The latest views of the person's data (at most SHOWN_AT_MOST) and how many there
    were in all in the period: two queries, whatever the number."""
    events = data_viewed_events(person=person)
    shown = [
        View(at=event.created_at, who=_who(event), what=_what(event))
        for event in events[:SHOWN_AT_MOST]
    ]
    total = len(shown) if len(shown) < SHOWN_AT_MOST else events.count()
    return shown, total
