"""The start of single sign-on (off to the provider), the callback (back from it), and the
logout that also ends the session at the provider (and the address it sends people back to)."""

import logging
import secrets
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from trinvis.accounts.oidc.backend import SingleSignOnBackend
from trinvis.accounts.oidc.provider import (
    BACKEND_PATH,
    SSO_ID_TOKEN_SESSION_KEY,
    SSO_LOGOUT_STATE_SESSION_KEY,
    SSO_SESSION_KEY,
    Provider,
    ProviderSettings,
    ProviderUnavailable,
    Refusal,
    sso_configured,
    sso_label,
    sso_provider,
)
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record

logger = logging.getLogger(__name__)


def _refusal_message(refusal: Refusal, *, email: str, label: str) -> str:
    if refusal is Refusal.UNKNOWN_PERSON and email:
        return _(
            "Trinvis has no account for %(email)s. Ask your administrator to send you an "
            "invitation."
        ) % {"email": email}
    if refusal is Refusal.UNKNOWN_PERSON:
        return _(
            "Trinvis has no account for the person you logged in as. Ask your administrator "
            "to send you an invitation."
        )
    if refusal is Refusal.INACTIVE:
        return _("Your Trinvis account is closed. Ask your administrator if you need it again.")
    if refusal is Refusal.OTHER_IDENTITY:
        return _(
            "Your Trinvis account is linked to another login at %(provider)s. Ask your "
            "administrator to check your account."
        ) % {"provider": label}
    return _("Logging in with %(provider)s did not succeed. Please try again.") % {
        "provider": label
    }


class SingleSignOnStartView(ProviderSettings, OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a state, a nonce and a PKCE challenge kept in
    the session. A plain link (GET) from the login page, so it works without JavaScript."""

    def __init__(self, **kwargs: Any) -> None:
        # mozilla's __init__ reads the endpoints from settings; here they may need discovery,
        # which waits until a request shows single sign-on is configured.
        View.__init__(self, **kwargs)
        self.provider: Provider | None = None

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_configured():
            raise Http404
        try:
            self.provider = sso_provider()
        except ProviderUnavailable:
            messages.error(
                request,
                _("%(provider)s cannot be reached just now. Please try again in a moment.")
                % {"provider": sso_label()},
            )
            return redirect("accounts:login")
        self.OIDC_OP_AUTH_ENDPOINT = self.provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response: HttpResponse = super().get(request)
        return response


class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: check the state, let the backend exchange
    the code and find the person, then log them in or explain on the login page why not.

    Written out rather than mozilla's `get`, which goes through `auth.authenticate`: a
    refusal there is a failed password login to django-axes (it would lock the address out)
    and an audit event without the address, and a wrong state is an error page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_configured():
            raise Http404
        states = request.session.get("oidc_states") or {}
        state = request.GET.get("state", "")
        # Each state works once, also when the provider reports an error.
        entry = states.pop(state, None) if state else None
        if entry is not None:
            request.session.modified = True
        if request.GET.get("error"):
            return self._refuse(Refusal.FAILED, detail=request.GET["error"][:100])
        if entry is None or not request.GET.get("code"):
            return self._refuse(Refusal.FAILED, detail="unknown state")
        backend = SingleSignOnBackend()
        try:
            user = backend.authenticate_callback(
                request, nonce=entry["nonce"], code_verifier=entry.get("code_verifier")
            )
        except (
            SuspiciousOperation,
            ProviderUnavailable,
            requests.RequestException,
            jwt.PyJWTError,
            KeyError,
            ValueError,
            OSError,  # Trinvis's own key file (private_key_jwt) gone since the start
        ) as error:
            logger.warning("SSO login failed: %s", error)
            return self._refuse(Refusal.FAILED, detail=type(error).__name__)
        if user is None:
            return self._refuse(
                backend.refusal or Refusal.FAILED, email=backend.claimed_email, detail=""
            )
        self.user = user
        self.id_token = backend.id_token
        user.backend = BACKEND_PATH
        return self.login_success()

    def login_success(self) -> HttpResponse:
        # Always a fresh login (mozilla skips it for the same user): the session key changes
        # and the login is audited, whatever the session held before.
        auth.login(self.request, self.user)
        self.request.session[SSO_SESSION_KEY] = True
        # Only the raw id_token, as the hint of a later logout at the provider (mozilla's
        # OIDC_STORE_ID_TOKEN stays off: it would keep the access token's neighbour too).
        if self.id_token:
            self.request.session[SSO_ID_TOKEN_SESSION_KEY] = self.id_token
        return HttpResponseRedirect(self.success_url)

    def _refuse(self, refusal: Refusal, *, email: str = "", detail: str) -> HttpResponse:
        label = sso_label()
        details = {"via": "sso", "provider": label, "reason": refusal.value}
        if detail:
            details["detail"] = detail
        audit_record(
            action=AuditEvent.Action.LOGIN_FAILED,
            actor_label=email[:254],
            request=self.request,
            details=details,
        )
        messages.error(self.request, _refusal_message(refusal, email=email, label=label))
        return redirect("accounts:login")


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only, CSRF-checked, audited through `user_logged_out`), and
    after a login through the provider also off to the provider's end_session_endpoint
    (OpenID Connect RP-Initiated Logout), which ends the session there and sends the
    browser back to `SingleSignOnLoggedOutView`.

    Without a single sign-on session, an end_session_endpoint, or with
    TRINVIS_OIDC_PROVIDER_LOGOUT off, exactly Django's logout."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Read before the logout flushes the session.
        id_token = ""
        if request.session.get(SSO_SESSION_KEY):
            id_token = str(request.session.get(SSO_ID_TOKEN_SESSION_KEY) or "")
        response: HttpResponse = super().post(request, *args, **kwargs)
        if not (id_token and settings.TRINVIS_OIDC_PROVIDER_LOGOUT and sso_configured()):
            return response
        try:
            provider = sso_provider()
        except ProviderUnavailable:
            # The Trinvis session is over either way; the provider's may outlive it.
            return response
        if not provider.end_session_endpoint:
            return response
        state = secrets.token_urlsafe(32)
        # The session is a fresh, anonymous one now: it only carries the state back.
        request.session[SSO_LOGOUT_STATE_SESSION_KEY] = state
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": request.build_absolute_uri(
                    reverse("accounts:sso_logged_out")
                ),
                "client_id": provider.client_id,
                "state": state,
            }
        )
        separator = "&" if "?" in provider.end_session_endpoint else "?"
        return HttpResponseRedirect(f"{provider.end_session_endpoint}{separator}{query}")


class SingleSignOnLoggedOutView(View):
    """Where the provider sends the browser after its logout (the post_logout_redirect_uri
    registered there): on to the login page, which says so when the state is the one this
    browser was sent off with. GET only; there is nothing to change here."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_configured():
            raise Http404
        expected = request.session.pop(SSO_LOGOUT_STATE_SESSION_KEY, None)
        state = request.GET.get("state", "")
        if expected and secrets.compare_digest(state, expected):
            messages.success(
                request,
                _("You are logged out of Trinvis and of %(provider)s.") % {"provider": sso_label()},
            )
        return redirect("accounts:login")
