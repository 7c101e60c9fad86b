"""The size class of each municipality, by the Norwegian statistics convention: from its
latest "population" value where there is one, else from the population recorded for its
organisation in Trinvis (the indicator page says which).

The municipality areas are read once for the indicator page's place list and its size
classes together (`municipality_areas`)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from django.db.models import OuterRef, Subquery

from trinvis.core.memo import committed_memo
from trinvis.indicators.models import Area, Indicator, Value
from trinvis.organisations.models import size_class_for

POPULATION = "population"


@dataclass(frozen=True)
class SizeInfo:
    """A municipality's size class and where it comes from: the latest "population" value
    (`period` set) or the population recorded for its organisation."""

    size_class: str | None
    population: Decimal | int | None
    period: str | None


class MunicipalityArea(NamedTuple):
    """A municipality area as the pages name it (its organisation's name in Trinvis, else the
    statistics' name, else its number), with the population recorded for its organisation.
    A named tuple: the indicator page makes one for each of the 455 areas, at a fraction of
    a frozen dataclass's cost."""

    pk: int
    country: str
    code: str
    name: str
    recorded_population: int | None


def municipality_areas(*, country: str | None = None) -> list[MunicipalityArea]:
    """The municipality areas of a country, or of every country, in no order: one query."""
    areas = Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by()
    if country is not None:
        areas = areas.filter(country=country)
    rows = areas.values_list(
        "pk", "country", "code", "name", "organisation__name", "organisation__population"
    )
    return [
        MunicipalityArea(pk, area_country, code, organisation_name or name or code, population)
        for pk, area_country, code, name, organisation_name, population in rows
    ]


def area_sizes(
    *, country: str, areas: Iterable[MunicipalityArea] | None = None
) -> dict[int, SizeInfo]:
    """The size class of every municipality area of a country: the latest population value
    per area (kept per process while the population figures stay the same), and the
    population recorded for each area's organisation (read every time: it has no revision).
    `areas`: the municipality areas, of any countries, when the caller has read them."""
    indicator = (
        Indicator.objects.filter(key=POPULATION, owner__isnull=True)
        .values_list("pk", "values_revision")
        .first()
    )
    latest = latest_populations(*indicator, country) if indicator else {}
    sizes = {}
    for area in municipality_areas(country=country) if areas is None else areas:
        if area.country == country:
            figure, period = latest.get(area.pk) or (None, None)
            sizes[area.pk] = size_of(figure, period, area.recorded_population)
    return sizes


@committed_memo(maxsize=8)
def latest_populations(
    indicator_id: int, values_revision: int, country: str
) -> Mapping[int, tuple[Decimal, str]]:
    """Each municipality area's latest total of the population indicator, and its period:
    one entry of the value index per area. `values_revision` is the indicator's: it keys
    what is kept (services.values_changed raises it with every change of the values)."""
    latest = Value.objects.filter(
        indicator_id=indicator_id, area=OuterRef("pk"), breakdown_key=""
    ).order_by("-period_start")
    rows = (
        Area.objects.filter(country=country, kind=Area.Kind.MUNICIPALITY)
        .annotate(
            latest_population=Subquery(latest.values("value")[:1]),
            latest_population_period=Subquery(latest.values("period")[:1]),
        )
        .values_list("pk", "latest_population", "latest_population_period")
    )
    return MappingProxyType(
        {area_id: (figure, period) for area_id, figure, period in rows if figure is not None}
    )


def size_of(figure: Decimal | None, period: str | None, recorded: int | None) -> SizeInfo:
    if figure is not None:
        return SizeInfo(size_class_for(int(figure)), figure, period)
    return SizeInfo(size_class_for(recorded), recorded, None)
