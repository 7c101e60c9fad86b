"""The learning module's start page: what the module is for, and one section per area.

Each area (catalogue and principles, education plans, my learning, implementation) fills
its own section: it registers a provider with `@section("<key>")` in its own views module
(imported with the URLs, so before any request), and its partial
`learning/index/_<key>.html` reads what the provider returned as `sections.<key>`. This
page then needs no change when an area grows; a provider keeps its own query count fixed.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.learning.selectors_catalogue import (
    WHEN_UPCOMING,
    activity_search,
    organisations_with_principles,
    programmes_for_user,
)
from trinvis.toolkits.selectors import organisations_writable

SectionProvider = Callable[[AuthenticatedRequest], dict[str, Any]]
_providers: dict[str, SectionProvider] = {}

UPCOMING_SHOWN = 5


def section(key: str) -> Callable[[SectionProvider], SectionProvider]:
    """Register the provider of the start page's section `key`."""

    def decorator(provider: SectionProvider) -> SectionProvider:
        _providers[key] = provider
        return provider

    return decorator


@section("catalogue")
def catalogue_section(request: AuthenticatedRequest) -> dict[str, Any]:
    upcoming = activity_search(
        user=request.user, today=timezone.localdate(), when=WHEN_UPCOMING
    ).prefetch_related(None)
    return {
        "upcoming": list(upcoming[:UPCOMING_SHOWN]),
        "programmes": list(programmes_for_user(user=request.user).order_by("name", "pk")),
        "principle_organisations": list(organisations_with_principles(user=request.user)),
        "may_write": organisations_writable(user=request.user).exists(),
    }


@login_required
@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    sections = {key: provider(request) for key, provider in _providers.items()}
    return render(request, "learning/index.html", {"sections": sections})
