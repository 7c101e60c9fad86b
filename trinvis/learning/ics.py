"""Calendar files (.ics, RFC 5545): the invitation to the follow-up day after a course, and
each person's calendar feed (calendar_feed.py).

A calendar file is a few lines of text; the `icalendar` package is not installed and this
needs only plain events, so the rules are written out here: lines end in CRLF and are
folded after 75 octets (a CRLF and a space, never inside a UTF-8 character, §3.1); TEXT
values escape backslash, semicolon, comma and line breaks (§3.3.11); times are written in
UTC (the "Z" form, §3.3.5), which every calendar reads without a VTIMEZONE block, and a
day without a time is an all-day event (VALUE=DATE, the end being the day after, §3.6.1).
METHOD is PUBLISH: the file announces events to put in one's calendar, it asks for no reply.
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


def when(name: str, moment: datetime.date) -> str:
    """DTSTART or DTEND: a DATE-TIME in UTC, or for a day without a time a DATE (§3.3.4)."""
    if isinstance(moment, datetime.datetime):
        return f"{name}:{utc(moment)}"
    return f"{name};VALUE=DATE:{moment.strftime('%Y%m%d')}"


def _one_line(value: str, what: str) -> str:
    if any(character in value for character in "\r\n"):
        raise ValueError(f"a {what} is one line")
    return value


@dataclass(frozen=True)
class Event:
    """A VEVENT: `uid` stays the same for the same event, so a calendar that imports the
    file again (or reads the feed again) updates the event instead of adding a second one.
    `starts_at` and `ends_at` are both times (with a time zone) or both days; for days
    `ends_at` is the day after the last, as the standard counts it (see `all_day`)."""

    uid: str
    starts_at: datetime.date
    ends_at: datetime.date
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0

    def lines(self, *, stamp: datetime.datetime) -> list[str]:
        timed = isinstance(self.starts_at, datetime.datetime)
        if timed != isinstance(self.ends_at, datetime.datetime):
            raise ValueError("an event starts and ends both on days or both at times")
        if self.ends_at <= self.starts_at:
            raise ValueError("an event ends after it starts")
        lines = [
            "BEGIN:VEVENT",
            f"UID:{_one_line(self.uid, 'UID')}",
            f"DTSTAMP:{utc(stamp)}",
            when("DTSTART", self.starts_at),
            when("DTEND", self.ends_at),
            f"SEQUENCE:{self.sequence}",
            f"SUMMARY:{escape_text(self.summary)}",
        ]
        if self.location:
            lines.append(f"LOCATION:{escape_text(self.location)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.url:
            # A URI value (§3.3.13) is written as it is, not escaped like TEXT.
            lines.append(f"URL:{_one_line(self.url, 'URL')}")
        lines.append("END:VEVENT")
        return lines


def all_day(
    *,
    uid: str,
    first: datetime.date,
    last: datetime.date | None = None,
    summary: str,
    location: str = "",
    url: str = "",
    sequence: int = 0,
) -> Event:
    """An event over whole days, from `first` to `last` inclusive (one day without `last`)."""
    return Event(
        uid=uid,
        starts_at=first,
        ends_at=(last or first) + datetime.timedelta(days=1),
        summary=summary,
        location=location,
        url=url,
        sequence=sequence,
    )


def calendar(events: Iterable[Event], *, stamp: datetime.datetime, name: str = "") -> str:
    """A complete calendar file (VCALENDAR) with the events, CRLF line ends, folded; `name`
    is what a calendar program calls a subscribed feed (X-WR-CALNAME)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(event.lines(stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- the follow-up day -------------------------------------------------------------------------


def host() -> str:
    """The domain part of every UID (§3.8.4.7): the site's, so UIDs are unique worldwide."""
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
        uid=f"learning-follow-up-day-{activity.pk}@{host()}",
        starts_at=activity.follow_up_day_at,
        ends_at=activity.follow_up_day_at + datetime.timedelta(hours=FOLLOW_UP_DAY_HOURS),
        summary=gettext("Follow-up day: %(title)s") % {"title": activity.title},
        location=activity.follow_up_day_place,
        description=f"{description}\n\n{link}",
        url=link,
    )


def follow_up_day_calendar(activity: Activity, *, stamp: datetime.datetime) -> str:
    return calendar([follow_up_day_event(activity)], stamp=stamp)
