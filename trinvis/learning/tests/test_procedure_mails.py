"""The procedure's reminders as they are sent: to whom, with what, once, and at the right
moment when the clock is moved."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.learning import procedure
from trinvis.learning.models import Activity, LearningGoal, Reminder
from trinvis.learning.services.catalogue import ActivityInput, activity_update
from trinvis.learning.services.goals import GoalData, goal_create
from trinvis.learning.tasks import run_reminders, schedule_reminders
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment
from trinvis.organisations.models import Membership
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.tasks import outbox_sweep

Kind = Reminder.Kind
Role = Membership.Role
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture(autouse=True)
def _base_url(settings) -> None:
    settings.TRINVIS_BASE_URL = "https://trinvis.example.org"


def _course(world: World, **fields: Any) -> Activity:
    activity = make_activity(world.municipality_a, title="Motivational conversation")
    activity.description = "Two days on conversations that start from the citizen's goals."
    activity.programme_text = "Day 1: open questions."
    activity.preparation = "Write down two conversations you would redo."
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    return activity


def _goal(person: User, activity: Activity, what: str = "Ask open questions") -> LearningGoal:
    return goal_create(
        by=person,
        scope=LearningGoal.Scope.PERSONAL,
        person=person,
        data=GoalData(
            organisation=person.memberships.get().organisation,
            what_to_learn=what,
            use_in_practice="In every first conversation",
            activity=activity,
        ),
    )


def _before(activity: Activity) -> datetime.datetime:
    assert activity.starts_on is not None
    return procedure.at(activity.starts_on - datetime.timedelta(days=28))


def _after(activity: Activity, days: int) -> datetime.datetime:
    assert activity.ends_on is not None
    return procedure.at(activity.ends_on + datetime.timedelta(days=days))


def _to(person: User) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [person.email]]


def test_four_weeks_before_the_leader_and_the_participant_are_reminded(world: World) -> None:
    activity = _course(world)
    enrolment = make_enrolment(activity, world.bob)
    _goal(world.bob, activity)
    sent = run_reminders(now=_before(activity))
    assert sent[Kind.LEADER_BEFORE] == 1
    assert sent[Kind.PARTICIPANT_BEFORE] == 1
    [to_alice] = _to(world.alice)
    assert "Motivational conversation" in to_alice.subject
    assert "revisit purpose and goals" in to_alice.subject
    assert "Bob Employee" in to_alice.body
    assert "Ask open questions" in to_alice.body
    assert "(not yet agreed by both)" in to_alice.body
    before_link = f"https://trinvis.example.org/learning/enrolments/{enrolment.pk}/before/"
    assert before_link in to_alice.body
    [to_bob] = _to(world.bob)
    assert "Two days on conversations" in to_bob.body
    assert "Day 1: open questions." in to_bob.body
    assert "Write down two conversations" in to_bob.body
    assert "Ask open questions" in to_bob.body
    assert "reflections and questions from your own practice" in to_bob.body
    assert before_link in to_bob.body
    assert len(mail.outbox) == 2


def test_nothing_is_sent_before_the_moment(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    assert sum(run_reminders(now=_before(activity) - datetime.timedelta(minutes=1)).values()) == 0
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_each_reminder_is_sent_once_however_often_the_task_runs(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    moment = _before(activity)
    run_reminders(now=moment)
    run_reminders(now=moment + datetime.timedelta(hours=1))
    run_reminders(now=moment + datetime.timedelta(days=3))
    assert len(mail.outbox) == 2
    claims = set(Reminder.objects.values_list("kind", "person_id", "offset_days"))
    assert claims == {
        (Kind.LEADER_BEFORE, world.alice.pk, -28),
        (Kind.PARTICIPANT_BEFORE, world.bob.pk, -28),
    }


def test_a_participant_going_alone_is_asked_to_gather_colleagues_practice(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    run_reminders(now=_before(activity))
    [to_bob] = _to(world.bob)
    assert "You are the only one from your unit" in to_bob.body
    [to_alice] = _to(world.alice)
    assert "the only one from their unit" in to_alice.body


def test_two_from_the_same_unit_are_not_alone(world: World) -> None:
    activity = _course(world)
    colleague = make_user("dora@example.org", "Dora Colleague", language="en")
    add_member(colleague, world.team_a, Role.EMPLOYEE)
    make_enrolment(activity, world.bob)
    make_enrolment(activity, colleague)
    run_reminders(now=_before(activity))
    [to_bob] = _to(world.bob)
    assert "only one from your unit" not in to_bob.body
    # Alice leads both and gets one mail with both names.
    [to_alice] = _to(world.alice)
    assert "Bob Employee" in to_alice.body
    assert "Dora Colleague" in to_alice.body
    assert "2 people you lead take part" in to_alice.body


def test_the_nearest_leader_is_reminded_not_everyone_above(world: World) -> None:
    team_leader = make_user("tina@example.org", "Tina Teamleader", language="en")
    add_member(team_leader, world.team_a, Role.LEADER)
    activity = _course(world)
    make_enrolment(activity, world.bob)
    run_reminders(now=_before(activity))
    assert len(_to(team_leader)) == 1
    assert _to(world.alice) == []
    assert _to(world.admin) == []


def test_people_who_left_or_have_no_address_get_nothing(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    make_enrolment(activity, world.alice)
    User.objects.filter(pk=world.bob.pk).update(is_active=False)
    run_reminders(now=_before(activity))
    assert _to(world.bob) == []
    # Alice takes part herself; nobody above her leads her, and bob no longer counts.
    [to_alice] = _to(world.alice)
    assert "Getting ready for" in to_alice.subject


def test_after_the_course_the_participant_gets_headings_and_goals(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    _goal(world.bob, activity, what="Let the citizen set the agenda")
    sent = run_reminders(now=_after(activity, 7))
    assert sent[Kind.PARTICIPANT_AFTER] == 1
    [to_bob] = [message for message in _to(world.bob) if "7 days after" in message.subject]
    assert "Open questions" in to_bob.body  # a course heading
    assert "The participant's own goals" in to_bob.body
    assert "Let the citizen set the agenda" in to_bob.body
    assert "https://trinvis.example.org/learning/logbook/new/" in to_bob.body
    run_reminders(now=_after(activity, 90))
    assert any("90 days after" in message.subject for message in _to(world.bob))
    offsets = Reminder.objects.filter(kind=Kind.PARTICIPANT_AFTER).values_list(
        "offset_days", flat=True
    )
    assert sorted(offsets) == [7, 90]


def test_the_activity_chooses_when_the_after_mails_come(world: World) -> None:
    activity = _course(world, reminder_days=[3])
    make_enrolment(activity, world.bob)
    run_reminders(now=_after(activity, 3))
    assert any("3 days after" in message.subject for message in _to(world.bob))
    run_reminders(now=_after(activity, 7))
    assert not any("7 days after" in message.subject for message in _to(world.bob))


def test_an_activity_without_reminder_days_gets_the_default(world: World) -> None:
    activity = _course(world, reminder_days=[])
    make_enrolment(activity, world.bob)
    run_reminders(now=_after(activity, 7))
    assert any("7 days after" in message.subject for message in _to(world.bob))


def test_the_leader_is_prompted_to_hold_the_internal_follow_up(world: World) -> None:
    activity = _course(world)
    make_enrolment(activity, world.bob)
    sent = run_reminders(now=_after(activity, 1))
    assert sent[Kind.LEADER_AFTER] == 1
    [to_alice] = _to(world.alice)
    assert "hold the follow-up at home" in to_alice.subject
    assert (
        f"https://trinvis.example.org/learning/people/{world.bob.pk}/follow-ups/new/"
        in to_alice.body
    )


def test_the_follow_up_day_invitation_carries_a_calendar_file(world: World) -> None:
    activity = _course(world)
    assert activity.ends_on is not None
    activity.follow_up_day_at = procedure.at(
        activity.ends_on + datetime.timedelta(days=60), datetime.time(9, 0)
    )
    activity.follow_up_day_place = "Town hall"
    activity.save()
    make_enrolment(activity, world.bob)
    sent = run_reminders(now=_after(activity, 0))
    assert sent[Kind.FOLLOW_UP_DAY] == 1
    [invitation] = [m for m in _to(world.bob) if "Invitation" in m.subject]
    [(filename, content, mimetype)] = invitation.attachments
    assert filename == "follow-up-day.ics"
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content
    assert f"UID:learning-follow-up-day-{activity.pk}@trinvis.example.org" in content
    assert "Town hall" in invitation.body
    run_reminders(now=_after(activity, 30))
    assert len([m for m in _to(world.bob) if "Invitation" in m.subject]) == 1


def test_the_mail_is_in_the_recipients_language(world: World) -> None:
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    activity = _course(world)
    make_enrolment(activity, world.bob)
    run_reminders(now=_before(activity))
    [to_bob] = _to(world.bob)
    start = activity.starts_on
    assert start is not None
    # The date in the subject is written the Danish way (day first, with dots).
    assert f"{start.day:02d}.{start.month:02d}.{start.year}" in to_bob.subject
    [to_alice] = _to(world.alice)
    assert f"{start.month}/{start.day}/{start.year}" in to_alice.subject


def test_a_refused_mail_stays_in_the_outbox_and_goes_later(world: World, settings) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    activity = _course(world)
    make_enrolment(activity, world.bob)
    moment = _before(activity)
    assert sum(run_reminders(now=moment).values()) == 2
    assert not mail.outbox
    assert OutboxMessage.objects.filter(status="pending", attempts=1).count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sum(run_reminders(now=moment + datetime.timedelta(hours=1)).values()) == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        outbox_sweep.call(reschedule=False)
    assert len(mail.outbox) == 2


def test_the_command_sends_what_is_due_and_says_how_much(world: World, capsys) -> None:
    activity = _course(world, starts_on=timezone.localdate() + datetime.timedelta(days=10))
    activity.ends_on = activity.starts_on
    activity.save()
    make_enrolment(activity, world.bob)
    make_enrolment(_course_later(world), world.bob)
    call_command("run_learning_reminders")
    output = capsys.readouterr().out.strip()
    assert output == "2 reminder(s) sent (1 leader_before, 1 participant_before)"
    call_command("run_learning_reminders")
    assert capsys.readouterr().out.strip() == "0 reminder(s) sent"


def _course_later(world: World) -> Activity:
    return make_activity(world.municipality_a, title="Later course", starts_in_days=60)


@pytest.fixture
def dummy_tasks(settings) -> None:
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()  # type: ignore[attr-defined]


def test_runs_are_queued_at_each_coming_moment(world: World, dummy_tasks) -> None:
    activity = _course_later(world)
    schedule_reminders(activity)
    queued = default_task_backend.results  # type: ignore[attr-defined]
    moments = [result.task.run_after for result in queued]
    expected = sorted({step.moment for step in procedure.activity_schedule(activity)})
    assert moments == expected
    assert all(result.task.name == "learning_reminders" for result in queued)


def test_a_step_due_now_is_queued_to_run_now(world: World, dummy_tasks) -> None:
    activity = _course(world, starts_on=timezone.localdate() + datetime.timedelta(days=10))
    schedule_reminders(activity)
    first = default_task_backend.results[0]  # type: ignore[attr-defined]
    assert first.task.run_after is None


def _move(world: World, activity: Activity, **changes: Any) -> Activity:
    """Alice saves the activity through the catalogue's service with `changes`, as the
    edit page does."""
    fields = {
        name: getattr(activity, name)
        for name in ("kind", "title", "starts_on", "ends_on", "reminder_days", "headings")
    }
    return activity_update(
        by=world.alice,
        activity=activity,
        base_version=activity.version,
        data=ActivityInput(**{**fields, **changes}),
    )


def test_new_dates_queue_runs_at_the_new_moments(
    world: World, dummy_tasks, django_capture_on_commit_callbacks
) -> None:
    activity = _course_later(world)
    make_enrolment(activity, world.bob)
    assert activity.starts_on is not None
    later = activity.starts_on + datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        moved = _move(world, activity, starts_on=later, ends_on=later)
    queued = default_task_backend.results  # type: ignore[attr-defined]
    expected = sorted({step.moment for step in procedure.activity_schedule(moved)})
    assert [result.task.run_after for result in queued] == expected
    assert expected[0] == procedure.at(later - datetime.timedelta(days=procedure.BEFORE_DAYS))


def test_unchanged_dates_or_no_participants_queue_nothing(
    world: World, dummy_tasks, django_capture_on_commit_callbacks
) -> None:
    activity = _course_later(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert activity.starts_on is not None and activity.ends_on is not None
        day = datetime.timedelta(days=1)
        activity = _move(
            world, activity, starts_on=activity.starts_on + day, ends_on=activity.ends_on + day
        )
    make_enrolment(activity, world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, activity, title="Later course, renamed")
    assert default_task_backend.results == []  # type: ignore[attr-defined]
