"""A person's calendar feed: all-day and timed events written by ics.py, what the feed
holds (courses, follow-up days, talks not yet held, task deadlines, next implementation
meetings) and what it never holds (goals, notes, logbook text), stable UIDs, the secret
address (no login; replaced or stopped addresses are gone) and a fixed query count."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.accounts.models import User
from trinvis.learning import ics
from trinvis.learning.models import Activity, Sharing
from trinvis.learning.services import implementation
from trinvis.learning.services.preferences import calendar_address_new, calendar_address_stop
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import (
    days,
    make_enrolment,
    make_plan,
    make_task,
)
from trinvis.learning.tests.factories_personal import make_entry, make_follow_up, make_goal

BASE_URL = "https://trinvis.example.org"
HOST = "trinvis.example.org"
STAMP = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)
SECRETS = ("Secret goal text", "Secret talk notes", "Secret agreement", "Secret logbook text")


@pytest.fixture(autouse=True)
def _base_url(settings) -> None:
    settings.TRINVIS_BASE_URL = BASE_URL


def events_of(text: str) -> dict[str, dict[str, str]]:
    """The VEVENTs of a calendar file by UID, each as {property with parameters: value}."""
    events: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in ics.unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events[current["UID"]] = current
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return events


def header_of(text: str) -> dict[str, str]:
    lines = ics.unfold(text)
    return dict(line.split(":", 1) for line in lines[: lines.index("BEGIN:VEVENT")])


def feed_url(person: User) -> str:
    return reverse("learning:calendar_feed", args=[calendar_address_new(person=person)])


# --- the writer ----------------------------------------------------------------------------


def test_an_all_day_event_is_written_as_dates_with_the_day_after_as_its_end() -> None:
    event = ics.all_day(
        uid="learning-activity-1@trinvis.example",
        first=datetime.date(2026, 3, 2),
        last=datetime.date(2026, 3, 3),
        summary="Course",
        url="https://trinvis.example/learning/catalogue/1/?a=1,b;c",
    )
    [written] = events_of(ics.calendar([event], stamp=STAMP)).values()
    assert written["DTSTART;VALUE=DATE"] == "20260302"
    assert written["DTEND;VALUE=DATE"] == "20260304"
    assert written["DTSTAMP"] == "20260105T120000Z"
    # A URI is written as it is; only TEXT is escaped.
    assert written["URL"] == "https://trinvis.example/learning/catalogue/1/?a=1,b;c"
    one_day = ics.all_day(uid="x@y", first=datetime.date(2026, 3, 2), summary="Talk")
    assert one_day.ends_at == datetime.date(2026, 3, 3)


def test_an_event_starts_and_ends_both_on_days_or_both_at_times() -> None:
    mixed = ics.Event(
        uid="x@y",
        starts_at=datetime.date(2026, 3, 2),
        ends_at=datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC),
        summary="Mixed",
    )
    with pytest.raises(ValueError, match="both"):
        ics.calendar([mixed], stamp=STAMP)
    with pytest.raises(ValueError, match="one line"):
        ics.calendar(
            [ics.all_day(uid="x@y", first=STAMP.date(), summary="s", url="a\nb")], stamp=STAMP
        )


def test_the_calendar_name_is_escaped_text() -> None:
    text = ics.calendar([], stamp=STAMP, name="Mine; yours, ours")
    assert header_of(text + "BEGIN:VEVENT")["X-WR-CALNAME"] == "Mine\\; yours\\, ours"
    assert "X-WR-CALNAME" not in ics.calendar([], stamp=STAMP)


def test_the_follow_up_day_invitation_links_to_the_course(world: World) -> None:
    activity = make_activity(world.municipality_a)
    activity.follow_up_day_at = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))
    text = ics.follow_up_day_calendar(activity, stamp=STAMP)
    [written] = events_of(text).values()
    assert written["URL"] == f"{BASE_URL}/learning/catalogue/{activity.pk}/after/"
    assert written["DTSTART"] == "20260901T070000Z"


# --- what the feed holds -------------------------------------------------------------------


def _bobs_dates(world: World) -> dict[str, Any]:
    """Bob enrolled in a two-day course with a follow-up day, a talk planned and one held,
    a task with a deadline, a plan whose team he is on with its next meeting agreed, and
    the personal texts that must stay out of the feed."""
    course = make_activity(world.municipality_a, title="Interviews; with, commas")
    course.starts_on = days(30)
    course.ends_on = days(31)
    course.place = "Town hall, room 2"
    course.follow_up_day_at = timezone.make_aware(
        datetime.datetime.combine(days(90), datetime.time(9, 0))
    )
    course.follow_up_day_place = "Town hall"
    course.save()
    make_enrolment(course, world.bob)
    undated = make_activity(world.municipality_a, title="Mentoring", starts_in_days=None)
    make_enrolment(undated, world.bob)
    talk = make_follow_up(world.bob, world.alice, planned_for=days(40))
    talk.notes = SECRETS[1]
    talk.save()
    held = make_follow_up(world.bob, world.alice, planned_for=days(-10))
    held.held_on = days(-10)
    held.save()
    make_goal(world.bob, world.team_a, what=SECRETS[0])
    make_entry(world.bob, sharing=Sharing.LEADER, text=SECRETS[3])
    plan = make_plan(world.team_a, by=world.alice, team=[world.bob])
    task = make_task(plan, by=world.alice, responsible=world.bob, deadline=days(20))
    meeting = implementation.meeting_record(
        by=world.alice,
        plan=plan,
        data=implementation.MeetingInput(
            held_on=days(-1), confidence=6, agreements=SECRETS[2], next_meeting_on=days(27)
        ),
    )
    return {
        "course": course,
        "undated": undated,
        "talk": talk,
        "held": held,
        "plan": plan,
        "task": task,
        "meeting": meeting,
    }


def _yyyymmdd(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def test_the_feed_holds_bobs_dates_with_titles_places_and_links(world: World, client) -> None:
    dates = _bobs_dates(world)
    course: Activity = dates["course"]
    response = client.get(feed_url(world.bob))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    header = header_of(text)
    assert header["METHOD"] == "PUBLISH"
    assert header["X-WR-CALNAME"] == "Trinvis: my learning dates"
    events = events_of(text)
    plan, task, talk = dates["plan"], dates["task"], dates["talk"]
    assert set(events) == {
        f"learning-activity-{course.pk}@{HOST}",
        f"learning-follow-up-day-{course.pk}@{HOST}",
        f"learning-follow-up-{talk.pk}@{HOST}",
        f"learning-task-{task.pk}@{HOST}",
        f"learning-next-meeting-{dates['meeting'].pk}@{HOST}",
    }
    on_course = events[f"learning-activity-{course.pk}@{HOST}"]
    assert on_course["SUMMARY"] == "Interviews\\; with\\, commas"
    assert on_course["LOCATION"] == "Town hall\\, room 2"
    assert on_course["DTSTART;VALUE=DATE"] == _yyyymmdd(days(30))
    assert on_course["DTEND;VALUE=DATE"] == _yyyymmdd(days(32))
    assert on_course["URL"] == f"{BASE_URL}/learning/catalogue/{course.pk}/"
    follow_up_day = events[f"learning-follow-up-day-{course.pk}@{HOST}"]
    assert follow_up_day["LOCATION"] == "Town hall"
    assert follow_up_day["DTSTART"].endswith("Z")
    on_talk = events[f"learning-follow-up-{talk.pk}@{HOST}"]
    assert on_talk["SUMMARY"] == "Follow-up talk with Alice Leader"
    assert on_talk["DTSTART;VALUE=DATE"] == _yyyymmdd(days(40))
    assert on_talk["URL"] == f"{BASE_URL}/learning/follow-ups/{talk.pk}/"
    on_task = events[f"learning-task-{task.pk}@{HOST}"]
    assert on_task["DTSTART;VALUE=DATE"] == _yyyymmdd(days(20))
    assert plan.title in on_task["SUMMARY"]
    assert on_task["URL"] == f"{BASE_URL}/learning/implementation/{plan.pk}/#item-{task.pk}"
    next_meeting = events[f"learning-next-meeting-{dates['meeting'].pk}@{HOST}"]
    assert next_meeting["DTSTART;VALUE=DATE"] == _yyyymmdd(days(27))
    assert next_meeting["URL"] == f"{BASE_URL}/learning/implementation/{plan.pk}/"
    for event in events.values():
        assert event["DTSTAMP"].endswith("Z")


def test_no_goal_note_agreement_or_logbook_text_is_in_the_feed(world: World, client) -> None:
    _bobs_dates(world)
    text = "".join(ics.unfold(client.get(feed_url(world.bob)).content.decode()))
    for secret in SECRETS:
        assert secret not in text


def test_the_leader_sees_the_talk_named_after_the_person(world: World, client) -> None:
    dates = _bobs_dates(world)
    events = events_of(client.get(feed_url(world.alice)).content.decode())
    assert events[f"learning-follow-up-{dates['talk'].pk}@{HOST}"]["SUMMARY"] == (
        "Follow-up talk with Bob Employee"
    )
    # Alice is neither enrolled, nor responsible, nor on the team.
    assert len(events) == 1


def test_the_uids_stay_when_the_feed_is_read_again(world: World, client) -> None:
    _bobs_dates(world)
    url = feed_url(world.bob)
    first = events_of(client.get(url).content.decode())
    course = Activity.objects.get(title="Interviews; with, commas")
    course.title = "Interviews"
    course.version += 1
    course.save()
    second = events_of(client.get(url).content.decode())
    assert set(first) == set(second)
    changed = second[f"learning-activity-{course.pk}@{HOST}"]
    assert changed["SUMMARY"] == "Interviews"
    assert int(changed["SEQUENCE"]) > int(
        first[f"learning-activity-{course.pk}@{HOST}"]["SEQUENCE"]
    )


def test_a_done_task_or_a_recorded_next_meeting_leaves_the_feed(world: World, client) -> None:
    dates = _bobs_dates(world)
    url = feed_url(world.bob)
    implementation.item_mark_done(
        by=world.bob, item=dates["task"], base_version=dates["task"].version
    )
    later = implementation.meeting_record(
        by=world.alice,
        plan=dates["plan"],
        data=implementation.MeetingInput(held_on=days(0), confidence=7),
    )
    uids = set(events_of(client.get(url).content.decode()))
    assert f"learning-task-{dates['task'].pk}@{HOST}" not in uids
    assert not any("next-meeting" in uid for uid in uids)
    assert later.next_meeting_on is None


# --- the address ---------------------------------------------------------------------------


def test_a_replaced_or_stopped_address_is_not_found(world: World, client) -> None:
    old = feed_url(world.bob)
    new = feed_url(world.bob)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    calendar_address_stop(person=world.bob)
    assert client.get(new).status_code == 404


def test_an_unknown_key_is_not_found(world: World, client) -> None:
    calendar_address_new(person=world.bob)
    url = reverse("learning:calendar_feed", args=["not-a-real-key"])
    assert client.get(url).status_code == 404


def test_the_feed_is_in_the_persons_language_not_the_readers(world: World, client) -> None:
    course = _bobs_dates(world)["course"]
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    response = client.get(feed_url(world.bob), HTTP_ACCEPT_LANGUAGE="en")
    follow_up_day = events_of(response.content.decode())[
        f"learning-follow-up-day-{course.pk}@{HOST}"
    ]
    assert follow_up_day["SUMMARY"].startswith("Opfølgningsdag: ")


def test_the_query_count_does_not_grow_with_the_events(world: World, client) -> None:
    _bobs_dates(world)
    url = feed_url(world.bob)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        extra = make_activity(world.municipality_a, title=f"Course {number}")
        make_enrolment(extra, world.bob)
        make_follow_up(world.bob, world.alice, planned_for=days(50 + number))
        plan = make_plan(world.team_a, by=world.alice, title=f"Plan {number}", team=[world.bob])
        make_task(plan, by=world.alice, responsible=world.bob, deadline=days(10 + number))
        implementation.meeting_record(
            by=world.alice,
            plan=plan,
            data=implementation.MeetingInput(
                held_on=days(-1), confidence=5, next_meeting_on=days(14)
            ),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(events_of(response.content.decode())) == 5 + 4 * 5
    assert len(many) == len(few)
    # The key, the courses, the talks, the reader's organisations (two), tasks, plans.
    assert len(few) <= 7
