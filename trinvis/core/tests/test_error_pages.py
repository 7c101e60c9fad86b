"""The error pages: a database that does not answer is "back in a moment" (503), anything
else is the 500 page; both in the visitor's language and without a trace of the error."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.utils import translation

from config import urls
from trinvis.core.views import RETRY_AFTER_SECONDS, server_error


def _handled(error: Exception, language: str) -> tuple[int, dict[str, str], str]:
    """What the 500 handler answers while `error` is being handled, as Django calls it."""
    request = RequestFactory().get("/")
    with translation.override(language):
        try:
            raise error
        except Exception:
            response = server_error(request)
    return response.status_code, dict(response.headers), response.content.decode()


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection"), InterfaceError("connection closed")],
)
def test_a_database_that_does_not_answer_gives_503_with_retry_after(error: Exception) -> None:
    status, headers, body = _handled(error, "da")
    assert status == 503
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Trinvis er tilbage om et øjeblik" in body
    assert 'lang="da"' in body
    assert "server closed" not in body and "connection closed" not in body


def test_any_other_error_gives_the_500_page() -> None:
    status, headers, body = _handled(ValueError("a bug"), "nb")
    assert status == 500
    assert "Retry-After" not in headers
    assert "Noe gikk galt" in body
    assert "a bug" not in body


def test_the_handler_is_the_projects() -> None:
    assert urls.handler500 == "trinvis.core.views.server_error"
