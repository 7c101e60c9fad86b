from typing import Any

from django.http import HttpRequest

from trinvis.core.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Any = None,
    actor_label: str = "",
    request: HttpRequest | None = None,
    organisation_id: int | None = None,
    target: str = "",
    details: dict[str, Any] | None = None,
    subject: Any = None,
) -> AuditEvent:
    """Write one audit event. Called from the services that perform the audited change.

    `subject` is the person whose individual data was opened; when it is not given, the
    person named in `details["person"]` (the convention of the "viewed" events) is it."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    subject_id = subject.pk if subject is not None else (details or {}).get("person")
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        ip_address=client_ip(request),
        organisation_id=organisation_id,
        target=target[:254],
        details=details or {},
        subject_id=subject_id if isinstance(subject_id, int) else None,
    )
    event.full_clean()
    event.save()
    return event
