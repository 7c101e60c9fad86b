"""The provider as the TRINVIS_OIDC_* settings and its discovery document describe it."""

import logging
import time
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any
from urllib.parse import parse_qsl

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from mozilla_django_oidc.utils import import_from_settings

from trinvis.accounts.oidc.client_auth import PRIVATE_KEY_JWT

logger = logging.getLogger(__name__)

# Set on the session by a login through the identity provider. The two-factor check treats
# such a session as verified: the provider did its own multi-factor authentication.
SSO_SESSION_KEY = "trinvis_sso"
# The raw id_token of that login, kept only as the id_token_hint of the logout at the provider
# (RP-initiated logout); never shown, and gone with the session.
SSO_ID_TOKEN_SESSION_KEY = "trinvis_sso_id_token"  # noqa: S105 (a session key, not a secret)
# Set on the fresh session of a person sent to the provider's logout: the state the provider
# hands back to the post-logout address.
SSO_LOGOUT_STATE_SESSION_KEY = "trinvis_sso_logout_state"
BACKEND_PATH = "trinvis.accounts.oidc.backend.SingleSignOnBackend"
CALLBACK_URL_NAME = "accounts:sso_callback"
DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
DISCOVERY_CACHE_SECONDS = 60 * 60

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or is incomplete."""


class Refusal(Enum):
    """Why a login through the provider did not let the person in (kept in the audit log)."""

    UNKNOWN_PERSON = "unknown_person"
    INACTIVE = "inactive"
    OTHER_IDENTITY = "linked_to_another_identity"
    FAILED = "failed"


@dataclass(frozen=True)
class Provider:
    """The provider as configured, with the endpoints its discovery document filled in."""

    label: str
    client_id: str
    client_secret: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str
    # Empty when the provider offers no RP-initiated logout: logging out then ends only the
    # Trinvis session.
    end_session_endpoint: str
    scopes: str
    sign_algo: str
    # client_secret_post, client_secret_basic or private_key_jwt (client_auth.py).
    token_auth: str
    use_pkce: bool
    auth_params: dict[str, str]
    email_claim: str
    name_claim: str
    create_users: bool
    timeout: int
    # private_key_jwt only: the PEM file of Trinvis's key, its key id at the provider, and
    # the assertion's audience (the token endpoint or the issuer).
    private_key_file: str = ""
    private_key_id: str = ""
    assertion_audience: str = ""

    @property
    def token_auth_basic(self) -> bool:
        return self.token_auth == "client_secret_basic"  # noqa: S105 (a method's name)

    def mozilla_settings(self) -> dict[str, Any]:
        """What mozilla-django-oidc reads through `get_settings`, from this provider."""
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.authorization_endpoint,
            "OIDC_OP_TOKEN_ENDPOINT": self.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": self.userinfo_endpoint or None,
            "OIDC_OP_JWKS_ENDPOINT": self.jwks_endpoint,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": self.sign_algo,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_RP_SCOPES": self.scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": self.use_pkce,
            "OIDC_TOKEN_USE_BASIC_AUTH": self.token_auth_basic,
            "OIDC_AUTH_REQUEST_EXTRA_PARAMS": self.auth_params,
            "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
            "OIDC_TIMEOUT": self.timeout,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
        }


class ProviderSettings:
    """For mozilla-django-oidc's classes: `get_settings` answers from `self.provider`, once a
    request has found it, and from the Django settings otherwise."""

    provider: Provider | None = None

    def get_settings(self, attr: str, *default: Any) -> Any:
        if self.provider is not None:
            values = self.provider.mozilla_settings()
            if attr in values:
                return values[attr]
        return import_from_settings(attr, *default)


def sso_configured() -> bool:
    """Whether single sign-on is on; reads settings only (no network)."""
    return bool(
        settings.TRINVIS_OIDC_CLIENT_ID
        and (
            settings.TRINVIS_OIDC_DISCOVERY_URL
            or (
                settings.TRINVIS_OIDC_AUTHORIZATION_ENDPOINT
                and settings.TRINVIS_OIDC_TOKEN_ENDPOINT
                and settings.TRINVIS_OIDC_JWKS_ENDPOINT
            )
        )
    )


def sso_label() -> str:
    """The provider's name as the login button shows it ("Log in with …")."""
    return settings.TRINVIS_OIDC_LABEL or _("single sign-on")


def _discovery_document(url: str, timeout: int) -> dict[str, Any]:
    if not url.rstrip("/").endswith(DISCOVERY_SUFFIX):
        url = url.rstrip("/") + DISCOVERY_SUFFIX
    cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_CACHE_SECONDS:
        return cached[1]
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OIDC discovery at %s failed: %s", url, error)
        if cached:
            return cached[1]
        raise ProviderUnavailable(url) from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(url)
    _discovered[url] = (time.monotonic(), document)
    return document


def sso_provider() -> Provider:
    """The configured provider; fetches the discovery document when one is configured."""
    document: dict[str, Any] = {}
    if settings.TRINVIS_OIDC_DISCOVERY_URL:
        document = _discovery_document(
            settings.TRINVIS_OIDC_DISCOVERY_URL, settings.TRINVIS_OIDC_TIMEOUT
        )

    def endpoint(setting: str, key: str) -> str:
        return str(getattr(settings, setting) or document.get(key) or "")

    provider = Provider(
        label=sso_label(),
        client_id=settings.TRINVIS_OIDC_CLIENT_ID,
        client_secret=settings.TRINVIS_OIDC_CLIENT_SECRET,
        issuer=endpoint("TRINVIS_OIDC_ISSUER", "issuer"),
        authorization_endpoint=endpoint(
            "TRINVIS_OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint"
        ),
        token_endpoint=endpoint("TRINVIS_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
        userinfo_endpoint=endpoint("TRINVIS_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
        jwks_endpoint=endpoint("TRINVIS_OIDC_JWKS_ENDPOINT", "jwks_uri"),
        end_session_endpoint=endpoint("TRINVIS_OIDC_END_SESSION_ENDPOINT", "end_session_endpoint"),
        scopes=settings.TRINVIS_OIDC_SCOPES,
        sign_algo=settings.TRINVIS_OIDC_SIGN_ALGO,
        token_auth=settings.TRINVIS_OIDC_TOKEN_AUTH,
        use_pkce=settings.TRINVIS_OIDC_USE_PKCE,
        auth_params=dict(parse_qsl(settings.TRINVIS_OIDC_AUTH_PARAMS)),
        email_claim=settings.TRINVIS_OIDC_EMAIL_CLAIM,
        name_claim=settings.TRINVIS_OIDC_NAME_CLAIM,
        create_users=settings.TRINVIS_OIDC_CREATE_USERS,
        timeout=settings.TRINVIS_OIDC_TIMEOUT,
        private_key_file=settings.TRINVIS_OIDC_PRIVATE_KEY_FILE,
        private_key_id=settings.TRINVIS_OIDC_PRIVATE_KEY_ID,
    )
    if not (provider.authorization_endpoint and provider.token_endpoint and provider.jwks_endpoint):
        raise ProviderUnavailable("the provider names no authorization, token or JWKS endpoint")
    audience = (
        provider.issuer
        if settings.TRINVIS_OIDC_ASSERTION_AUDIENCE == "issuer"
        else provider.token_endpoint
    )
    if provider.token_auth == PRIVATE_KEY_JWT and not audience:
        raise ProviderUnavailable("the assertion's audience, the issuer, is not known")
    return replace(provider, assertion_audience=audience)
