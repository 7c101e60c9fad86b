"""Links to the indicator page for a place and breakdown, as every page and panel writes
them."""

from urllib.parse import urlencode

from django.urls import reverse

from trinvis.indicators.models import Indicator

ALL_PERIODS = "all"  # ?periods=all: every period instead of the recent ones


def breakdown_of(key: str) -> dict[str, str]:
    """The breakdown a canonical key names: "age_band=18-24;gender=women" → its dict."""
    return dict(part.split("=", 1) for part in key.split(";") if "=" in part)


def indicator_url(
    indicator: Indicator | int,
    *,
    place: str = "",
    breakdown_key: str = "",
    all_periods: bool = False,
) -> str:
    """The indicator page for `place` ("DK:461"; empty: the user's own) and a breakdown,
    with every period or (the default) the recent ones."""
    pk = indicator if isinstance(indicator, int) else indicator.pk
    query = {"area": place} if place else {}
    query.update(breakdown_of(breakdown_key))
    if all_periods:
        query["periods"] = ALL_PERIODS
    url = reverse("indicators:indicator", args=[pk])
    return f"{url}?{urlencode(query)}" if query else url
