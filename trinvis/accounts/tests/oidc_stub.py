"""A small OpenID Connect provider on 127.0.0.1 for tests: discovery, authorize, token,
userinfo, JWKS and end_session (RP-initiated logout), over real HTTP in a thread, signing
id_tokens with RS256.

It logs in whoever `person` says without asking (a provider whose user is already logged
in does the same), checks what a real provider checks (the client's secret, or with
`client_key` registered its signed assertion (private_key_jwt: signature, issuer, subject,
audience, expiry, and each assertion once); the redirect address, one-time codes, the PKCE
verifier; at logout the id_token_hint, the client and the registered post-logout address)
and can misbehave on request: a wrong nonce, a signature by another key, a token for
another client.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from trinvis.accounts.oidc import provider as oidc

CLIENT_ID = "trinvis-test-client"
CLIENT_SECRET = "stub-client-secret"
KEY_ID = "stub-key-1"
# The post-logout address registered for Trinvis at the stub (the Django test client's host).
POST_LOGOUT_REDIRECT_URI = "http://testserver/accounts/sso/logged-out/"
# RFC 7523's name for a client assertion that is a JWT (written out here, not imported from
# the code under test).
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@cache
def signing_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name and test process (making one takes a noticeable moment)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class OIDCStub:
    """The provider's state; `person` holds the claims of whoever logs in next."""

    person: dict[str, Any] = field(
        default_factory=lambda: {"sub": "alice-at-idp", "email": "alice@example.org"}
    )
    tamper_nonce: bool = False
    sign_with_other_key: bool = False
    audience: str = CLIENT_ID
    # Which of the person's claims the id_token carries (None: all; userinfo has them all).
    id_token_claims: tuple[str, ...] | None = None
    base_url: str = ""
    # Whether discovery names an end_session_endpoint (RP-initiated logout).
    offers_logout: bool = True
    post_logout_redirect_uri: str = POST_LOGOUT_REDIRECT_URI
    # Every id_token issued, and the query of every logout request answered with a redirect.
    issued_id_tokens: list[str] = field(default_factory=list)
    logouts: list[dict[str, str]] = field(default_factory=list)
    # Every request the provider answered, as "METHOD /path", and every token request's form.
    seen: list[str] = field(default_factory=list)
    token_forms: list[dict[str, str]] = field(default_factory=list)
    # private_key_jwt: the public key registered for Trinvis (None: only the secret works)
    # and the audience its assertions must name ("": the token endpoint).
    client_key: Any = None
    assertion_audience: str = ""
    _assertion_ids: set[str] = field(default_factory=set)
    _codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    _access_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def issuer(self) -> str:
        return self.base_url

    def settings(self) -> dict[str, Any]:
        """The TRINVIS_OIDC_* settings of a Trinvis that uses this provider by discovery."""
        return {
            "TRINVIS_OIDC_CLIENT_ID": CLIENT_ID,
            "TRINVIS_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "TRINVIS_OIDC_DISCOVERY_URL": self.base_url,
            "TRINVIS_OIDC_LABEL": "Test IdP",
            "TRINVIS_OIDC_TIMEOUT": 5,
        }

    def discovery(self) -> dict[str, Any]:
        logout = {"end_session_endpoint": f"{self.base_url}/logout"} if self.offers_logout else {}
        return {
            **logout,
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_post",
                "client_secret_basic",
                "private_key_jwt",
            ],
        }

    def jwks(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(signing_key("provider").public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {}, {"error": "invalid_request"}
        if "openid" not in query.get("scope", "").split():
            return 400, {}, {"error": "invalid_scope"}
        code = secrets.token_urlsafe(16)
        with self._lock:
            self._codes[code] = {
                "redirect_uri": query["redirect_uri"],
                "nonce": query.get("nonce"),
                "challenge": query.get("code_challenge"),
                "person": dict(self.person),
            }
        back = urlencode({"code": code, "state": query.get("state", "")})
        return 302, {"Location": f"{query['redirect_uri']}?{back}"}, {}

    def _client_authenticated(self, form: dict[str, str], authorization: str) -> bool:
        if "client_assertion" in form or "client_assertion_type" in form:
            return self._assertion_valid(form, authorization)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        return client_id == CLIENT_ID and secret == CLIENT_SECRET

    def _assertion_valid(self, form: dict[str, str], authorization: str) -> bool:
        """One way of authenticating at a time, a key registered, and an assertion signed
        with it about this client, for this provider, in date, and never seen before."""
        if self.client_key is None or form.get("client_assertion_type") != JWT_BEARER:
            return False
        if "client_secret" in form or authorization:
            return False
        try:
            claims = jwt.decode(
                form.get("client_assertion", ""),
                self.client_key,
                algorithms=["RS256", "ES256"],
                audience=self.assertion_audience or f"{self.base_url}/token",
                issuer=CLIENT_ID,
                options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]},
            )
        except jwt.PyJWTError:
            return False
        if claims["sub"] != CLIENT_ID or form.get("client_id", CLIENT_ID) != CLIENT_ID:
            return False
        with self._lock:
            if claims["jti"] in self._assertion_ids:
                return False
            self._assertion_ids.add(claims["jti"])
        return True

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_forms.append(dict(form))
        if not self._client_authenticated(form, authorization):
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        if grant["challenge"] is not None:
            verifier = form.get("code_verifier", "")
            if _b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        person = grant["person"]
        now = int(time.time())
        carried = self.id_token_claims or tuple(person)
        claims = {
            **{name: value for name, value in person.items() if name in carried},
            "iss": self.issuer,
            "sub": person["sub"],
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": "not-the-nonce" if self.tamper_nonce else grant["nonce"],
        }
        key = signing_key("impostor" if self.sign_with_other_key else "provider")
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(16)
        with self._lock:
            self._access_tokens[access_token] = person
            self.issued_id_tokens.append(id_token)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def end_session(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
        """Ends the person's session here (there is none to end) and sends the browser back
        to the registered post-logout address with the state, as ID-porten does."""
        if not self.offers_logout:
            return 404, {}, {"error": "not_found"}
        if query.get("client_id", CLIENT_ID) != CLIENT_ID:
            return 400, {}, {"error": "invalid_client"}
        with self._lock:
            known = query.get("id_token_hint") in self.issued_id_tokens
        if not known:
            return 400, {}, {"error": "invalid_request", "error_description": "id_token_hint"}
        if query.get("post_logout_redirect_uri") != self.post_logout_redirect_uri:
            return 400, {}, {"error": "invalid_request", "error_description": "redirect"}
        self.logouts.append(dict(query))
        back = urlencode({"state": query["state"]}) if query.get("state") else ""
        location = self.post_logout_redirect_uri + (f"?{back}" if back else "")
        return 302, {"Location": location}, {}

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            person = self._access_tokens.get(authorization.removeprefix("Bearer "))
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, person


def _handler(stub: OIDCStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            stub.seen.append(f"GET {url.path}")
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._answer(200, stub.discovery(), {})
            elif url.path == "/jwks":
                self._answer(200, stub.jwks(), {})
            elif url.path == "/authorize":
                status, headers, body = stub.authorize(query)
                self._answer(status, body, headers)
            elif url.path == "/logout":
                status, headers, body = stub.end_session(query)
                self._answer(status, body, headers)
            elif url.path == "/userinfo":
                status, body = stub.userinfo(self.headers.get("Authorization", ""))
                self._answer(status, body, {})
            else:
                self._answer(404, {"error": "not_found"}, {})

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            stub.seen.append(f"POST {url.path}")
            length = int(self.headers.get("Content-Length") or 0)
            form = {
                key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()
            }
            if url.path == "/token":
                status, body = stub.token(form, self.headers.get("Authorization", ""))
                self._answer(status, body, {"Cache-Control": "no-store"})
            else:
                self._answer(404, {"error": "not_found"}, {})

    return Handler


@contextmanager
def running_stub() -> Iterator[OIDCStub]:
    """The provider listening on a free port of 127.0.0.1 until the block ends."""
    stub = OIDCStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def configured_stub(settings: Any) -> Iterator[OIDCStub]:
    """The provider running, and Trinvis (pytest-django's `settings`) configured for it
    through its discovery document, which is forgotten afterwards."""
    with running_stub() as stub:
        for name, value in stub.settings().items():
            setattr(settings, name, value)
        yield stub
    oidc._discovered.clear()
