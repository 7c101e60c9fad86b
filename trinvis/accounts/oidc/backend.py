"""From the provider's answer in the callback to a Trinvis user, or the reason for refusing."""

import logging
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from trinvis.accounts.models import SingleSignOnIdentity, User
from trinvis.accounts.oidc.client_auth import ASSERTION_TYPE, PRIVATE_KEY_JWT, client_assertion
from trinvis.accounts.oidc.provider import Provider, ProviderSettings, Refusal, sso_provider
from trinvis.accounts.oidc.services import sso_identity_link, sso_user_create

logger = logging.getLogger(__name__)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


class SingleSignOnBackend(ProviderSettings, OIDCAuthenticationBackend):
    """Turns the provider's answer in the callback into a Trinvis user, or a `refusal`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for each permission check: no settings lookup and no
        # network here (mozilla's __init__ reads every OIDC setting).
        self.UserModel = User
        self.provider: Provider | None = None
        self.refusal: Refusal | None = None
        self.claimed_email = ""
        # The raw id_token of a successful login, for the logout at the provider.
        self.id_token = ""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        # Never through django.contrib.auth.authenticate (a password form with ?code= in its
        # address must not start a code exchange): only the callback view logs in by SSO.
        return None

    def authenticate_callback(
        self, request: HttpRequest, *, nonce: str, code_verifier: str | None
    ) -> User | None:
        """Exchange the code for tokens, check them, and find the person (or set `refusal`)."""
        self.provider = sso_provider()
        self.OIDC_OP_TOKEN_ENDPOINT = self.provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.provider.userinfo_endpoint or None
        self.OIDC_OP_JWKS_ENDPOINT = self.provider.jwks_endpoint
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        self.OIDC_RP_CLIENT_SECRET = self.provider.client_secret
        self.OIDC_RP_SIGN_ALGO = self.provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        user: User | None = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        return user

    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        # With private_key_jwt, a signed assertion proves the client instead of the secret.
        assert self.provider is not None
        if self.provider.token_auth == PRIVATE_KEY_JWT:
            payload = {name: value for name, value in payload.items() if name != "client_secret"}
            payload["client_assertion_type"] = ASSERTION_TYPE
            payload["client_assertion"] = client_assertion(
                client_id=self.provider.client_id,
                audience=self.provider.assertion_audience,
                key_path=self.provider.private_key_file,
                key_id=self.provider.private_key_id,
            )
        token: dict[str, Any] = super().get_token(payload)
        return token

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        # mozilla-django-oidc checks the signature, the expiry and the nonce; the audience
        # and the issuer are checked here, so a token issued to another client is refused.
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        assert self.provider is not None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.provider.client_id not in audiences:
            raise SuspiciousOperation("The id_token is for another client.")
        if self.provider.issuer and payload.get("iss") != self.provider.issuer:
            raise SuspiciousOperation("The id_token comes from another issuer.")
        if "exp" not in payload:
            raise SuspiciousOperation("The id_token has no expiry.")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo answer is about someone else.")
            claims.update(userinfo)
        return claims

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        assert self.provider is not None
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = str(claims.get("sub") or "")
        if not subject:
            raise SuspiciousOperation("The id_token names no subject.")
        issuer = self.provider.issuer or str(payload.get("iss") or "")
        self.claimed_email = str(claims.get(self.provider.email_claim) or "").strip().lower()

        identity = (
            SingleSignOnIdentity.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        # An address the provider says it has not verified proves nothing about the person.
        email_trusted = bool(self.claimed_email) and _truthy(claims.get("email_verified", True))
        user = identity.user if identity else None
        if user is None and email_trusted:
            matches = list(User.objects.filter(email__iexact=self.claimed_email)[:2])
            user = matches[0] if len(matches) == 1 else None
            if not matches and self.provider.create_users:
                user = self._create(claims)
        if user is None:
            self.refusal = Refusal.UNKNOWN_PERSON
            return None
        if not user.is_active:
            self.refusal = Refusal.INACTIVE
            return None
        if identity is None:
            try:
                sso_identity_link(user=user, issuer=issuer, subject=subject)
            except (IntegrityError, ValidationError) as error:
                # The account is linked to another person at this provider: someone else now
                # has the address. An administrator removes the old link if that is right.
                logger.warning("SSO link of %s refused: %s", user.pk, error)
                self.refusal = Refusal.OTHER_IDENTITY
                return None
        user.login_audit_details = {  # type: ignore[attr-defined]
            "via": "sso",
            "provider": self.provider.label,
        }
        self.id_token = id_token
        return user

    def _create(self, claims: dict[str, Any]) -> User | None:
        assert self.provider is not None
        try:
            return sso_user_create(
                email=self.claimed_email,
                full_name=str(claims.get(self.provider.name_claim) or "")[:200],
            )
        except (IntegrityError, ValidationError) as error:
            logger.warning("SSO account for %s not made: %s", self.claimed_email, error)
            return None

    def get_user(self, user_id: Any) -> User | None:
        # ModelBackend's: an account closed since the login ends the session.
        user: User | None = ModelBackend.get_user(self, user_id)
        return user

    # Permissions are ModelBackend's business; answering here too would only repeat it.
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
