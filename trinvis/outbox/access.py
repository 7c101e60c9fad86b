"""Only platform administrators see the outbox: it holds everyone's e-mail."""

from typing import Any

from django.core.exceptions import PermissionDenied


def outbox_check_access(*, user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser):
        raise PermissionDenied
