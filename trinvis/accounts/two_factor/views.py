"""The two-factor steps: give a code, set up an app, see the recovery codes, remove."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.two_factor.forms import CodeForm
from trinvis.accounts.two_factor.policy import (
    has_two_factor,
    session_is_verified,
    two_factor_due_forget,
    two_factor_required,
)
from trinvis.accounts.two_factor.services import (
    CodeRefused,
    code_check,
    qr_code_svg,
    recovery_codes_regenerate,
    secret_for_manual_entry,
    totp_device_pending,
    two_factor_disable,
    two_factor_enable,
)

# The recovery codes wait here between the step that made them and the page that shows them
# once (a redirect, so reloading the page does not make new ones).
CODES_SESSION_KEY = "trinvis_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("core:home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedRequest) -> HttpResponse:
    next_url = _next_url(request)
    if session_is_verified(request) or not has_two_factor(request.user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accepted = code_check(
                user=request.user, code=form.cleaned_data["code"], request=request
            )
        except CodeRefused as refused:
            form.add_error("code", refused.message)
        else:
            otp_login(request, accepted.device)
            two_factor_due_forget(request)
            if accepted.recovery_code:
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; it cannot be used again. "
                        "%(left)s are left. You can make new ones on your profile page."
                    )
                    % {"left": accepted.device.token_set.count()},
                )
            return redirect(next_url)
    return render(request, "accounts/two_factor/verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedRequest) -> HttpResponse:
    next_url = _next_url(request)
    if has_two_factor(request.user):
        messages.info(request, _("Two-factor login is already on."))
        return redirect("accounts:profile")
    device = totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_enable(
                user=request.user, device=device, code=form.cleaned_data["code"], request=request
            )
        except CodeRefused as refused:
            form.add_error("code", refused.message)
        else:
            otp_login(request, device)
            two_factor_due_forget(request)
            request.session[CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:two_factor_recovery_codes", next_url))
    context: dict[str, Any] = {
        "form": form,
        "next": next_url,
        "qr_code": qr_code_svg(device, title=_("QR code for your authenticator app")),
        "secret": secret_for_manual_entry(device),
        "required": two_factor_required(request.user),
    }
    return render(request, "accounts/two_factor/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """GET shows new recovery codes once; POST makes new ones (the old stop working)."""
    if request.method == "POST":
        if not has_two_factor(request.user):
            return redirect("accounts:profile")
        if not session_is_verified(request):
            return redirect(_with_next("accounts:two_factor_verify", reverse("accounts:profile")))
        request.session[CODES_SESSION_KEY] = recovery_codes_regenerate(
            user=request.user, request=request
        )
        return redirect(_with_next("accounts:two_factor_recovery_codes", _next_url(request)))
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def remove(request: AuthenticatedRequest) -> HttpResponse:
    if not has_two_factor(request.user):
        return redirect("accounts:profile")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor_disable(user=request.user, code=form.cleaned_data["code"], request=request)
        except CodeRefused as refused:
            form.add_error("code", refused.message)
        else:
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            two_factor_due_forget(request)
            messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor/remove.html",
        {"form": form, "required": two_factor_required(request.user)},
    )
