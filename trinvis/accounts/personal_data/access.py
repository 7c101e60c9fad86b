"""Who may reach the personal-data pages: a person downloads only their own data (the
download URLs carry no id, so there is nobody else's to ask for), and only a platform
administrator opens the erasure page."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trinvis.accounts.models import User


def person_get_for_eraser(*, user: Any, pk: int) -> User:
    """The person to erase. Anyone but a platform administrator gets 403 whatever the id, so
    the answer tells nobody which ids exist; an administrator gets 404 for an unknown id."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser):
        raise PermissionDenied
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
