"""Single sign-on with private_key_jwt (as ID-porten offers and the NemLog-in brokers ask
for): Trinvis proves itself at the token endpoint with an assertion signed by its own key,
never a secret; the provider stub checks it with the registered public key, over loopback."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from trinvis.accounts.tests.oidc_stub import CLIENT_ID, JWT_BEARER, OIDCStub, signing_key
from trinvis.accounts.tests.sso_helpers import page_message, sso_log_in
from trinvis.core.models import AuditEvent

KEY_ID = "trinvis-2026"


def _write_pem(key: Any, path: Path) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


@pytest.fixture
def rsa_key() -> Any:
    return signing_key("trinvis client")


@pytest.fixture
def keyed(stub: OIDCStub, settings: Any, rsa_key: Any, tmp_path: Path) -> OIDCStub:
    """Trinvis configured for private_key_jwt with an RSA key, and its public half registered
    at the provider; the secret is empty."""
    settings.TRINVIS_OIDC_TOKEN_AUTH = "private_key_jwt"
    settings.TRINVIS_OIDC_CLIENT_SECRET = ""
    settings.TRINVIS_OIDC_PRIVATE_KEY_FILE = str(_write_pem(rsa_key, tmp_path / "sso.pem"))
    settings.TRINVIS_OIDC_PRIVATE_KEY_ID = KEY_ID
    stub.client_key = rsa_key.public_key()
    return stub


def test_login_proves_the_client_with_a_signed_assertion_and_no_secret(world, browser, keyed):
    keyed.person = {"sub": "idp-alice", "email": "alice@example.org"}

    response = sso_log_in(browser, keyed)

    assert response["Location"] == reverse("core:home")
    assert browser.session["_auth_user_id"] == str(world.alice.pk)
    (form,) = keyed.token_forms
    assert "client_secret" not in form
    assert form["client_assertion_type"] == JWT_BEARER
    assert jwt.get_unverified_header(form["client_assertion"])["kid"] == KEY_ID
    claims = jwt.decode(
        form["client_assertion"],
        keyed.client_key,
        algorithms=["RS256"],
        audience=f"{keyed.base_url}/token",
    )
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    assert 0 < claims["exp"] - claims["iat"] <= 60


def test_each_login_signs_a_new_assertion(world, browser, keyed, client):
    sso_log_in(browser, keyed)
    sso_log_in(client, keyed)
    first, second = (form["client_assertion"] for form in keyed.token_forms)
    assert first != second
    assert (
        jwt.decode(first, options={"verify_signature": False})["jti"]
        != jwt.decode(second, options={"verify_signature": False})["jti"]
    )


def test_an_elliptic_curve_key_signs_es256(world, browser, keyed, settings, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    settings.TRINVIS_OIDC_PRIVATE_KEY_FILE = str(_write_pem(key, tmp_path / "ec.pem"))
    keyed.client_key = key.public_key()

    response = sso_log_in(browser, keyed)

    assert response["Location"] == reverse("core:home")
    assert jwt.get_unverified_header(keyed.token_forms[0]["client_assertion"])["alg"] == "ES256"


def test_the_issuer_can_be_the_audience(world, browser, keyed, settings):
    """ID-porten wants its issuer identifier as the audience, not the token endpoint."""
    keyed.assertion_audience = keyed.issuer
    refused = sso_log_in(browser, keyed)
    assert "did not succeed" in page_message(browser, refused)

    settings.TRINVIS_OIDC_ASSERTION_AUDIENCE = "issuer"
    assert sso_log_in(browser, keyed)["Location"] == reverse("core:home")


def test_a_key_the_provider_does_not_know_is_refused(world, browser, keyed, tmp_path, settings):
    other = signing_key("someone else")
    settings.TRINVIS_OIDC_PRIVATE_KEY_FILE = str(_write_pem(other, tmp_path / "other.pem"))

    response = sso_log_in(browser, keyed)

    assert "did not succeed" in page_message(browser, response)
    assert "_auth_user_id" not in browser.session
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).latest("pk")
    assert failed.details["reason"] == "failed"


def test_a_key_file_gone_since_the_start_is_a_failed_login_not_an_error(
    world, browser, keyed, settings, tmp_path
):
    settings.TRINVIS_OIDC_PRIVATE_KEY_FILE = str(tmp_path / "gone.pem")
    response = sso_log_in(browser, keyed)
    assert "did not succeed" in page_message(browser, response)


def test_the_command_prints_the_public_key_to_register(keyed, rsa_key):
    out = StringIO()
    call_command("sso_public_key", stdout=out)
    jwk = json.loads(out.getvalue())
    assert (jwk["kid"], jwk["alg"], jwk["use"], jwk["kty"]) == (KEY_ID, "RS256", "sig", "RSA")
    assert "d" not in jwk  # the public half only
    public = jwt.PyJWK(jwk).key
    assert public.public_numbers() == rsa_key.public_key().public_numbers()


def test_settings_refuse_private_key_jwt_without_a_key_file(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TRINVIS_OIDC_CLIENT_ID": CLIENT_ID,
        "TRINVIS_OIDC_DISCOVERY_URL": "https://idp.example.org",
        "TRINVIS_OIDC_TOKEN_AUTH": "private_key_jwt",
        "TRINVIS_OIDC_PRIVATE_KEY_FILE": str(tmp_path / "missing.pem"),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TRINVIS_OIDC_PRIVATE_KEY_FILE must name the PEM file" in result.stderr
