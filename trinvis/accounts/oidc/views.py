"""The start of single sign-on (off to the provider) and the callback (back from it)."""

import logging
from typing import Any

import jwt
import requests
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from trinvis.accounts.oidc.backend import SingleSignOnBackend
from trinvis.accounts.oidc.provider import (
    BACKEND_PATH,
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
        ) as error:
            logger.warning("SSO login failed: %s", error)
            return self._refuse(Refusal.FAILED, detail=type(error).__name__)
        if user is None:
            return self._refuse(
                backend.refusal or Refusal.FAILED, email=backend.claimed_email, detail=""
            )
        self.user = user
        user.backend = BACKEND_PATH
        return self.login_success()

    def login_success(self) -> HttpResponse:
        # Always a fresh login (mozilla skips it for the same user): the session key changes
        # and the login is audited, whatever the session held before.
        auth.login(self.request, self.user)
        self.request.session[SSO_SESSION_KEY] = True
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
