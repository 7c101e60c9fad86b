from typing import Any

from django.conf import settings
from django.http import HttpRequest

from trinvis.core import navigation


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the page layout needs on every page: navigation and the language choices."""
    authenticated = request.user.is_authenticated
    return {
        "navigation": navigation.entries_for(request) if authenticated else [],
        "language_choices": settings.LANGUAGES,
    }
