"""The comparison on the indicator page: a municipality against its country and the other
municipalities of its size class, for the periods it has values in.

Only the country's figure and the class's aggregates are read (comparison.py suppresses a
period with too few others). The size class comes from the municipality's latest
"population" value where there is one, else from the population recorded for its
organisation; the page says which.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from trinvis.indicators.comparison import ClassFigure, class_figures
from trinvis.indicators.models import Area, Indicator, Value
from trinvis.indicators.progress import Observation
from trinvis.indicators.selectors import Place
from trinvis.organisations.models import size_class_for

POPULATION = "population"


@dataclass(frozen=True)
class SizeInfo:
    """A municipality's size class and where it comes from: the latest "population" value
    (`period` set) or the population recorded for its organisation."""

    size_class: str | None
    population: Decimal | int | None
    period: str | None


@dataclass(frozen=True)
class Comparison:
    place: Place
    size: SizeInfo
    periods: list[str]
    own: list[Decimal | None]
    national: list[Decimal | None]
    classes: list[ClassFigure]

    @property
    def suppressed_periods(self) -> list[str]:
        return [figure.period for figure in self.classes if figure.suppressed]

    @property
    def most_covered(self) -> int:
        return max((figure.count for figure in self.classes), default=0)


def area_sizes(*, country: str) -> dict[int, SizeInfo]:
    """The size class of every municipality area of a country: one query, the latest
    population value per area looked up along the value index."""
    latest = Value.objects.filter(
        indicator__key=POPULATION,
        indicator__owner__isnull=True,
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
    sizes = {}
    for area_id, figure, period, recorded in rows:
        sizes[area_id] = _size(figure, period, recorded)
    return sizes


def _size(figure: Decimal | None, period: str | None, recorded: int | None) -> SizeInfo:
    if figure is not None:
        return SizeInfo(size_class_for(int(figure)), figure, period)
    return SizeInfo(size_class_for(recorded), recorded, None)


def comparison_of(
    *, indicator: Indicator, place: Place, breakdown_key: str, own: Sequence[Observation]
) -> Comparison | None:
    """The municipality against its country and the other municipalities of its size
    class, for the periods it has values in; None for a country (nothing to compare with).
    Only the country's figure and the class's aggregates are read."""
    if place.is_country:
        return None
    sizes = area_sizes(country=place.country)
    if place.area is not None and place.area.pk in sizes:
        size = sizes[place.area.pk]
    else:
        size = SizeInfo(None, None, None)
    if size.size_class is None and place.organisation is not None:
        size = _size(None, None, place.organisation.population)
    period_texts = [observation.period for observation in own]
    national = dict(
        Value.objects.filter(
            indicator=indicator,
            area__country=place.country,
            area__code="",
            breakdown_key=breakdown_key,
            period__in=period_texts,
        ).values_list("period", "value")
    )
    others: dict[str, list[Decimal]] = defaultdict(list)
    if size.size_class is not None:
        members = [
            area_id
            for area_id, info in sizes.items()
            if info.size_class == size.size_class
            and (place.area is None or area_id != place.area.pk)
        ]
        for period, value in Value.objects.filter(
            indicator=indicator,
            area_id__in=members,
            breakdown_key=breakdown_key,
            period__in=period_texts,
        ).values_list("period", "value"):
            others[period].append(value)
    return Comparison(
        place=place,
        size=size,
        periods=period_texts,
        own=[observation.value for observation in own],
        national=[national.get(period) for period in period_texts],
        classes=class_figures(period_texts, others) if size.size_class else [],
    )
