"""Fixtures of the single sign-on tests (test_oidc*.py)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from trinvis.accounts.tests.oidc_stub import OIDCStub, configured_stub


@pytest.fixture
def stub(settings: Any) -> Iterator[OIDCStub]:
    """The provider running, and Trinvis configured for it through its discovery document."""
    with configured_stub(settings) as provider:
        yield provider


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")
