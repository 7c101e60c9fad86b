"""Fixtures for the app tests under trinvis/ (the personas live in the root conftest.py)."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    # Messages raised by services are asserted in English; without this they would follow
    # LANGUAGE_CODE (da) and change whenever the Danish catalogue does. Requests still pick
    # their own language through the middleware.
    with translation.override("en"):
        yield
