"""A workshop's days as a calendar file (.ics), attached to its invitation.

One event per day, written with learning's calendar writer (trinvis/learning/ics.py): a day
with a run sheet runs from its first line's start to its last line's end, in the site's
time zone; a day without one is an all-day event. The UIDs name the workshop and the day,
and the sequence is the workshop's version, so a calendar that imports a later invitation
moves the days that changed instead of adding them twice. The file holds only what the
programme wrote (title, place), so it is the same in every language.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from trinvis.learning import ics
from trinvis.programmes.models import Workshop
from trinvis.programmes.selectors_workshops import AgendaDay, agenda_days


def _summary(workshop: Workshop, day: AgendaDay, days: int) -> str:
    summary = f"{workshop.title} – {workshop.programme.name}"
    return f"{summary} ({day.number}/{days})" if days > 1 else summary


def _event(workshop: Workshop, day: AgendaDay, days: int, url: str) -> ics.Event:
    uid = f"programme-workshop-{workshop.pk}-day-{day.number}@{ics.host()}"
    summary = _summary(workshop, day, days)
    if not day.lines:
        return ics.all_day(
            uid=uid,
            first=day.date,
            summary=summary,
            location=workshop.place,
            url=url,
            sequence=workshop.version,
        )
    zone = timezone.get_default_timezone()
    starts = min(line.line.starts_at for line in day.lines)
    ends = max(line.ends_at for line in day.lines)
    return ics.Event(
        uid=uid,
        starts_at=datetime.datetime.combine(day.date, starts, tzinfo=zone),
        ends_at=datetime.datetime.combine(day.date, ends, tzinfo=zone),
        summary=summary,
        location=workshop.place,
        url=url,
        sequence=workshop.version,
    )


def attachment_name(workshop: Workshop) -> str:
    return f"workshop-{workshop.number}.ics"


def workshop_calendar(workshop: Workshop, *, stamp: datetime.datetime) -> str:
    """The workshop's days as a calendar file; one query (the run sheet)."""
    url = settings.TRINVIS_BASE_URL.rstrip("/") + reverse(
        "programmes:workshop_detail", args=[workshop.pk]
    )
    days = [day for day in agenda_days(workshop=workshop) if day.date <= workshop.ends_on]
    return ics.calendar(
        [_event(workshop, day, len(days), url) for day in days],
        stamp=stamp,
        name=workshop.title,
    )
