"""Passwords are stored with Argon2 in production (tests use a fast hasher instead)."""

import config.settings as production
from trinvis.accounts.models import User


def test_production_hashes_new_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_password_set_under_the_production_hashers_is_stored_as_argon2(db, settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS

    user = User.objects.create_user(email="new@example.org", password="long-passphrase-1")

    assert user.password.startswith("argon2$")
    assert user.check_password("long-passphrase-1")
    assert not user.check_password("long-passphrase-2")
