"""The home page is assembled from panels that each app registers.

The home page knows no feature: an app contributes items to one of the sections ("todo":
what is mine to do, "organisation": where I belong, "steps": work in progress) by
registering a provider. A provider receives the request and returns items; it must keep its
own query count constant.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.functional import Promise

SECTIONS = ("todo", "organisation", "steps")


@dataclass(frozen=True)
class HomeItem:
    """One line on the home page: a title, an optional link and a short explanation."""

    title: str | Promise
    url: str = ""
    description: str | Promise = ""
    meta: str | Promise = ""
    badges: tuple[str | Promise, ...] = field(default_factory=tuple)


Provider = Callable[[HttpRequest], list[HomeItem]]
_providers: dict[str, list[Provider]] = {section: [] for section in SECTIONS}


def register(section: str) -> Callable[[Provider], Provider]:
    if section not in _providers:
        raise ValueError(f"Unknown home section {section!r}; use one of {SECTIONS}.")

    def decorator(provider: Provider) -> Provider:
        if provider not in _providers[section]:
            _providers[section].append(provider)
        return provider

    return decorator


def collect(request: HttpRequest) -> dict[str, list[HomeItem]]:
    return {
        section: [item for provider in providers for item in provider(request)]
        for section, providers in _providers.items()
    }
