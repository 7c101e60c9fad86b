from django.db import transaction

from trinvis.accounts.models import User


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name
    user.language = language
    user.full_clean()
    user.save(update_fields=["full_name", "language"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
