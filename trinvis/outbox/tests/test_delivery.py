"""The outbox keeps what is composed and sends it as it was: the same subject, text,
addresses and attachments; a refused message is counted, kept with its error and tried
again later; a rolled-back one is never sent; old sent texts are removed."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from conftest import World
from trinvis.outbox import delivery
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.services import message_queue, messages_retry
from trinvis.outbox.tasks import outbox_deliver, outbox_sweep

Status = OutboxMessage.Status
PDF = b"%PDF-1.4\n\x00\xff binary\n%%EOF"
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def _message(**extra: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "Your course",
        "Plain text",
        "Agency <agency@example.org>",
        ["bob@example.org"],
        bcc=["archive@example.org"],
        cc=["alice@example.org"],
        reply_to=["fiona@example.org"],
        headers={"X-Trinvis": "yes"},
        **extra,
    )
    message.attach_alternative("<p>HTML text</p>", "text/html")
    message.attach("plan.pdf", PDF, "application/pdf")
    message.attach("day.ics", ICS, "text/calendar")
    return message


def test_a_queued_message_is_sent_as_it_was_composed(world: World) -> None:
    row = message_queue(message=_message())
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 1 and row.sent_at is not None
    assert row.recipient == world.bob  # found by the address
    [sent] = mail.outbox
    assert isinstance(sent, EmailMultiAlternatives)
    assert (sent.subject, sent.body, sent.from_email) == (
        "Your course",
        "Plain text",
        "Agency <agency@example.org>",
    )
    assert (sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        ["bob@example.org"],
        ["alice@example.org"],
        ["archive@example.org"],
        ["fiona@example.org"],
    )
    assert sent.extra_headers == {"X-Trinvis": "yes"}
    assert [tuple(alternative) for alternative in sent.alternatives] == [
        ("<p>HTML text</p>", "text/html")
    ]
    assert [tuple(attachment) for attachment in sent.attachments] == [
        ("plan.pdf", PDF, "application/pdf"),
        ("day.ics", ICS, "text/calendar"),
    ]
    assert "HTML text" in sent.message().as_string()


def test_a_refused_message_waits_with_its_error_and_goes_when_due(db: None, settings) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.TRINVIS_OUTBOX_RETRY_SECONDS = 60
    row = message_queue(message=EmailMessage("Hello", "Text", None, ["x@example.org"]))
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 1
    assert row.last_error == "ConnectionRefusedError: the mail server is down"
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_sweep.call(reschedule=False)["sent"] == 0  # not due yet
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert outbox_sweep.call(reschedule=False)["sent"] == 1
        assert outbox_sweep.call(reschedule=False)["sent"] == 0
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 2


def test_the_wait_doubles_and_the_last_attempt_fails_the_message(db: None, settings) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.TRINVIS_OUTBOX_MAX_ATTEMPTS = 3
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert delivery.backoff(30) == delivery.MAX_BACKOFF
    row = message_queue(message=EmailMessage("Hello", "Text", None, ["x@example.org"]))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        outbox_sweep.call(reschedule=False)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        outbox_sweep.call(reschedule=False)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 3)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert outbox_sweep.call(reschedule=False)["sent"] == 0  # failed waits for a person
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert messages_retry() == 1
    row.refresh_from_db()
    assert row.status == Status.SENT and len(mail.outbox) == 1


@pytest.fixture
def database_tasks(settings) -> None:
    # Changing the setting resets the task backends (django_tasks listens for it).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert type(outbox_deliver.get_backend()).__name__ == "DatabaseBackend"


def test_a_rolled_back_message_is_neither_kept_nor_queued(db: None, database_tasks: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    queued_before_the_rollback: list[int] = []

    def the_callers_work() -> None:
        with transaction.atomic():
            message_queue(message=EmailMessage("Hello", "Text", None, ["x@example.org"]))
            queued_before_the_rollback.append(DBTaskResult.objects.count())
            raise RuntimeError("the caller's work failed")

    with pytest.raises(RuntimeError):
        the_callers_work()
    assert queued_before_the_rollback == [2]  # its delivery and the sweep
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not mail.outbox


def test_a_queued_message_brings_one_sweep_however_many(db: None, database_tasks: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    for _ in range(3):
        message_queue(message=EmailMessage("Hello", "Text", None, ["x@example.org"]))
    sweeps = DBTaskResult.objects.filter(task_path=outbox_sweep.module_path)
    assert sweeps.count() == 1
    assert sweeps.get().run_after > timezone.now()
    assert not mail.outbox  # the worker sends


def test_sent_texts_are_removed_after_the_retention(db: None, settings) -> None:
    settings.TRINVIS_OUTBOX_RETENTION_DAYS = 30
    old = message_queue(message=_message())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
        recent = message_queue(message=_message())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert outbox_sweep.call(reschedule=False)["purged"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.body, old.to, old.attachments, old.alternatives, old.recipient) == (
        "",
        [],
        [],
        [],
        None,
    )
    assert old.purged_at is not None and old.status == Status.SENT
    assert recent.body == "Plain text"


def test_the_command_runs_the_sweep(db: None, capsys: Any) -> None:
    call_command("run_outbox_sweep")
    assert capsys.readouterr().out.strip() == "sent 0, failed 0, texts removed 0"
