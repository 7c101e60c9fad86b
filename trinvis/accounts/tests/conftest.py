"""Fixtures of the single sign-on tests (test_oidc*.py)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from trinvis.accounts.oidc import provider as oidc
from trinvis.accounts.tests.oidc_stub import OIDCStub, running_stub


@pytest.fixture
def stub(settings: Any) -> Iterator[OIDCStub]:
    """The provider running, and Trinvis configured for it through its discovery document."""
    with running_stub() as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        yield provider
    oidc._discovered.clear()


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")
