"""Test data for key figures: definitions, areas and values written directly (the importer
has its own tests)."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import timezone

from trinvis.indicators import periods
from trinvis.indicators.library import breakdown_key
from trinvis.indicators.models import Area, Indicator, Value
from trinvis.indicators.services import indicators_load
from trinvis.organisations.models import Organisation


def shipped(key: str = "work-education-right-after") -> Indicator:
    """A shipped definition, loaded if need be."""
    if not Indicator.objects.filter(key=key).exists():
        indicators_load()
    return Indicator.objects.get(key=key)


def make_indicator(owner: Organisation, *, key: str = "own-figure", **fields: object) -> Indicator:
    defaults: dict[str, object] = {
        "name": "Own figure",
        "unit": Indicator.Unit.COUNT,
        "direction": Indicator.Direction.HIGHER,
    }
    return Indicator.objects.create(owner=owner, key=key, **{**defaults, **fields})


def area_of(organisation: Organisation) -> Area:
    """The area of a municipality organisation (by its number), linked to it."""
    area, _created = Area.objects.get_or_create(
        country=organisation.country,
        code=organisation.municipality_number,
        defaults={
            "kind": Area.Kind.MUNICIPALITY,
            "name": organisation.name,
            "organisation": organisation,
        },
    )
    return area


def make_area(country: str = "DK", code: str = "", name: str = "") -> Area:
    kind = Area.Kind.MUNICIPALITY if code else Area.Kind.COUNTRY
    area, _created = Area.objects.get_or_create(
        country=country, code=code, defaults={"kind": kind, "name": name or f"{country} {code}"}
    )
    return area


def add_values(
    indicator: Indicator,
    area: Area,
    values: Mapping[str, float | int | str],
    *,
    breakdown: dict[str, str] | None = None,
    source: str = "test",
) -> list[Value]:
    """Values by period text ("2023", "2024K1", ...) for one area and breakdown."""
    breakdown = breakdown or {}
    key = breakdown_key(breakdown)
    now = timezone.now()
    created = []
    for text, number in values.items():
        period = periods.parse(text)
        created.append(
            Value.objects.update_or_create(
                indicator=indicator,
                area=area,
                period=period.text,
                breakdown_key=key,
                defaults={
                    "period_start": period.start,
                    "breakdown": breakdown,
                    "value": Decimal(str(number)),
                    "source": source,
                    "imported_at": now,
                },
            )[0]
        )
    return created


def yearly(start: int, numbers: Iterable[float]) -> dict[str, float]:
    """{"2020": a, "2021": b, ...} from a start year."""
    return {str(start + offset): number for offset, number in enumerate(numbers)}


def today() -> datetime.date:
    return timezone.localdate()
