"""Who must give a second factor, and whether this session still has to.

accounts sits below organisations and may not import it: the organisations app registers
its rule here (`requirement_register`) when it loads.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set by the single sign-on login (the identity provider checked the person): counts as verified.
SSO_SESSION_KEY = "trinvis_sso"
# The session's cached answer: {"due": "verify" | "setup" | "", "at": unix time}.
DUE_SESSION_KEY = "trinvis_two_factor_due"

VERIFY = "verify"
SETUP = "setup"

Requirement = Callable[[Any], bool]
_requirements: list[Requirement] = []


def requirement_register(requirement: Requirement) -> Requirement:
    """Add a rule `requirement(user) -> bool` saying a person must use two-factor login."""
    if requirement not in _requirements:
        _requirements.append(requirement)
    return requirement


def two_factor_required(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(requirement(user) for requirement in _requirements)


def totp_device_of(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_device_of(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_is_verified(request: HttpRequest) -> bool:
    user: Any = request.user
    if request.session.get(SSO_SESSION_KEY):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def two_factor_due(user: Any) -> str:
    """What stands between this (password-)logged-in person and the pages: VERIFY when they
    have an app set up, SETUP when they must but have none, "" when nothing."""
    if has_two_factor(user):
        return VERIFY
    return SETUP if two_factor_required(user) else ""


def two_factor_due_for_session(request: HttpRequest) -> str:
    """`two_factor_due` for the session's person, remembered in the session for a few minutes:
    most people need no second factor, and asking on every request would cost them queries."""
    cached = request.session.get(DUE_SESSION_KEY)
    now = time.time()
    if (
        isinstance(cached, dict)
        and now - cached.get("at", 0) < settings.TRINVIS_TWO_FACTOR_RECHECK_SECONDS
    ):
        return str(cached.get("due", ""))
    due = two_factor_due(request.user)
    request.session[DUE_SESSION_KEY] = {"due": due, "at": now}
    return due


def two_factor_due_forget(request: HttpRequest) -> None:
    """Drop the cached answer after the person's devices changed."""
    request.session.pop(DUE_SESSION_KEY, None)


@receiver(user_logged_in, dispatch_uid="trinvis_two_factor_due_on_login")
def _due_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Asked afresh at every login (maybe another person in the same browser), and here rather
    # than on the first page, so that page costs no more than any other.
    if request is not None and hasattr(request, "session"):
        request.session[DUE_SESSION_KEY] = {"due": two_factor_due(user), "at": time.time()}


def two_factor_status(user: Any) -> dict[str, Any]:
    """What the profile page shows: on or off, required or not, recovery codes left."""
    recovery = recovery_device_of(user)
    return {
        "enabled": has_two_factor(user),
        "required": two_factor_required(user),
        "codes_left": recovery.token_set.count() if recovery is not None else 0,
    }
