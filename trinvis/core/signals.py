"""Audit receivers for Django's authentication signals."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    # How the person logged in, when not by password (single sign-on sets it on the user).
    details = getattr(user, "login_audit_details", None)
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, request=request, details=details)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or credentials.get("email") or "")
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, actor_label=username, request=request)


@receiver(user_locked_out)
def _on_locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    audit_record(action=AuditEvent.Action.LOGIN_LOCKED, actor_label=username or "", request=request)
