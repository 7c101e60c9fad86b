"""The language switch in the page header."""

from django.conf import settings
from django.urls import reverse

from trinvis.accounts.models import User

URL = reverse("accounts:set_language")


def test_logged_in_persons_choice_is_saved_on_them_and_in_a_cookie(world, client_of):
    response = client_of(world.alice).post(URL, {"language": "nb", "next": "/organisations/"})

    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert User.objects.get(pk=world.alice.pk).language == "nb"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "nb"
    assert cookie["httponly"]


def test_next_page_is_shown_in_the_chosen_language(world, client_of):
    browser = client_of(world.alice)

    response = browser.post(URL, {"language": "da", "next": "/"}, follow=True)

    assert response.wsgi_request.LANGUAGE_CODE == "da"
    assert '<html lang="da"' in response.content.decode()


def test_anonymous_visitors_choice_is_kept_in_a_cookie(db, client):
    response = client.post(URL, {"language": "en", "next": reverse("accounts:login")})

    assert response["Location"] == reverse("accounts:login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="da")
    assert page.wsgi_request.LANGUAGE_CODE == "en"


def test_next_address_on_another_site_is_ignored(world, client_of):
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client_of(world.alice).post(URL, {"language": "nb", "next": unsafe})

        assert response["Location"] == reverse("core:home"), unsafe


def test_unknown_language_changes_nothing(world, client_of):
    response = client_of(world.alice).post(URL, {"language": "sv", "next": "/organisations/"})

    assert response["Location"] == "/organisations/"
    assert User.objects.get(pk=world.alice.pk).language == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_switch_accepts_only_post(world, client_of):
    response = client_of(world.alice).get(URL, {"language": "nb"})

    assert response.status_code == 405
    assert User.objects.get(pk=world.alice.pk).language == "en"
