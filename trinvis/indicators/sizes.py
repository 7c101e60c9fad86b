"""The size class of each municipality, by the Norwegian statistics convention: from its
latest "population" value where there is one, else from the population recorded for its
organisation in Trinvis (the indicator page says which)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

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


def area_sizes(*, country: str) -> dict[int, SizeInfo]:
    """The size class of every municipality area of a country: one query, the latest
    population value per area: one entry of the value index each."""
    population = Indicator.objects.filter(key=POPULATION, owner__isnull=True).values("pk")[:1]
    latest = Value.objects.filter(
        # A constant for the database (computed once), so each area's latest value is
        # read along value_series instead of sorting the area's every value.
        indicator_id=Subquery(population),
        area=OuterRef("pk"),
        breakdown_key="",
    ).order_by("-period_start")
    rows = (
        Area.objects.filter(country=country, kind=Area.Kind.MUNICIPALITY)
        .annotate(
            latest_population=Subquery(latest.values("value")[:1]),
            latest_population_period=Subquery(latest.values("period")[:1]),
        )
        .values_list(
            "pk", "latest_population", "latest_population_period", "organisation__population"
        )
    )
    return {
        area_id: size_of(figure, period, recorded) for area_id, figure, period, recorded in rows
    }


def size_of(figure: Decimal | None, period: str | None, recorded: int | None) -> SizeInfo:
    if figure is not None:
        return SizeInfo(size_class_for(int(figure)), figure, period)
    return SizeInfo(size_class_for(recorded), recorded, None)
