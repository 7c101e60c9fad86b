"""A person's own settings: switching reminder mails off (and the procedure honouring it),
and making, replacing and stopping the calendar address, on the page "My reminders and
calendar" and through the services."""

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.learning import procedure
from trinvis.learning.models import Activity, LearningPreferences, Reminder
from trinvis.learning.services import preferences as services
from trinvis.learning.tasks import remind_activity, run_reminders
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment
from trinvis.organisations.models import Membership

Kind = Reminder.Kind
PAGE = "/learning/me/settings/"
BASE_URL = "https://trinvis.example.org"


@pytest.fixture(autouse=True)
def _base_url(settings) -> None:
    settings.TRINVIS_BASE_URL = BASE_URL


def _switch_off(person: User, *kinds: str) -> LearningPreferences:
    current = services.preferences_for(person)
    return services.reminders_set(person=person, base_version=current.version, off=kinds)


def _to(person: User) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [person.email]]


def _course(world: World, **fields: Any) -> Activity:
    activity = make_activity(world.municipality_a, title="Motivational conversation")
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    return activity


def _before(activity: Activity) -> datetime.datetime:
    assert activity.starts_on is not None
    return procedure.at(activity.starts_on - datetime.timedelta(days=procedure.BEFORE_DAYS))


def _after(activity: Activity, days: int) -> datetime.datetime:
    assert activity.ends_on is not None
    return procedure.at(activity.ends_on + datetime.timedelta(days=days))


def _form(**changes: Any) -> dict[str, Any]:
    """The page's reminder form as the browser sends it: ticked boxes only."""
    data: dict[str, Any] = {"action": "reminders", "base_version": 1}
    data.update(dict.fromkeys(Kind.values, "on"))
    for name, value in changes.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    return data


# --- the services --------------------------------------------------------------------------


def test_by_default_every_reminder_is_on_and_there_is_no_calendar_address(world: World) -> None:
    preferences = services.preferences_for(world.bob)
    assert preferences.pk is None
    assert all(preferences.wants(kind) for kind in Kind.values)
    assert preferences.calendar_token is None
    assert not LearningPreferences.objects.exists()


def test_switching_reminders_off_saves_exactly_those_and_raises_the_version(
    world: World,
) -> None:
    saved = _switch_off(world.bob, Kind.PARTICIPANT_AFTER, Kind.LEADER_BEFORE)
    assert saved.version == 2
    assert saved.reminders_off == [Kind.LEADER_BEFORE, Kind.PARTICIPANT_AFTER]
    again = _switch_off(world.bob, Kind.FOLLOW_UP_DAY)
    assert again.version == 3
    assert services.preferences_for(world.bob).reminders_off == [Kind.FOLLOW_UP_DAY]


def test_a_save_on_an_older_version_is_a_conflict_and_writes_nothing(world: World) -> None:
    _switch_off(world.bob, Kind.PARTICIPANT_AFTER)
    with pytest.raises(services.PreferencesConflict) as raised:
        services.reminders_set(person=world.bob, base_version=1, off=[Kind.FOLLOW_UP_DAY])
    assert raised.value.current.version == 2
    assert services.preferences_for(world.bob).reminders_off == [Kind.PARTICIPANT_AFTER]


def test_an_unknown_kind_of_reminder_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.reminders_set(person=world.bob, base_version=1, off=["newsletter"])
    assert not LearningPreferences.objects.exists()


def test_only_the_hash_of_the_calendar_key_is_kept(world: World) -> None:
    key = services.calendar_address_new(person=world.bob)
    stored = LearningPreferences.objects.get(person=world.bob).calendar_token
    assert len(key) >= 40
    assert stored == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(LearningPreferences.objects.filter(person=world.bob).values().get())
    found = services.preferences_by_calendar_key(key)
    assert found is not None and found.person == world.bob


def test_a_new_calendar_address_stops_the_old_one(world: World) -> None:
    old = services.calendar_address_new(person=world.bob)
    new = services.calendar_address_new(person=world.bob)
    assert old != new
    assert services.preferences_by_calendar_key(old) is None
    assert services.preferences_by_calendar_key(new) is not None


def test_a_stopped_address_or_a_person_who_left_finds_nothing(world: World) -> None:
    key = services.calendar_address_new(person=world.bob)
    services.calendar_address_stop(person=world.bob)
    assert services.preferences_by_calendar_key(key) is None
    key = services.calendar_address_new(person=world.bob)
    User.objects.filter(pk=world.bob.pk).update(is_active=False)
    assert services.preferences_by_calendar_key(key) is None


def test_the_calendar_address_leaves_the_reminder_choices_and_their_version(
    world: World,
) -> None:
    saved = _switch_off(world.bob, Kind.PARTICIPANT_AFTER)
    services.calendar_address_new(person=world.bob)
    services.calendar_address_stop(person=world.bob)
    current = services.preferences_for(world.bob)
    assert current.version == saved.version
    assert current.reminders_off == [Kind.PARTICIPANT_AFTER]


# --- the page ------------------------------------------------------------------------------


def test_my_learning_links_to_the_page(world: World, client_of) -> None:
    page = client_of(world.bob).get(reverse("learning:me")).content.decode()
    assert f'href="{PAGE}"' in page


def test_the_page_has_a_ticked_box_for_each_kind_saying_when_it_comes(
    world: World, client_of
) -> None:
    response = client_of(world.bob).get(reverse("learning:preferences"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "My reminders and calendar" in page
    for kind in Kind.values:
        assert f'name="{kind}"' in page
    assert page.count('type="checkbox"') == len(Kind.values)
    assert page.count("checked") == len(Kind.values)
    assert "4 weeks before a course you are enrolled in" in page
    assert "or else 7 and 90 days after its last day" in page
    assert "1 day after such a course ends" in page
    assert "Make my calendar address" in page


def test_anonymous_is_sent_to_log_in(client) -> None:
    response = client.get(reverse("learning:preferences"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_unticking_a_box_switches_that_mail_off(world: World, client_of) -> None:
    client = client_of(world.bob)
    response = client.post(PAGE, _form(participant_after=None))
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert services.preferences_for(world.bob).reminders_off == [Kind.PARTICIPANT_AFTER]
    page = client.get(PAGE).content.decode()
    assert page.count("checked") == len(Kind.values) - 1
    # Ticking it again switches it back on.
    client.post(PAGE, _form(base_version=2))
    assert services.preferences_for(world.bob).reminders_off == []


def test_a_conflict_shows_the_choices_of_the_page_and_saves_nothing(
    world: World, client_of
) -> None:
    _switch_off(world.bob, Kind.FOLLOW_UP_DAY)
    response = client_of(world.bob).post(
        PAGE, _form(leader_before=None, leader_after=None, base_version=1)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "saved in another window" in page
    # The boxes as this page sent them (follow-up day on, the leader's off), on the new
    # version, so saving again keeps them.
    assert page.count("checked") == len(Kind.values) - 2
    assert 'name="base_version" value="2"' in page
    assert services.preferences_for(world.bob).reminders_off == [Kind.FOLLOW_UP_DAY]


def test_the_new_calendar_address_is_shown_once_in_the_answer(world: World, client_of) -> None:
    client = client_of(world.bob)
    response = client.post(PAGE, {"action": "calendar_new"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    found = re.search(rf'value="{BASE_URL}/learning/calendar/([\w-]+)\.ics"', page)
    assert found is not None
    key = found.group(1)
    stored = LearningPreferences.objects.get(person=world.bob).calendar_token
    assert stored == hashlib.sha256(key.encode()).hexdigest()
    assert "Copy it now" in page
    assert f'href="webcal://trinvis.example.org/learning/calendar/{key}.ics"' in page
    later = client.get(PAGE).content.decode()
    assert key not in later
    assert "You have a calendar address" in later
    assert "Make a new address" in later


def test_the_address_is_replaced_and_stopped_from_the_page(world: World, client_of) -> None:
    client = client_of(world.bob)
    client.post(PAGE, {"action": "calendar_new"})
    first = LearningPreferences.objects.get(person=world.bob).calendar_token
    client.post(PAGE, {"action": "calendar_new"})
    second = LearningPreferences.objects.get(person=world.bob).calendar_token
    assert second and second != first
    response = client.post(PAGE, {"action": "calendar_stop"})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert LearningPreferences.objects.get(person=world.bob).calendar_token is None


def test_a_form_without_its_version_is_shown_again(world: World, client_of) -> None:
    response = client_of(world.bob).post(PAGE, {})
    assert response.status_code == 200
    assert not LearningPreferences.objects.exists()


# --- the procedure honours the choices --------------------------------------------------------


def test_a_switched_off_reminder_is_not_sent_and_the_others_are(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    _switch_off(world.bob, Kind.PARTICIPANT_BEFORE)
    sent = run_reminders(now=_before(activity))
    assert sent[Kind.PARTICIPANT_BEFORE] == 0
    assert sent[Kind.LEADER_BEFORE] == 1
    assert _to(world.bob) == []
    assert len(_to(world.alice)) == 1
    # Nothing is claimed for bob: the reminder is not spent.
    assert not Reminder.objects.filter(person=world.bob).exists()
    run_reminders(now=_after(activity, 7))
    assert any("7 days after" in message.subject for message in _to(world.bob))


def test_switched_on_again_before_its_moment_it_is_sent(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    _switch_off(world.bob, Kind.PARTICIPANT_BEFORE)
    assert sum(run_reminders(now=_before(activity) - datetime.timedelta(days=1)).values()) == 0
    _switch_off(world.bob)
    sent = run_reminders(now=_before(activity))
    assert sent[Kind.PARTICIPANT_BEFORE] == 1
    [to_bob] = _to(world.bob)
    assert "Getting ready for" in to_bob.subject


def test_a_leader_switches_off_the_leaders_reminders_only_for_themself(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    _switch_off(world.alice, Kind.LEADER_BEFORE, Kind.LEADER_AFTER)
    assert run_reminders(now=_before(activity))[Kind.PARTICIPANT_BEFORE] == 1
    assert run_reminders(now=_after(activity, 1))[Kind.LEADER_AFTER] == 0
    assert _to(world.alice) == []
    assert len(_to(world.bob)) == 1


def test_every_reminder_mail_ends_with_how_to_switch_it_off(world: World) -> None:
    activity = _course(world)
    assert activity.ends_on is not None
    activity.follow_up_day_at = procedure.at(activity.ends_on + datetime.timedelta(days=60))
    activity.save()
    make_enrolment(activity, world.bob)
    for moment in (
        _before(activity),
        _after(activity, 0),
        _after(activity, 1),
        _after(activity, 7),
    ):
        run_reminders(now=moment)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values)
    assert len(mail.outbox) == len(Kind.values)
    for message in mail.outbox:
        last = message.body.rstrip().splitlines()[-1]
        assert last == f"You can switch off mails like this one here: {BASE_URL}{PAGE}", (
            message.subject
        )


def test_the_choices_cost_one_query_per_activity_however_many_take_part(world: World) -> None:
    activity = _course(world)
    for number in range(4):
        person = make_user(f"p{number}@example.org", f"Participant {number}", language="en")
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        make_enrolment(activity, person)
        _switch_off(person, Kind.FOLLOW_UP_DAY)
    _switch_off(world.alice, Kind.LEADER_AFTER)
    with CaptureQueriesContext(connection) as queries:
        sent = remind_activity(activity.pk, now=_before(activity))
    assert sent[Kind.PARTICIPANT_BEFORE] == 4
    table = LearningPreferences._meta.db_table
    assert len([query for query in queries if table in query["sql"]]) == 1
