"""Reminders before a round's deadline: to whom, once, and when."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend

from conftest import World
from trinvis.competences.models import Assessment, Round
from trinvis.competences.services.rounds import round_close, round_open
from trinvis.competences.tasks import (
    reminder_moment,
    schedule_reminder,
    send_due_reminders,
    send_round_reminder,
)
from trinvis.competences.tests.factories import colleagues, make_profile, make_round, rate

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _round(world: World, *, days_left: int = 1, **changes) -> Round:
    """A self + leader round of bob and two colleagues; by default its reminder is due."""
    arguments: dict[str, Any] = {
        "profile": make_profile(world.municipality_a),
        "organisation": world.team_a,
        "people": [world.bob, *colleagues(world.team_a, 2)],
        "by": world.alice,
        "deadline": timezone.localdate() + datetime.timedelta(days=days_left),
    }
    arguments.update(changes)
    return make_round(**arguments)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_reminder_goes_to_those_with_a_missing_assessment(world: World) -> None:
    round = _round(world)
    rate(round, kind=Assessment.Kind.SELF, person=world.bob, by=world.bob, levels=[3] * 5)
    assert send_round_reminder.call(round_id=round.pk) == 3
    first, second = colleagues(world.team_a, 2)
    # Bob has submitted; his colleagues have not, and the leader rated nobody yet.
    assert _recipients() == sorted([first.email, second.email, world.alice.email])
    to_alice = next(message for message in mail.outbox if message.to == [world.alice.email])
    assert "Leader assessment" in to_alice.body
    to_colleague = next(message for message in mail.outbox if message.to == [first.email])
    assert "Self-assessment" in to_colleague.body
    assert f"/competences/rounds/{round.pk}/" in to_colleague.body
    assert "seen only by you and your leaders" in to_colleague.body
    assert round.title in to_colleague.subject
    assert "&" not in to_colleague.subject


def test_the_leader_is_not_reminded_when_every_leader_assessment_is_in(world: World) -> None:
    round = _round(world, people=[world.bob])
    rate(round, kind=Assessment.Kind.LEADER, person=world.bob, by=world.alice, levels=[3] * 5)
    assert send_round_reminder.call(round_id=round.pk) == 1
    assert _recipients() == [world.bob.email]


def test_the_opener_is_reminded_of_a_missing_team_assessment(world: World) -> None:
    round = _round(
        world, self_assessment=False, leader_assessment=False, team_assessment=True, title="Team"
    )
    assert send_round_reminder.call(round_id=round.pk) == 1
    assert _recipients() == [world.alice.email]
    assert "Team assessment" in mail.outbox[0].body


def test_people_who_left_are_not_reminded(world: World) -> None:
    round = _round(world)
    first = colleagues(world.team_a, 1)[0]
    first.is_active = False
    first.save(update_fields=["is_active"])
    send_round_reminder.call(round_id=round.pk)
    assert first.email not in _recipients()


def test_the_reminder_is_sent_only_once_when_the_task_runs_twice(world: World) -> None:
    round = _round(world)
    assert send_round_reminder.call(round_id=round.pk) == 4  # three people and the leader
    assert send_round_reminder.call(round_id=round.pk) == 0
    assert send_due_reminders() == 0
    assert len(mail.outbox) == 4
    round.refresh_from_db()
    assert round.reminded_at is not None


def test_a_closed_round_sends_no_reminder(world: World) -> None:
    round = _round(world)
    round_close(by=world.alice, round=round)
    assert send_round_reminder.call(round_id=round.pk) == 0
    assert send_due_reminders() == 0
    assert mail.outbox == []


def test_no_reminder_before_its_moment(world: World) -> None:
    round = _round(world, days_left=21)
    assert reminder_moment(round) > timezone.now()
    assert send_round_reminder.call(round_id=round.pk) == 0
    assert send_due_reminders() == 0
    round.refresh_from_db()
    assert round.reminded_at is None
    assert mail.outbox == []


def test_the_command_sends_the_due_reminders_and_says_how_many(world: World, capsys) -> None:
    _round(world)
    _round(world, days_left=21, title="Later")
    call_command("send_competence_reminders")
    assert capsys.readouterr().out.strip() == "4 reminder(s) sent"
    call_command("send_competence_reminders")
    assert capsys.readouterr().out.strip() == "0 reminder(s) sent"


def test_the_reminder_is_in_the_persons_language(world: World) -> None:
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    round = _round(world, people=[world.bob], title="Forår")
    send_round_reminder.call(round_id=round.pk)
    message = next(message for message in mail.outbox if message.to == [world.bob.email])
    # The date in the subject is written the Danish way (day first, with dots).
    deadline = round.deadline
    assert f"{deadline.day:02d}.{deadline.month:02d}.{deadline.year}" in message.subject


@pytest.fixture
def dummy_tasks(settings) -> None:
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()  # type: ignore[attr-defined]


def test_the_reminder_is_deferred_to_its_moment(world: World, dummy_tasks) -> None:
    round = _round(world, days_left=21)
    schedule_reminder(round)
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.run_after == reminder_moment(round)
    assert queued.kwargs == {"round_id": round.pk}
    assert mail.outbox == []


def test_a_reminder_already_due_is_queued_to_run_now(world: World, dummy_tasks) -> None:
    round = _round(world)
    schedule_reminder(round)
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.run_after is None


def test_opening_a_round_queues_its_reminder_after_the_commit(
    world: World, dummy_tasks, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        round = round_open(
            by=world.alice,
            profile=make_profile(world.municipality_a),
            organisation=world.team_a,
            title="Spring",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            people=[world.bob],
        )
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.run_after == reminder_moment(round)
