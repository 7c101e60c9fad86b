"""The surveys' housekeeping: closing at the deadline, the automatic reminder, the purge when
the retention has run out; once each, and the command and task that run it."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend

from conftest import World, add_member, make_user
from trinvis.organisations.models import Membership
from trinvis.surveys import housekeeping
from trinvis.surveys.models import Figure, Invitation, Response, Survey
from trinvis.surveys.services_responses import invitations_create, survey_create, survey_reopen
from trinvis.surveys.tests.factories_distribution import make_questionnaire, make_survey
from trinvis.surveys.tests.factories_results import add_responses, generated
from trinvis.surveys.tests.factories_results import make_survey as results_survey

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _days(count: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=count)


def _reminded_survey(
    world: World, capture: Any, *, deadline_in: int = 5, remind: int = 2, people: int = 3
) -> tuple[Survey, list[Any]]:
    """A personal survey of municipality A with `people` invited (e-mails sent and cleared)
    and bob, who has answered."""
    survey = make_survey(world.municipality_a)
    Survey.objects.filter(pk=survey.pk).update(
        deadline=_days(deadline_in), remind_days_before=remind
    )
    survey.refresh_from_db()
    invited = [make_user(f"person{i}@example.org", f"Person {i}") for i in range(people)]
    for person in invited:
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
    with capture(execute=True):
        invitations_create(by=world.alice, survey=survey, users=[*invited, world.bob])
    bobs = Invitation.objects.get(survey=survey, user=world.bob)
    Response.objects.create(survey=survey, invitation=bobs, submitted_at=timezone.now())
    mail.outbox.clear()
    return survey, invited


def _moment(survey: Survey) -> datetime.datetime:
    moment = housekeeping.reminder_moment(survey)
    assert moment is not None
    return moment


def test_the_reminder_goes_at_its_moment_to_those_who_have_not_answered(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, invited = _reminded_survey(world, django_capture_on_commit_callbacks)
    moment = _moment(survey)
    assert moment == timezone.make_aware(datetime.datetime.combine(_days(3), datetime.time(8, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        early = housekeeping.run_housekeeping(now=moment - datetime.timedelta(minutes=1))
    assert early["reminded"] == 0
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done = housekeeping.run_housekeeping(now=moment)
    assert done == {"closed": 0, "reminded": 3, "purged": 0}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in invited)
    survey.refresh_from_db()
    assert survey.reminded_at is not None
    assert housekeeping.reminder_sent(survey)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = housekeeping.run_housekeeping(now=moment + datetime.timedelta(days=1, hours=1))
    assert again["reminded"] == 0
    assert mail.outbox == []


def test_a_deadline_moved_later_brings_a_new_reminder(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, _invited = _reminded_survey(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        housekeeping.run_housekeeping(now=_moment(survey))
    # Two days on, the deadline moves a week later.
    Invitation.objects.filter(survey=survey).update(
        reminded_at=timezone.now() - datetime.timedelta(days=2)
    )
    Survey.objects.filter(pk=survey.pk).update(deadline=_days(12))
    survey.refresh_from_db()
    assert not housekeeping.reminder_sent(survey)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = housekeeping.run_housekeeping(now=_moment(survey))
    assert done["reminded"] == 3


def test_nobody_left_to_remind_marks_the_reminder_done(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, _invited = _reminded_survey(world, django_capture_on_commit_callbacks, people=0)
    with django_capture_on_commit_callbacks(execute=True):
        done = housekeeping.run_housekeeping(now=_moment(survey))
    assert done["reminded"] == 0
    survey.refresh_from_db()
    assert housekeeping.reminder_sent(survey)


def test_no_reminder_for_a_closed_survey_or_one_without_reminder(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, _invited = _reminded_survey(world, django_capture_on_commit_callbacks)
    moment = _moment(survey)
    Survey.objects.filter(pk=survey.pk).update(closed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert housekeeping.run_housekeeping(now=moment)["reminded"] == 0
    Survey.objects.filter(pk=survey.pk).update(closed_at=None, remind_days_before=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert housekeeping.run_housekeeping(now=moment)["reminded"] == 0
    assert mail.outbox == []


def test_a_survey_closes_once_its_deadline_day_is_over(world: World) -> None:
    past = make_survey(world.municipality_a, title="past")
    today = make_survey(world.municipality_a, title="today")
    Survey.objects.filter(pk=past.pk).update(deadline=_days(-1))
    Survey.objects.filter(pk=today.pk).update(deadline=_days(0))
    assert housekeeping.run_housekeeping()["closed"] == 1
    past.refresh_from_db()
    today.refresh_from_db()
    assert not past.is_open
    assert today.is_open
    assert housekeeping.run_housekeeping()["closed"] == 0
    # Reopening would be undone within the hour: the deadline must move first.
    with pytest.raises(ValidationError, match="deadline"):
        survey_reopen(by=world.alice, survey=past)


def test_answers_are_purged_the_day_after_their_last_day(world: World) -> None:
    expired = make_survey(world.municipality_a, title="expired")
    kept = make_survey(world.municipality_a, title="kept")
    forever = make_survey(world.municipality_a, title="forever")
    for survey in (expired, kept, forever):
        add_responses(survey, [{"changes": "yes"}, {"changes": "no"}])
    closed = timezone.make_aware(datetime.datetime.combine(_days(-31), datetime.time(12, 0)))
    Survey.objects.filter(pk=expired.pk).update(closed_at=closed, retention_days=30)
    Survey.objects.filter(pk=kept.pk).update(closed_at=closed, retention_days=31)
    Survey.objects.filter(pk=forever.pk).update(closed_at=closed)

    assert housekeeping.run_housekeeping()["purged"] == 1
    assert not Response.objects.filter(survey=expired).exists()
    assert Figure.objects.filter(survey=expired, question__isnull=True).exists()
    assert Response.objects.filter(survey=kept).count() == 2
    assert Response.objects.filter(survey=forever).count() == 2
    assert housekeeping.run_housekeeping()["purged"] == 0


def test_an_open_survey_is_never_purged_and_zero_days_purge_at_the_close(world: World) -> None:
    running = results_survey(organisation=world.municipality_a, title="running")
    ended = results_survey(organisation=world.municipality_a, title="ended")
    for survey in (running, ended):
        add_responses(survey, generated(3))
    Survey.objects.filter(pk=running.pk).update(retention_days=0)
    Survey.objects.filter(pk=ended.pk).update(retention_days=0, deadline=_days(-1))
    done = housekeeping.run_housekeeping()
    assert done == {"closed": 1, "reminded": 0, "purged": 1}
    ended.refresh_from_db()
    assert ended.purged_at is not None
    assert Response.objects.filter(survey=running).count() == 3


def test_the_command_runs_the_housekeeping(world: World, capsys: Any) -> None:
    survey = make_survey(world.municipality_a)
    Survey.objects.filter(pk=survey.pk).update(deadline=_days(-2), retention_days=0)
    call_command("run_survey_housekeeping")
    assert "1 survey(s) closed, 0 reminder(s) sent, 1 survey(s) purged" in capsys.readouterr().out
    survey.refresh_from_db()
    assert survey.purged_at is not None


@pytest.fixture
def dummy_tasks(settings: Any) -> None:
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()  # type: ignore[attr-defined]


def test_the_command_can_queue_the_task_instead(dummy_tasks: None, capsys: Any) -> None:
    call_command("run_survey_housekeeping", "--enqueue")
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.func is housekeeping.surveys_housekeeping.func
    assert "queued" in capsys.readouterr().out


def test_opening_a_survey_queues_a_run_for_each_coming_moment(
    world: World, dummy_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        survey = survey_create(
            by=world.alice,
            questionnaire=make_questionnaire(world.municipality_a),
            organisation=world.municipality_a,
            title="Autumn",
            mode=Survey.Mode.PERSONAL,
            deadline=_days(10),
            remind_days_before=3,
            retention_days=90,
        )
    moments = sorted(
        queued.task.run_after
        for queued in default_task_backend.results  # type: ignore[attr-defined]
    )
    assert moments == [
        housekeeping.reminder_moment(survey),
        housekeeping.closing_moment(survey),
        housekeeping.purge_moment(survey),
    ]
    assert housekeeping.purge_moment(survey) == timezone.make_aware(
        datetime.datetime.combine(_days(101), datetime.time(0, 0))
    )
