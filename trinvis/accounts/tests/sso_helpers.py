"""Logging in through the provider stub (oidc_stub.py) with Django's test client, for the
single sign-on tests."""

from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from django.test import Client
from django.urls import reverse

from trinvis.accounts.tests.oidc_stub import OIDCStub

LOGIN_URL = reverse("accounts:login")
START_URL = reverse("accounts:sso_start")
CALLBACK_URL = reverse("accounts:sso_callback")


def to_provider(browser: Client, stub: OIDCStub, *, next_url: str = "") -> str:
    """Start single sign-on and follow the redirect to the provider, which redirects back:
    the address the browser is sent back to."""
    start = browser.get(START_URL + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert start.status_code == 302
    assert start["Location"].startswith(f"{stub.base_url}/authorize?")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    location = urlsplit(back.headers["Location"])
    assert location.netloc == "testserver"
    assert location.path == CALLBACK_URL
    return f"{location.path}?{location.query}"


def sso_log_in(browser: Client, stub: OIDCStub, *, next_url: str = "") -> Any:
    return browser.get(to_provider(browser, stub, next_url=next_url))


def page_message(browser: Client, response: Any) -> str:
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    return browser.get(LOGIN_URL).content.decode()
