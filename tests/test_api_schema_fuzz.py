"""Schemathesis against the JSON API's own OpenAPI schema (config/api.py): every operation,
with generated valid and invalid input, as alice (a leader with write rights in municipality
A) and as anonymous. No answer is a server error, and every answer is one the schema
documents, with a body that fits it.

The schema comes from the API object and the requests go to Django's WSGI application in
this process: no network, the test database. Path ids are half the time those of real
objects (built with the access matrix's own factories, tests/urls_table_api.py), so the
operations are exercised on data and not only answer 404.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from conftest import World
from tests.urls_table import URLS
from trinvis.accounts.models import User

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]  # type: ignore[union-attr]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# A CSRF secret in the cookie and the same in the header: Django accepts the unmasked form.
CSRF = "a" * 32
# The keyword arguments of Case.call that log a user in: headers and cookies.
Login = dict[str, dict[str, str]]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, kept on the test's connection: like the test client, it
    must not close the database connection (and so the test's transaction) per request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real_ids(world: World) -> dict[str, dict[str, Any]]:
    """Per operation path, the path values of a real object from the access matrix's rows."""
    found: dict[str, dict[str, Any]] = {}
    for operation in OPERATIONS:
        names = [p.name for p in operation.path_parameters]
        if not names:
            continue
        probe = operation.path
        for name in names:
            probe = probe.replace("{" + name + "}", "1")
        route = URLS.get(f"api:{resolve(probe).url_name}")
        if route is not None:
            found[operation.path] = route.cases[0].kwargs(world)
    return found


def _login(user: User | None) -> Login:
    """The session cookie of a logged-in user, with a CSRF cookie and header for writes."""
    if user is None:
        return {"headers": {}, "cookies": {}}
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    return {"headers": {"X-CSRFToken": CSRF}, "cookies": {"sessionid": session, "csrftoken": CSRF}}


def _fuzz(
    app: WSGIHandler, login: dict[str, dict[str, str]], real: dict[str, dict[str, Any]]
) -> None:
    for operation in OPERATIONS:
        strategies = [operation.as_strategy(mode) for mode in GenerationMode]
        if operation.path in real:
            strategies.append(operation.as_strategy(path_parameters=real[operation.path]))
        check = _check_operation(app, login, st.one_of(strategies))
        check()


def _check_operation(
    app: WSGIHandler, login: Login, cases: st.SearchStrategy[Any]
) -> Callable[[], None]:
    @EXAMPLES
    @given(case=cases)
    def check(case: Any) -> None:
        response = case.call(app=app, **login)
        case.validate_response(response, checks=CHECKS)

    return check


@pytest.mark.django_db
def test_every_operation_answers_as_documented_for_a_leader(world: World, wsgi_app: Any) -> None:
    _fuzz(wsgi_app, _login(world.alice), _real_ids(world))


@pytest.mark.django_db
def test_every_operation_answers_as_documented_for_anonymous(world: World, wsgi_app: Any) -> None:
    _fuzz(wsgi_app, _login(None), _real_ids(world))
