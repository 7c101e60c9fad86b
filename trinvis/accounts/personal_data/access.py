"""Who may reach the personal-data pages: a person downloads only their own data (the
download URLs carry no id, so there is nobody else's to ask for), and only a platform
administrator opens the erasure page and the list of dormant accounts."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trinvis.accounts.models import User


def eraser_check_access(*, user: Any) -> None:
    """Only a platform administrator erases people or reviews dormant accounts."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser):
        raise PermissionDenied


def person_get_for_eraser(*, user: Any, pk: int) -> User:
    """The person to erase. Anyone but a platform administrator gets 403 whatever the id, so
    the answer tells nobody which ids exist; an administrator gets 404 for an unknown id."""
    eraser_check_access(user=user)
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
