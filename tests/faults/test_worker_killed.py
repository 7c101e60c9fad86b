"""A task worker killed (SIGKILL) in the middle of sending an e-mail: the message stays
waiting, the outbox's sweep run by the next worker sends it, and the mail server gets it
exactly once; the killed task is marked failed and its delivery runs again, finding
nothing left to send. Workers are real `manage.py db_worker` processes on the test database; the
mail server is a real SMTP server (aiosmtpd) on loopback that holds the first session at
its first recipient, so the kill lands mid-send, before the server has the message."""

import signal
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.faults.conftest import (
    PYTHON,
    SmtpServer,
    child_env,
    database_url,
    smtp_settings,
    start,
    stop,
    wait_for,
)
from trinvis.core.task_recovery import REASON
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.services import message_queue
from trinvis.outbox.tasks import outbox_deliver, outbox_sweep

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _worker(env: dict[str, str], log: Path) -> Any:
    command = [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
    return start(command, env, log)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_message_is_sent_once_by_the_sweep(
    smtp: SmtpServer, settings: Any, tmp_path: Path
) -> None:
    smtp.mailbox.hold_first = True
    smtp.start()
    env = child_env(
        DATABASE_URL=database_url(connection.settings_dict["NAME"]),
        TRINVIS_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        TRINVIS_OUTBOX_SWEEP_SECONDS="1",
        TRINVIS_TASK_STALE_SECONDS="2",
        **smtp_settings(settings, smtp.port),
    )
    settings.TASKS = DATABASE_TASKS
    # The sweep this queues waits a minute, so the first worker takes the delivery even when
    # it is slow to start (a due sweep would come first: it has a run_after, the delivery not).
    settings.TRINVIS_OUTBOX_SWEEP_SECONDS = 60
    row = message_queue(message=EmailMessage("Exactly once", "Text", None, ["once@example.org"]))

    first = _worker(env, tmp_path / "worker-1.log")
    try:
        assert smtp.mailbox.reached.wait(timeout=30), (tmp_path / "worker-1.log").read_text()
        stop(first, sig=signal.SIGKILL)
    finally:
        stop(first, sig=signal.SIGKILL)
    assert first.returncode == -signal.SIGKILL
    smtp.mailbox.release.set()
    row.refresh_from_db()
    # Killed mid-send: nothing recorded, the row's lock gone with the worker's connection.
    assert (row.status, row.attempts, smtp.mailbox.messages) == ("pending", 0, [])

    killed = DBTaskResult.objects.get(task_path=outbox_deliver.module_path, status="RUNNING")
    DBTaskResult.objects.filter(task_path=outbox_sweep.module_path, status="READY").update(
        run_after=timezone.now()
    )

    second = _worker(env, tmp_path / "worker-2.log")
    try:
        wait_for(
            lambda: OutboxMessage.objects.filter(pk=row.pk, status="sent").exists(),
            timeout=30,
            what="the sweep to send the message",
        )
        wait_for(
            lambda: DBTaskResult.objects.filter(
                task_path=outbox_deliver.module_path, status="SUCCESSFUL"
            ).exists(),
            timeout=30,
            what="the killed task's delivery to run again",
        )
        time.sleep(2.5)  # two more sweeps: a second copy would arrive now
    finally:
        stop(second)
    killed.refresh_from_db()
    assert (killed.status, killed.traceback) == ("FAILED", REASON)
    assert len(smtp.mailbox.messages) == 1
    assert b"Subject: Exactly once" in smtp.mailbox.messages[0]
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
