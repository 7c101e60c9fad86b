from typing import Any

from django.http import HttpRequest

from trinvis.organisations.selectors import first_organisation_name


def header(request: HttpRequest) -> dict[str, Any]:
    """The organisation named in the page header: the user's first active membership's."""
    if not request.user.is_authenticated:
        return {}
    return {"header_organisation": first_organisation_name(user=request.user)}
