"""Which language a page is shown in: the person's saved choice, else the browser's."""

import pytest
from django.urls import reverse

LOGIN_URL = reverse("accounts:login")


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("da", "da"), ("nb", "nb"), ("nb-NO,nb;q=0.9,en;q=0.5", "nb"), ("en-GB,en;q=0.8", "en")],
)
def test_anonymous_visitor_gets_the_browsers_language(db, client, accept_language, expected):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE=accept_language)

    assert expected == response.wsgi_request.LANGUAGE_CODE
    assert f'<html lang="{expected}"' in response.content.decode()


def test_unsupported_browser_language_falls_back_to_danish(db, client):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="sv")

    assert response.wsgi_request.LANGUAGE_CODE == "da"


def test_logged_in_persons_saved_language_wins_over_the_browser(world, client_of):
    world.bob.language = "nb"
    world.bob.save()

    response = client_of(world.bob).get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="da")

    assert response.wsgi_request.LANGUAGE_CODE == "nb"
    assert '<html lang="nb"' in response.content.decode()


def test_logged_in_persons_saved_language_wins_over_the_cookie(world, client_of):
    browser = client_of(world.alice)
    browser.cookies["django_language"] = "da"

    response = browser.get(reverse("core:home"))

    assert response.wsgi_request.LANGUAGE_CODE == "en"
