"""A task whose worker died stays RUNNING for ever unless something notices: the sweep
fails it once it has run far too long, and queues it again when it is safe to run twice."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from trinvis.core.task_recovery import REASON, recover_stale_tasks
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.services import message_queue
from trinvis.outbox.tasks import outbox_deliver, outbox_sweep


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TRINVIS_TASK_STALE_SECONDS = 600


def _claimed(task_path: str, *, minutes_ago: int) -> Any:
    """The row of a task a worker claimed `minutes_ago` and never finished."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(task_path=task_path, status="READY").latest("enqueued_at")
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return row


@pytest.mark.django_db
def test_a_stale_delivery_fails_and_runs_again_and_the_mail_goes_once(
    database_tasks: None,
) -> None:
    from django_tasks_db.models import DBTaskResult

    message = message_queue(message=EmailMessage("Once", "Text", None, ["once@example.org"]))
    stale = _claimed(outbox_deliver.module_path, minutes_ago=11)

    assert outbox_sweep.call(reschedule=False)["tasks_queued_again"] == 1

    stale.refresh_from_db()
    assert (stale.status, stale.traceback) == ("FAILED", REASON)
    assert stale.exception_class_path == "trinvis.core.task_recovery.WorkerLost"
    again = DBTaskResult.objects.get(task_path=outbox_deliver.module_path, status="READY")
    assert again.args_kwargs == {"args": [], "kwargs": {"message_id": message.pk}}
    # The sweep sent the message itself; the delivery queued again finds nothing left to do.
    assert outbox_deliver.call(message_id=message.pk) == 0
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(pk=message.pk).status == "sent"


@pytest.mark.django_db
def test_a_stale_task_not_safe_to_repeat_fails_and_a_recent_one_is_left(
    database_tasks: None,
) -> None:
    from django_tasks_db.models import DBTaskResult

    from trinvis.surveys.tasks import send_survey_link

    send_survey_link.enqueue(invitation_id=1)
    stale = _claimed(send_survey_link.module_path, minutes_ago=60)
    message_queue(message=EmailMessage("Later", "Text", None, ["later@example.org"]))
    running = _claimed(outbox_deliver.module_path, minutes_ago=5)

    recovered = recover_stale_tasks()

    assert (recovered.failed, recovered.queued_again) == (1, 0)
    stale.refresh_from_db()
    running.refresh_from_db()
    assert (stale.status, running.status) == ("FAILED", "RUNNING")
    assert not DBTaskResult.objects.filter(
        task_path=send_survey_link.module_path, status="READY"
    ).exists()
