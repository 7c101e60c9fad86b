"""Accepting an invitation: an invited person chooses a password and is logged in."""

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import choose_password, is_logged_in, log_in

NEW_PASSWORD = "my-own-long-passphrase-99"


def invited_person() -> User:
    user = User(email="nina@example.org", full_name="Nina New")
    user.set_unusable_password()
    user.save()
    return user


def invitation_link(user: User) -> str:
    return reverse(
        "accounts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def test_invited_person_chooses_a_password_and_is_logged_in(db):
    user = invited_person()
    browser = Client()

    response = choose_password(browser, invitation_link(user), NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert is_logged_in(browser)
    assert browser.get(reverse("core:home")).status_code == 200
    assert log_in(Client(), "nina@example.org", NEW_PASSWORD).status_code == 302


def test_form_names_the_address_the_person_will_log_in_with(db):
    landing = Client().get(invitation_link(invited_person()), follow=True)

    assert landing.context["validlink"]
    assert "nina@example.org" in landing.content.decode()


def test_weak_password_is_refused(db):
    user = invited_person()
    browser = Client()

    response = choose_password(browser, invitation_link(user), "12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert not is_logged_in(browser)
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_invitation_link_cannot_be_used_twice(db):
    link = invitation_link(invited_person())
    choose_password(Client(), link, NEW_PASSWORD)

    second = Client()
    response = second.get(link, follow=True)

    assert not response.context["validlink"]
    assert not is_logged_in(second)
