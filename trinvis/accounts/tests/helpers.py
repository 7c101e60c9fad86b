"""Helpers for tests that log in through the real login page and follow links in e-mails."""

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from trinvis.accounts.models import User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

# The personas' password, as set by the root conftest.py.
PASSWORD = "correct-horse-battery-staple"


def make_person(email: str, full_name: str = "Test Person", **extra: object) -> User:
    """A person with the personas' password who reads Trinvis in English, as the personas do."""
    extra.setdefault("language", "en")
    return User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **extra)


def log_in(
    client: Client, email: str, password: str = PASSWORD, *, ip: str = "10.0.0.1"
) -> "TestResponse":
    """Submit the login form as a browser would, from the given address."""
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def link_path_in_last_mail(base_url: str = "http://testserver") -> str:
    """The path of the link in the last e-mail sent, as a test client can follow it."""
    body = str(mail.outbox[-1].body)
    match = re.search(re.escape(base_url) + r"(/\S+)", body)
    assert match, body
    return match.group(1)


def choose_password(client: Client, link_path: str, password: str) -> "TestResponse":
    """Open a one-time link from an e-mail and submit the form to set a new password."""
    landing = client.get(link_path)
    assert landing.status_code == 302, "a valid link redirects to the set-password form"
    return client.post(landing["Location"], {"new_password1": password, "new_password2": password})


def assert_redirects_to_login(response: HttpResponse, path: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(path)}"
