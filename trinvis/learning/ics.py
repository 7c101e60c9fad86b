"""Calendar invitations (.ics, RFC 5545) for the follow-up day after a course.

A calendar file is a few lines of text; the `icalendar` package is not installed and this
needs only one event kind, so the rules are written out here: lines end in CRLF and are
folded after 75 octets (a CRLF and a space, never inside a UTF-8 character, §3.1); TEXT
values escape backslash, semicolon, comma and line breaks (§3.3.11); times are written in
UTC (the "Z" form, §3.3.5), which every calendar reads without a VTIMEZONE block. METHOD is
PUBLISH: the file announces an event to put in one's calendar, it asks for no reply.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from trinvis.learning.models import Activity

PRODID = "-//Trinvis//Learning and transfer//EN"
LINE_OCTETS = 75
# The model keeps only when the follow-up day starts; it is planned as a working day's
# session of this length, which the calendar shows and the participant can adjust.
FOLLOW_UP_DAY_HOURS = 6


def escape_text(value: str) -> str:
    """A TEXT value (§3.3.11): backslash, semicolon and comma escaped, every kind of line
    break written as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded to at most 75 octets per physical line (§3.1): each
    continuation starts with a space, and a UTF-8 character is never split."""
    pieces: list[str] = []
    current = ""
    room = LINE_OCTETS
    for character in line:
        size = len(character.encode("utf-8"))
        if size > room:
            pieces.append(current)
            current = " "
            room = LINE_OCTETS - 1
        current += character
        room -= size
    pieces.append(current)
    return "\r\n".join(pieces)


def unfold(text: str) -> list[str]:
    """The content lines of a calendar file, folding undone (for reading back in tests and
    checks)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def utc(moment: datetime.datetime) -> str:
    """A DATE-TIME in UTC (§3.3.5, form #2). A naive time has no defined instant."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a calendar time needs a time zone")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    """A VEVENT: `uid` stays the same for the same event, so a calendar that imports the
    file again updates the event instead of adding a second one."""

    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0

    def lines(self, *, stamp: datetime.datetime) -> list[str]:
        if self.ends_at <= self.starts_at:
            raise ValueError("an event ends after it starts")
        if any(character in self.uid for character in "\r\n"):
            raise ValueError("a UID is one line")
        lines = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{utc(stamp)}",
            f"DTSTART:{utc(self.starts_at)}",
            f"DTEND:{utc(self.ends_at)}",
            f"SEQUENCE:{self.sequence}",
            f"SUMMARY:{escape_text(self.summary)}",
        ]
        if self.location:
            lines.append(f"LOCATION:{escape_text(self.location)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        lines.append("END:VEVENT")
        return lines


def calendar(events: Iterable[Event], *, stamp: datetime.datetime) -> str:
    """A complete calendar file (VCALENDAR) with the events, CRLF line ends, folded."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    for event in events:
        lines.extend(event.lines(stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- the follow-up day -------------------------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.TRINVIS_BASE_URL).hostname or "trinvis.invalid"


def follow_up_day_event(activity: Activity) -> Event:
    """The activity's follow-up day as an event, in the active language. Its UID names the
    activity, so every participant's copy and every download is the same event."""
    if activity.follow_up_day_at is None:
        raise ValueError("the activity has no follow-up day")
    link = settings.TRINVIS_BASE_URL.rstrip("/") + reverse(
        "learning:activity_after", args=[activity.pk]
    )
    description = gettext(
        "The follow-up day after “%(title)s”: how has what you learned been used in your "
        "work, what works, and what gets in the way? Bring your learning goals and your "
        "logbook."
    ) % {"title": activity.title}
    return Event(
        uid=f"learning-follow-up-day-{activity.pk}@{_host()}",
        starts_at=activity.follow_up_day_at,
        ends_at=activity.follow_up_day_at + datetime.timedelta(hours=FOLLOW_UP_DAY_HOURS),
        summary=gettext("Follow-up day: %(title)s") % {"title": activity.title},
        location=activity.follow_up_day_place,
        description=f"{description}\n\n{link}",
    )


def follow_up_day_calendar(activity: Activity, *, stamp: datetime.datetime) -> str:
    return calendar([follow_up_day_event(activity)], stamp=stamp)
