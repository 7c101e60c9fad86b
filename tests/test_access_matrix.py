"""The access matrix: every URL of the project, as every persona, gets the answer in the table.

The table lives in `tests/urls_table.py`. A URL pattern that is not in it fails
`test_every_project_url_is_in_the_table`, so a new view cannot ship without someone deciding
who may see it.

One test per case of the table. The `world` and the personas' sessions are built once per
test process (`matrix_world`, in a transaction rolled back after the module, as Django's
`TestCase.setUpTestData` does); each test builds its case's objects on a copy of the world
and asks as every persona with every method the case lists. Each request runs in a savepoint
that is rolled back and with only that persona's session cookie, so what one request writes
(a deleted object, a logged-out session) is gone before the next one. All wrong answers of a
case are reported together.
"""

import copy
import json
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns
from conftest import FAST_PASSWORD_HASHERS, World, build_world
from tests.urls_table import (
    PERSONAS,
    URLS,
    Answer,
    Case,
    all_cases,
    project_url_patterns,
)
from trinvis.accounts.tests.factories_two_factor import session_verify

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
STATUS_ANSWERS = {
    200: Answer.OK,
    401: Answer.UNAUTHORIZED,
    403: Answer.FORBIDDEN,
    404: Answer.NOT_FOUND,
    405: Answer.NOT_ALLOWED,
    422: Answer.UNPROCESSABLE,
}

# Session keys by persona; anonymous has none.
Sessions = dict[str, str]


def answer_of(response: HttpResponseBase) -> Answer | str:
    if response.status_code in REDIRECT_STATUSES:
        target = urlsplit(response["Location"])
        if target.path == resolve_url(settings.LOGIN_URL) and "next" in parse_qs(target.query):
            return Answer.LOGIN
        return Answer.REDIRECT
    return STATUS_ANSWERS.get(response.status_code, f"unexpected status {response.status_code}")


def _rolled_back() -> transaction.Atomic:
    """A savepoint marked like the test's own transaction (as Django's TestCase marks it),
    so a view's `atomic(durable=True)` runs inside it as it does in any other test."""
    savepoint = transaction.atomic()
    vars(savepoint)["_from_testcase"] = True
    return savepoint


@pytest.fixture(scope="module")
def matrix_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[World, Sessions]]:
    """The world and a logged-in session per persona, once per test process. The tests'
    own transactions nest inside this one; it is rolled back when the module is done."""
    with django_db_blocker.unblock():
        outer = _rolled_back()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
                world = build_world()
            sessions: Sessions = {}
            for persona in PERSONAS:
                if persona != "anonymous":
                    client = Client()
                    client.force_login(getattr(world, persona))
                    session_verify(client, getattr(world, persona))  # two-factor login
                    sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world, sessions
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def request_as(
    client: Client, sessions: Sessions, persona: str, method: str, url: str, case: Case
) -> HttpResponseBase:
    """One request as `persona`, with only that persona's session cookie, in a savepoint
    that is rolled back: whatever the request writes (its session too) is gone afterwards."""
    client.cookies = SimpleCookie()
    if persona in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
    with _rolled_back():
        if method == "GET":
            response = client.get(url)
        elif method == "POST":
            response = client.post(url, case.post_data)
        else:
            body = json.dumps(case.post_data)
            response = client.generic(method, url, body, content_type="application/json")
        transaction.set_rollback(True)
    return response


def _methods(case: Case) -> list[tuple[str, dict[str, Answer]]]:
    return [
        (method, dict(answers))
        for method, answers in (("GET", case.get), (case.write_method, case.post))
        if answers is not None
    ]


@pytest.mark.parametrize(
    ("name", "case"),
    [pytest.param(name, case, id=f"{name}[{case.label}]") for name, _route, case in all_cases()],
)
def test_every_persona_gets_the_answer_in_the_table(
    matrix_world: tuple[World, Sessions], db: None, name: str, case: Case
) -> None:
    shared, sessions = matrix_world
    # A copy, so what a case's builder caches on the world's objects stays with the case.
    world = copy.deepcopy(shared)
    url = reverse(name, kwargs=case.kwargs(world))
    client = Client()
    wrong: list[str] = []
    first_error: Exception | None = None
    for method, answers in _methods(case):
        for persona in PERSONAS:
            expected = answers[persona]
            try:
                response = request_as(client, sessions, persona, method, url, case)
            except Exception as error:  # reported with the other answers, traceback below
                first_error = first_error or error
                wrong.append(
                    f"{method} as {persona}: expected {expected.value}, "
                    f"got {type(error).__name__}: {error}"
                )
                continue
            got = answer_of(response)
            if got == expected:
                continue
            detail = (
                f" → {response['Location']}" if response.status_code in REDIRECT_STATUSES else ""
            )
            wrong.append(
                f"{method} as {persona}: expected {expected.value}, "
                f"got {got if isinstance(got, str) else got.value} "
                f"(status {response.status_code}{detail})"
            )
    if wrong:
        message = f"{url} ({name}, {case.label}) answers differently from the table:\n  " + (
            "\n  ".join(wrong)
        )
        raise AssertionError(message) from first_error


def test_a_request_leaves_nothing_behind_for_the_next(
    matrix_world: tuple[World, Sessions], db: None
) -> None:
    """Logging out deletes the session; the rollback brings it back for the next request."""
    _world, sessions = matrix_world
    client = Client()
    logout = request_as(client, sessions, "alice", "POST", reverse("accounts:logout"), Case("", {}))
    assert logout.status_code == 302
    home = request_as(client, sessions, "alice", "GET", reverse("core:home"), Case("", {}))
    assert home.status_code == 200


def urls_missing_from_table() -> list[str]:
    return sorted(f"{name} ({route})" for name, route in project_url_patterns() if name not in URLS)


def test_every_project_url_is_in_the_table() -> None:
    missing = urls_missing_from_table()
    assert not missing, (
        "These URL patterns have no row in tests/urls_table.py. Add one saying what anonymous, "
        "alice, bob, charlie, fiona and admin get:\n  " + "\n  ".join(missing)
    )


def test_table_has_no_rows_for_urls_that_are_gone() -> None:
    names = {name for name, _route in project_url_patterns()}
    stale = sorted(set(URLS) - names)
    assert not stale, f"tests/urls_table.py has rows for URL names that do not exist: {stale}"


def _unlisted_view(request: Any) -> HttpResponse:
    return HttpResponse("no access check")


# A URL configuration with one view too many, to show that the guard above notices it.
urlpatterns = [*project_urlpatterns, path("unlisted/", _unlisted_view, name="unlisted")]


def test_a_new_url_without_a_row_is_reported(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__
    assert urls_missing_from_table() == ["unlisted (unlisted/)"]


def test_every_case_names_all_personas() -> None:
    for name, _route, case in all_cases():
        for answers in (case.get, case.post):
            if answers is not None:
                assert set(answers) == set(PERSONAS), f"{name} [{case.label}]"


# What a non-public URL may answer anonymous: the login page, 401 from the JSON API, or 405
# for a method the URL does not take (said before anything is looked up). Never a 200.
NOT_LOGGED_IN = {Answer.LOGIN, Answer.UNAUTHORIZED, Answer.NOT_ALLOWED}


def test_only_public_urls_answer_anonymous_without_a_login_redirect() -> None:
    for name, route, case in all_cases():
        for answers in (case.get, case.post):
            if answers is None:
                continue
            if route.public:
                assert answers["anonymous"] not in {Answer.LOGIN, Answer.UNAUTHORIZED}, (
                    f"{name} is listed as public"
                )
            else:
                assert answers["anonymous"] in NOT_LOGGED_IN, (
                    f"{name} [{case.label}] is not public, so anonymous must get the login page "
                    "(or 401 from the API), never the page itself"
                )


def test_only_anonymous_is_unauthorized() -> None:
    for name, _route, case in all_cases():
        for answers in (case.get, case.post):
            if answers is None:
                continue
            logged_in = {
                persona: answers[persona] for persona in PERSONAS if persona != "anonymous"
            }
            assert Answer.UNAUTHORIZED not in logged_in.values(), (
                f"{name} [{case.label}]: a logged-in persona never gets 401"
            )


def test_unauthorized_is_401_without_a_redirect() -> None:
    assert answer_of(HttpResponse(status=401)) == Answer.UNAUTHORIZED
    redirect = HttpResponse(status=302)
    redirect["Location"] = "/api/"
    assert answer_of(redirect) == Answer.REDIRECT
