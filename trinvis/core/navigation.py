"""Main navigation, contributed by apps so the layout in core knows no feature."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    order: int
    visible: Callable[[HttpRequest], bool]


_entries: list[NavEntry] = []


def register(
    label: str | Promise,
    url_name: str,
    *,
    order: int = 50,
    visible: Callable[[HttpRequest], bool] = lambda request: True,
) -> None:
    if not any(entry.url_name == url_name for entry in _entries):
        _entries.append(NavEntry(label, url_name, order, visible))
        _entries.sort(key=lambda entry: entry.order)


def entries_for(request: HttpRequest) -> list[dict[str, object]]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    return [
        {
            "label": entry.label,
            "url": reverse(entry.url_name),
            "current": current.split(":")[0] == entry.url_name.split(":")[0],
        }
        for entry in _entries
        if entry.visible(request)
    ]
