"""Two-factor login in tests: devices, real TOTP codes, and sessions logged in as verified."""

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from trinvis.accounts.two_factor.policy import two_factor_required


def totp_device(user: Any) -> TOTPDevice:
    """The person's confirmed authenticator app (made once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    return device


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the person's app shows at `at` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def session_verify(client: Client, user: Any) -> None:
    """Mark a `force_login` session as having given the code, for people who must use
    two-factor login (the platform administrator), as `django_otp.login` does after a code."""
    if not two_factor_required(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
