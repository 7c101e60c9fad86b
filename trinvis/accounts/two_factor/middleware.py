from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from trinvis.accounts.two_factor.policy import (
    SSO_SESSION_KEY,
    VERIFY,
    session_is_verified,
    two_factor_due_for_session,
)

# Pages a person may reach before giving the code: the steps themselves, and the ways out.
OPEN_BEFORE_CODE = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:two_factor_recovery_codes",
        "accounts:login",
        "accounts:logout",
        "accounts:set_language",
        "core:healthz",
    }
)
API_PREFIX = "/api/"  # config/urls.py mounts the JSON API here


class TwoFactorMiddleware:
    """Sends a logged-in person who must give a code (or set up an app) and has not yet to
    that step; the JSON API answers 403. Comes after django-otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._held_back(request) or self.get_response(request)

    def _held_back(self, request: HttpRequest) -> HttpResponse | None:
        if not request.user.is_authenticated or request.session.get(SSO_SESSION_KEY):
            return None
        if DEVICE_ID_SESSION_KEY in request.session and session_is_verified(request):
            return None
        due = two_factor_due_for_session(request)
        if not due or _is_open(request.path_info):
            return None
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(
                {"detail": _("Log in with your two-factor code first.")}, status=403
            )
        name = "accounts:two_factor_verify" if due == VERIFY else "accounts:two_factor_setup"
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            # A redirect would be swapped into the page as a fragment: htmx goes there itself.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


def _is_open(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in OPEN_BEFORE_CODE
