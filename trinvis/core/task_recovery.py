"""Tasks whose worker died while running them (killed, out of memory, its machine lost).

The database task backend marks a task RUNNING when a worker claims it and nothing else
ever finishes it when that worker dies. Once a task has been running far longer than any
task takes (`TRINVIS_TASK_STALE_SECONDS`), `recover_stale_tasks` marks it failed with the
reason, so administrators see it in the task list, and queues it again when it is safe to
run twice (`RETRYABLE`: tasks that check what is left to do before doing it, such as one
message's delivery, which sends nothing already sent). The outbox's sweep runs it every
few minutes.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

RETRYABLE = frozenset(
    {
        "trinvis.outbox.tasks.outbox_deliver",
        "trinvis.outbox.tasks.outbox_sweep",
        "trinvis.indicators.services_class_figures.class_figures_refresh",
    }
)
REASON = "The worker running this task stopped before it finished."


class WorkerLost(Exception):
    """Stored as the failure of a task whose worker died."""


@dataclass(frozen=True)
class Recovered:
    failed: int
    queued_again: int


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TRINVIS_TASK_STALE_SECONDS)


def recover_stale_tasks() -> Recovered:
    """Fail every task running for longer than `stale_after()`; queue the retryable ones
    again with the same arguments. A no-op on a backend without task rows."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return Recovered(0, 0)
    now = timezone.now()
    failed = queued = 0
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status="RUNNING", started_at__lt=now - stale_after()
            )
        )
        for row in stale:
            row.status, row.finished_at = "FAILED", now
            row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            row.traceback = REASON
            row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            failed += 1
            logger.warning("task %s (%s) failed: its worker stopped", row.pk, row.task_path)
            if row.task_path in RETRYABLE:
                task = import_string(row.task_path).using(
                    queue_name=row.queue_name, priority=row.priority
                )
                arguments = row.args_kwargs
                task.enqueue(*arguments.get("args", []), **arguments.get("kwargs", {}))
                queued += 1
    return Recovered(failed, queued)
