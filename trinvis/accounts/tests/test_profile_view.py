"""The profile page: a person's own name and language."""

from django.conf import settings
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import assert_redirects_to_login

URL = reverse("accounts:profile")


def test_anonymous_visitor_is_sent_to_login(client):
    assert_redirects_to_login(client.get(URL), URL)


def test_person_changes_name_and_language(world, client_of):
    response = client_of(world.bob).post(URL, {"full_name": "Bob B. Employee", "language": "nb"})

    saved = User.objects.get(pk=world.bob.pk)
    assert response.status_code == 302
    assert (saved.full_name, saved.language) == ("Bob B. Employee", "nb")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"


def test_empty_language_means_follow_the_browser(world, client_of):
    browser = client_of(world.bob)
    browser.post(URL, {"full_name": "Bob Employee", "language": ""})

    response = browser.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="nb")

    assert User.objects.get(pk=world.bob.pk).language == ""
    assert response.wsgi_request.LANGUAGE_CODE == "nb"


def test_name_is_required(world, client_of):
    response = client_of(world.bob).post(URL, {"full_name": "", "language": "en"})

    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert User.objects.get(pk=world.bob.pk).full_name == "Bob Employee"


def test_the_e_mail_address_cannot_be_changed_here(world, client_of):
    client_of(world.bob).post(
        URL, {"full_name": "Bob", "language": "en", "email": "other@example.org"}
    )

    assert User.objects.get(pk=world.bob.pk).email == "bob@example.org"
