"""Every page carries the Content-Security-Policy and the other security headers."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.accounts.models import User


def csp_directives(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


@pytest.mark.parametrize("logged_in", [False, True], ids=["login page", "home page"])
def test_page_has_content_security_policy_and_security_headers(
    world: World, client_of: Callable[[User], Client], logged_in: bool
) -> None:
    client = client_of(world.alice) if logged_in else Client()
    response = client.get(reverse("core:home" if logged_in else "accounts:login"))
    assert response.status_code == 200

    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == {"'self'"}
    # No inline or eval'd script or style: the layout ships everything as static files.
    assert csp["script-src"] == {"'self'"}
    assert csp["style-src"] == {"'self'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["base-uri"] == {"'self'"}
    assert csp["form-action"] == {"'self'"}

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
