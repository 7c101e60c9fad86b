from typing import Any

from django.http import HttpRequest

from trinvis.organisations.access import scope_for


def header(request: HttpRequest) -> dict[str, Any]:
    """The organisation named in the page header: the user's first active membership's, from
    the request's scope (which every page with the menu reads) rather than a query of its own."""
    if not request.user.is_authenticated:
        return {}
    return {"header_organisation": scope_for(request.user).first_organisation_name}
