"""The access matrix: every URL of the project, as every persona, gets the answer in the table.

The table lives in `tests/urls_table.py`. A URL pattern that is not in it fails
`test_every_project_url_is_in_the_table`, so a new view cannot ship without someone deciding
who may see it.
"""

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns
from conftest import World
from tests.urls_table import (
    PERSONAS,
    URLS,
    Answer,
    Case,
    all_cases,
    project_url_patterns,
)

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
STATUS_ANSWERS = {
    200: Answer.OK,
    401: Answer.UNAUTHORIZED,
    403: Answer.FORBIDDEN,
    404: Answer.NOT_FOUND,
    405: Answer.NOT_ALLOWED,
    422: Answer.UNPROCESSABLE,
}


def answer_of(response: HttpResponseBase) -> Answer | str:
    if response.status_code in REDIRECT_STATUSES:
        target = urlsplit(response["Location"])
        if target.path == resolve_url(settings.LOGIN_URL) and "next" in parse_qs(target.query):
            return Answer.LOGIN
        return Answer.REDIRECT
    return STATUS_ANSWERS.get(response.status_code, f"unexpected status {response.status_code}")


def client_as(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _matrix() -> list[Any]:
    params = []
    for name, _route, case in all_cases():
        for method, answers in (("GET", case.get), (case.write_method, case.post)):
            if answers is None:
                continue
            for persona in PERSONAS:
                params.append(
                    pytest.param(
                        name,
                        case,
                        method,
                        persona,
                        id=f"{name}[{case.label}]-{method}-{persona}",
                    )
                )
    return params


@pytest.mark.parametrize(("name", "case", "method", "persona"), _matrix())
def test_persona_gets_the_answer_in_the_table(
    world: World, name: str, case: Case, method: str, persona: str
) -> None:
    url = reverse(name, kwargs=case.kwargs(world))
    client = client_as(world, persona)
    if method == "GET":
        response = client.get(url)
        expected = case.get[persona]
    else:
        assert case.post is not None
        if method == "POST":
            response = client.post(url, case.post_data)
        else:
            body = json.dumps(case.post_data)
            response = client.generic(method, url, body, content_type="application/json")
        expected = case.post[persona]
    got = answer_of(response)
    detail = f" → {response['Location']}" if response.status_code in REDIRECT_STATUSES else ""
    assert got == expected, (
        f"{method} {url} ({name}, {case.label}) as {persona}: expected {expected.value}, "
        f"got {got if isinstance(got, str) else got.value} "
        f"(status {response.status_code}{detail})"
    )


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
