from typing import Any

from django.db.models import QuerySet

from trinvis.core.models import AuditEvent


def audit_events_visible(
    *, is_platform_admin: bool, organisation_ids: frozenset[int], action: str = ""
) -> QuerySet[AuditEvent]:
    """Audit events an administrator may read: all for the platform, else their organisations'."""
    events = AuditEvent.objects.select_related("actor")
    if not is_platform_admin:
        events = events.filter(organisation_id__in=organisation_ids)
    if action:
        events = events.filter(action=action)
    return events


def task_queue_state() -> dict[str, Any]:
    """Backend name and, for the database backend, how many tasks wait to run."""
    from django_tasks import task_backends

    backend = task_backends["default"]
    state: dict[str, Any] = {"backend": type(backend).__name__}
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        state["ready"] = DBTaskResult.objects.ready().count()
    return state
