"""Retention: personal data that has served its purpose is removed by the calendar, without
anyone clicking (issue 8; the rules are listed in the README under "Retention").

Each app that holds such data registers its rules here, in a module named
`retention_rules.py` (core itself below): a rule is a function of the moment that removes
what is due and returns how many rows or files it removed (or, for a rule that only flags,
how many it flagged). Apps register rather than being imported from here, because core
sits below every app (ARCHITECTURE.md: imports point one way).

Every rule keeps the aggregates: it removes records about people, never the figures counted
from them (survey figures, competence counts and response rates stay the same).

`run_retention` runs every rule, each in its own transaction (one failing stops nothing
else; the next run retries), and returns {rule: count}. The task `retention_run` runs it
and, on a task backend that can defer (the database backend), queues its own next run for
03:00 local time the next day, unless one is queued already: started once (`manage.py
run_retention --enqueue`, or by cron with `manage.py run_retention` daily), it keeps
going. All rules are idempotent, so a run too many does nothing.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from trinvis.core.models import AuditEvent

logger = logging.getLogger(__name__)

RUN_AT = datetime.time(3, 0)


@dataclass(frozen=True)
class Rule:
    """One retention rule: what it removes (for the command's report) and the function."""

    key: str
    description: Promise
    run: Callable[[datetime.datetime], int]
    order: int


_RULES: dict[str, Rule] = {}


def register(
    key: str, description: Promise, *, order: int = 50
) -> Callable[[Callable[[datetime.datetime], int]], Callable[[datetime.datetime], int]]:
    """Register a rule (a decorator); registering a key again replaces it."""

    def decorate(
        function: Callable[[datetime.datetime], int],
    ) -> Callable[[datetime.datetime], int]:
        _RULES[key] = Rule(key, description, function, order)
        return function

    return decorate


def rules() -> list[Rule]:
    autodiscover_modules("retention_rules")
    return sorted(_RULES.values(), key=lambda rule: (rule.order, rule.key))


def run_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every rule; returns how many each removed (or flagged)."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for rule in rules():
        try:
            with transaction.atomic():
                done[rule.key] = rule.run(now)
        except (DatabaseError, OSError):
            logger.exception("retention: the rule %s failed", rule.key)
            done[rule.key] = 0
        else:
            if done[rule.key]:
                logger.info("retention: %s: %s", rule.key, done[rule.key])
    return done


def next_run_moment(now: datetime.datetime) -> datetime.datetime:
    """03:00 local time on the day after `now`."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, RUN_AT))


def _queued_later(now: datetime.datetime) -> bool:
    """A run of the task is already waiting (on the database backend)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult  # the backend's own table

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=retention_run.module_path, run_after__gt=now
    ).exists()


def schedule_next(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Queue the next daily run, on a backend that can defer; None when nothing was queued
    (the backend cannot defer, or a later run is queued already)."""
    backend = retention_run.get_backend()
    if not backend.supports_defer:
        return None
    now = now or timezone.now()
    if type(backend).__module__.startswith("django_tasks_db") and _queued_later(now):
        return None
    moment = next_run_moment(now)
    retention_run.using(run_after=moment).enqueue()
    return moment


@task()
def retention_run() -> dict[str, int]:
    """Remove the personal data whose retention has run out (every registered rule) and
    queue tomorrow's run; returns how many rows each rule removed."""
    done = run_retention()
    schedule_next()
    return done


# --- core's own rules ---------------------------------------------------------------------


def audit_cutoff(now: datetime.datetime) -> datetime.datetime:
    years = settings.TRINVIS_RETENTION_AUDIT_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@register("audit_events", _("Audit events older than the audit period"), order=90)
def audit_events_remove(now: datetime.datetime) -> int:
    """Delete the audit events older than TRINVIS_RETENTION_AUDIT_YEARS years; in batches, so
    a first run over a large log holds no long lock."""
    cutoff = audit_cutoff(now)
    removed = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:5000]
        )
        if not batch:
            return removed
        removed += AuditEvent.objects.filter(pk__in=batch).delete()[0]


@register("import_files", _("Uploaded import files left behind for more than a day"), order=80)
def import_files_remove(now: datetime.datetime) -> int:
    """The files of imports that were never finished (core/imports/uploads.py keeps them a
    day; the next upload would also sweep them, but there may be no next upload)."""
    from trinvis.core.imports.uploads import upload_directory, uploads_purge_stale

    return uploads_purge_stale(upload_directory(), now=now)
