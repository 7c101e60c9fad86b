"""The comparison on the indicator page: a municipality against its country and the other
municipalities of its size class (sizes.py), for the periods it has values in.

Only the country's figure and the class's aggregates are read: the class's figures kept per
period (services_class_figures.py), from which the municipality's own value is left out
(comparison.without); comparison.py suppresses a period with too few others.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from trinvis.indicators.comparison import ClassFigure, class_figures, without
from trinvis.indicators.models import Indicator, Value
from trinvis.indicators.progress import Observation
from trinvis.indicators.selectors import Place
from trinvis.indicators.services_class_figures import class_stats
from trinvis.indicators.sizes import MunicipalityArea, SizeInfo, area_sizes, size_of


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


def comparison_of(
    *,
    indicator: Indicator,
    place: Place,
    breakdown_key: str,
    own: Sequence[Observation],
    areas: Sequence[MunicipalityArea] | None = None,
) -> Comparison | None:
    """The municipality against its country and the other municipalities of its size
    class, for the periods it has values in; None for a country (nothing to compare with).
    `areas`: the municipality areas (sizes.municipality_areas), when the caller has them."""
    if place.is_country:
        return None
    sizes = area_sizes(country=place.country, areas=areas)
    if place.area is not None and place.area.pk in sizes:
        size = sizes[place.area.pk]
    else:
        size = SizeInfo(None, None, None)
    if size.size_class is None and place.organisation is not None:
        size = size_of(None, None, place.organisation.population)
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
    classes: list[ClassFigure] = []
    if size.size_class is not None:
        members = [area_id for area_id, info in sizes.items() if info.size_class == size.size_class]
        stats = class_stats(
            indicator=indicator,
            breakdown_key=breakdown_key,
            country=place.country,
            size_class=size.size_class,
            members=members,
            periods=set(period_texts),
        )
        # The place's own value is among the class's when its area is a member.
        mine = place.area is not None and place.area.pk in members
        summaries = {
            observation.period: without(
                stats[observation.period], observation.value if mine else None
            )
            for observation in own
            if observation.period in stats
        }
        classes = class_figures(period_texts, summaries)
    return Comparison(
        place=place,
        size=size,
        periods=period_texts,
        own=[observation.value for observation in own],
        national=[national.get(period) for period in period_texts],
        classes=classes,
    )
