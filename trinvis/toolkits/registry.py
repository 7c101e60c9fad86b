"""Live views: a module that owns the data of a worksheet shows it in place of the table.

The toolkit engine imports no module. A module (competences, surveys, indicators) calls
`register_live_view("competence-assessment", provider)` from its AppConfig.ready(); the
worksheet page then renders `provider(run, request)` — a template name and its context —
instead of the editable worksheet.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

LiveView = tuple[str, dict[str, Any]]
Provider = Callable[[Any, HttpRequest], LiveView]

_providers: dict[str, Provider] = {}


def register_live_view(template_key: str, provider: Provider) -> None:
    _providers[template_key] = provider


def unregister_live_view(template_key: str) -> None:
    _providers.pop(template_key, None)


def live_view_for(template_key: str) -> Provider | None:
    return _providers.get(template_key)
