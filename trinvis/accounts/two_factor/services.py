"""Writes for two-factor login: set up, check a code, remove, new recovery codes. Each audits."""

from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class CodeRefused(Exception):
    """The code was wrong, or the device waits after wrong codes (`wait_seconds`)."""

    def __init__(self, message: str, *, wait_seconds: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class CodeAccepted:
    recovery_code: bool
    device: Any


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The not yet confirmed app device the set-up page shows, made once and kept until
    confirmed, so reloading the page does not change the QR code the person scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, as authenticator apps ask for it when typed."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, title: str) -> str:
    """The set-up link as an inline SVG QR code (no script, no style attribute)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, title=title, svgclass="trinvis-qr", lineclass=None, light="#fff"
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def _verify(device: Any, code: str) -> bool:
    """Check a code under the device's row lock, so throttling counts parallel tries."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        verified = locked.verify_token(code)
    if verified:
        device.refresh_from_db()
    return bool(verified)


def _wait_seconds(device: Any) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    return max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1


def _refuse(
    *, user: User, device: Any, request: HttpRequest | None, kind: str, checked: bool
) -> CodeRefused:
    if checked:
        # A try refused by the throttle is not checked and not logged: the wait already
        # bounds how many entries a guesser can write.
        audit_record(
            action=AuditEvent.Action.TWO_FACTOR_FAILED,
            actor=user,
            request=request,
            details={"kind": kind},
        )
    wait = _wait_seconds(device) if device is not None else None
    if wait is not None and not checked:
        return CodeRefused(
            _("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": wait},
            wait_seconds=wait,
        )
    return CodeRefused(_("That code is not right. Try again."), wait_seconds=wait)


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def code_check(*, user: User, code: str, request: HttpRequest | None = None) -> CodeAccepted:
    """Check a six-digit app code, or else a recovery code (used up, and logged), for the
    person's confirmed devices. Raises CodeRefused; wrong codes are throttled per device."""
    code = normalise_code(code)
    if code.isdigit() and len(code) == 6:
        device: Any = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        kind = "app"
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        kind = "recovery"
    if device is None:
        raise _refuse(user=user, device=None, request=request, kind=kind, checked=True)
    if _wait_seconds(device) is not None:
        raise _refuse(user=user, device=device, request=request, kind=kind, checked=False)
    if not _verify(device, code):
        raise _refuse(user=user, device=device, request=request, kind=kind, checked=True)
    if kind == "recovery":
        audit_record(
            action=AuditEvent.Action.RECOVERY_CODE_USED,
            actor=user,
            request=request,
            details={"left": device.token_set.count()},
        )
    return CodeAccepted(recovery_code=kind == "recovery", device=device)


def _recovery_codes_replace(*, user: User) -> list[str]:
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        device.full_clean()
        device.save()
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_enable(
    *, user: User, device: TOTPDevice, code: str, request: HttpRequest | None = None
) -> list[str]:
    """Confirm the app device with a code from it; returns the ten new recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        raise CodeRefused(_("Start the set-up again."))
    if _wait_seconds(device) is not None:
        raise _refuse(user=user, device=device, request=request, kind="setup", checked=False)
    if not _verify(device, normalise_code(code)):
        raise _refuse(user=user, device=device, request=request, kind="setup", checked=True)
    # The check above stays outside the transaction: a wrong code's throttle count and audit
    # entry must be kept when the refusal is raised.
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
        audit_record(action=AuditEvent.Action.TWO_FACTOR_ENABLED, actor=user, request=request)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User, request: HttpRequest | None = None) -> list[str]:
    codes = _recovery_codes_replace(user=user)
    audit_record(action=AuditEvent.Action.RECOVERY_CODES_REGENERATED, actor=user, request=request)
    return codes


def two_factor_disable(*, user: User, code: str, request: HttpRequest | None = None) -> None:
    """Remove the app and the recovery codes; asks for a code again (app or recovery).
    The check runs outside the transaction, so a refusal keeps its throttle count and entry."""
    code_check(user=user, code=code, request=request)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(action=AuditEvent.Action.TWO_FACTOR_DISABLED, actor=user, request=request)
