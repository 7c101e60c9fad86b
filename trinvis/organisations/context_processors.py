from typing import Any

from django.http import HttpRequest

from trinvis.organisations.selectors import memberships_of_user


def header(request: HttpRequest) -> dict[str, Any]:
    """The organisation named in the page header: the user's first active membership."""
    if not request.user.is_authenticated:
        return {}
    first = memberships_of_user(user=request.user).first()
    return {"header_organisation": first.organisation.name if first else ""}
