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
    # View-name prefixes of the pages under this entry, when they share an app with another
    # entry (the course pages under "Courses", not the app's first entry "Programmes").
    covers: tuple[str, ...] = ()


_entries: list[NavEntry] = []


def register(
    label: str | Promise,
    url_name: str,
    *,
    order: int = 50,
    visible: Callable[[HttpRequest], bool] = lambda request: True,
    covers: tuple[str, ...] = (),
) -> None:
    if not any(entry.url_name == url_name for entry in _entries):
        _entries.append(NavEntry(label, url_name, order, visible, covers))
        _entries.sort(key=lambda entry: entry.order)


def entries_for(request: HttpRequest) -> list[dict[str, object]]:
    visible = [entry for entry in _entries if entry.visible(request)]
    current = _current_entry(
        visible, request.resolver_match.view_name if request.resolver_match else ""
    )
    return [
        {"label": entry.label, "url": reverse(entry.url_name), "current": entry is current}
        for entry in visible
    ]


def _current_entry(entries: list[NavEntry], view_name: str) -> NavEntry | None:
    """The one entry to mark as current: the page's own, else the one covering the page,
    else the first of the page's app.

    Several entries can share an app (organisations and the audit log); marking all of them
    would tell a screen reader that two links are the current page.
    """
    for entry in entries:
        if entry.url_name == view_name:
            return entry
    for entry in entries:
        if any(view_name.startswith(prefix) for prefix in entry.covers):
            return entry
    app = view_name.split(":")[0]
    return next((entry for entry in entries if entry.url_name.split(":")[0] == app), None)
