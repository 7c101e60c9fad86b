"""The calendar file against the rules of RFC 5545: CRLF line ends, lines folded at 75
octets without splitting a character, TEXT escaped, times in UTC, the required properties."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from trinvis.learning import ics
from trinvis.learning.tests.factories_catalogue import make_activity

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
STAMP = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)


def _event(**changes: object) -> ics.Event:
    fields: dict[str, object] = {
        "uid": "learning-follow-up-day-1@trinvis.example",
        "starts_at": datetime.datetime(2026, 6, 1, 9, 0, tzinfo=COPENHAGEN),
        "ends_at": datetime.datetime(2026, 6, 1, 15, 0, tzinfo=COPENHAGEN),
        "summary": "Follow-up day",
    }
    fields.update(changes)
    return ics.Event(**fields)  # type: ignore[arg-type]


def _properties(text: str) -> dict[str, str]:
    return dict(line.split(":", 1) for line in ics.unfold(text) if line)


def test_text_values_escape_backslash_semicolon_comma_and_line_breaks() -> None:
    assert ics.escape_text("a\\b;c,d\r\ne\rf\ng: h") == "a\\\\b\\;c\\,d\\ne\\nf\\ng: h"


def test_times_are_written_in_utc() -> None:
    summer = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=COPENHAGEN)
    assert ics.utc(summer) == "20260601T070000Z"
    winter = datetime.datetime(2026, 1, 15, 9, 30, tzinfo=COPENHAGEN)
    assert ics.utc(winter) == "20260115T083000Z"
    with pytest.raises(ValueError, match="time zone"):
        ics.utc(datetime.datetime(2026, 1, 15, 9, 30))


def test_a_calendar_has_the_required_parts_in_order() -> None:
    text = ics.calendar([_event(location="Room 2", description="Bring goals")], stamp=STAMP)
    lines = ics.unfold(text)
    assert text.endswith("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert lines[-1] == ""
    properties = _properties(text)
    assert properties["VERSION"] == "2.0"
    assert properties["PRODID"] == ics.PRODID
    assert properties["METHOD"] == "PUBLISH"
    assert properties["UID"] == "learning-follow-up-day-1@trinvis.example"
    assert properties["DTSTAMP"] == "20260105T120000Z"
    assert properties["DTSTART"] == "20260601T070000Z"
    assert properties["DTEND"] == "20260601T130000Z"
    assert properties["SUMMARY"] == "Follow-up day"
    assert properties["LOCATION"] == "Room 2"
    assert properties["DESCRIPTION"] == "Bring goals"
    assert lines.index("BEGIN:VEVENT") < lines.index("END:VEVENT")


def test_no_bare_line_feed_or_carriage_return() -> None:
    text = ics.calendar([_event(description="one\ntwo\r\nthree")], stamp=STAMP)
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_long_lines_are_folded_at_75_octets_with_a_leading_space() -> None:
    text = ics.calendar([_event(description="Æblegrød og spørgsmål. " * 20)], stamp=STAMP)
    physical = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    continuations = [line for line in physical if line.startswith(" ")]
    assert continuations, "the description should need folding"
    assert _properties(text)["DESCRIPTION"] == "Æblegrød og spørgsmål. " * 20


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_folding_never_splits_a_character_and_unfolds_to_the_line(value: str) -> None:
    line = "DESCRIPTION:" + ics.escape_text(value)
    folded = ics.fold(line)
    for physical in folded.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")
    assert ics.unfold(folded) == [line]


def test_an_event_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="ends after"):
        ics.calendar([_event(ends_at=_event().starts_at)], stamp=STAMP)


def test_the_follow_up_day_event_names_the_activity_and_links_to_it(world: World, settings) -> None:
    settings.TRINVIS_BASE_URL = "https://trinvis.example.org/"
    activity = make_activity(world.municipality_a, title="Interviews; with, commas")
    activity.follow_up_day_at = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))
    activity.follow_up_day_place = "Town hall, room 2"
    text = ics.follow_up_day_calendar(activity, stamp=STAMP)
    properties = _properties(text)
    assert properties["UID"] == f"learning-follow-up-day-{activity.pk}@trinvis.example.org"
    assert properties["SUMMARY"] == "Follow-up day: Interviews\\; with\\, commas"
    assert properties["LOCATION"] == "Town hall\\, room 2"
    assert properties["DTSTART"] == "20260901T070000Z"
    assert properties["DTEND"] == "20260901T130000Z"
    assert (
        f"https://trinvis.example.org/learning/catalogue/{activity.pk}/after/"
        in (properties["DESCRIPTION"])
    )
    assert re.fullmatch(r"\d{8}T\d{6}Z", properties["DTSTAMP"])
