"""The outbox's tasks: the delivery queued when a message is composed, and the sweep.

The sweep first fails the tasks of workers that died (core/task_recovery.py, queuing again
those safe to run twice), sends whatever is due (messages a killed worker or a mail server
that was down left behind, and failures whose next attempt has come), then removes the text
of messages sent longer ago than the retention period. On a task backend that can defer
(the database backend) it queues its own next run `TRINVIS_OUTBOX_SWEEP_SECONDS` later;
composing a message starts that chain when no sweep is waiting, so a new or restarted set-up
needs no cron. `manage.py run_outbox_sweep` runs it once, for cron on a backend that cannot
defer.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from trinvis.core import task_recovery
from trinvis.outbox import delivery

logger = logging.getLogger(__name__)


def sweep_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(getattr(settings, "TRINVIS_OUTBOX_SWEEP_SECONDS", 300)))


@task()
def outbox_deliver(*, message_id: int) -> int:
    """Send one message if it is still waiting; a failure is retried at its next attempt."""
    sent, failed = delivery.deliver(message_id=message_id)
    for row in failed:
        if row.status == row.Status.PENDING:
            _retry_at(row.pk, row.next_attempt_at)
    return sent


def _retry_at(message_id: int, moment: datetime.datetime) -> None:
    if outbox_deliver.get_backend().supports_defer:
        outbox_deliver.using(run_after=moment).enqueue(message_id=message_id)


@task()
def outbox_sweep(*, reschedule: bool = True) -> dict[str, int]:
    """Fail (and queue again, where that is safe) the tasks of workers that died, send
    everything due, remove old texts; returns the counts."""
    recovered = task_recovery.recover_stale_tasks()
    sent, failed = delivery.deliver(limit=1000)
    purged = delivery.purge_sent()
    if reschedule:
        sweep_schedule()
    return {
        "sent": sent,
        "failed": len(failed),
        "purged": purged,
        "tasks_failed": recovered.failed,
        "tasks_queued_again": recovered.queued_again,
    }


def sweep_schedule(*, force: bool = False) -> None:
    """Queue the next sweep on a backend that can defer, unless one is already waiting."""
    if not outbox_sweep.get_backend().supports_defer:
        return
    if not force and _sweep_waiting():
        return
    outbox_sweep.using(run_after=timezone.now() + sweep_interval()).enqueue()


def _sweep_waiting() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another deferring backend: queue one, a spare sweep is harmless
        return False
    return DBTaskResult.objects.filter(task_path=outbox_sweep.module_path, status="READY").exists()
