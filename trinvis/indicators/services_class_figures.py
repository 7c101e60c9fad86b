"""Keep each size class's values of an indicator summed up per period (ClassFigures), so the
indicator page reads one row instead of every value of hundreds of municipalities.

A row is used while it is current: made from the indicator's `values_revision` of now and
from the class's members of now (`members_key`; a new population figure, or a municipality's
recorded population, can move a municipality to another class). Otherwise it is computed
again from the values, when the page asks, and kept. After an import the task
`class_figures_refresh` computes an indicator's rows ahead of the first reader (every
indicator's, when the population figures changed).
"""

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_tasks import task

from trinvis.indicators.comparison import PeriodStats, period_stats
from trinvis.indicators.models import ClassFigures, Indicator, Value
from trinvis.indicators.sizes import area_sizes
from trinvis.organisations.models import Organisation

Stats = dict[str, PeriodStats]


def members_key(members: Iterable[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(members))).encode()).hexdigest()


def _encode(stats: Stats) -> dict[str, list[Any]]:
    return {
        period: [item.count, str(item.total), item.start, [str(v) for v in item.middle]]
        for period, item in stats.items()
    }


def _decode(kept: dict[str, list[Any]], periods: Collection[str] | None) -> Stats:
    return {
        period: PeriodStats(count, Decimal(total), start, tuple(Decimal(v) for v in middle))
        for period, (count, total, start, middle) in kept.items()
        if periods is None or period in periods
    }


def _keep(
    indicator: Indicator,
    breakdown_key: str,
    country: str,
    size_class: str,
    members: Sequence[int],
    values: dict[str, list[Decimal]],
) -> Stats:
    """Sum up the members' values (period → values) and write the row, new or over the old
    one, in one statement (two processes computing the same figures at once both succeed:
    the same row, written twice)."""
    stats = {period: period_stats(numbers) for period, numbers in values.items()}
    ClassFigures.objects.bulk_create(
        [
            ClassFigures(
                indicator=indicator,
                breakdown_key=breakdown_key,
                country=country,
                size_class=size_class,
                values_revision=indicator.values_revision,
                members_key=members_key(members),
                periods=_encode(stats),
                computed_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["indicator", "breakdown_key", "country", "size_class"],
        update_fields=["values_revision", "members_key", "periods", "computed_at"],
    )
    return stats


def class_stats(
    *,
    indicator: Indicator,
    breakdown_key: str,
    country: str,
    size_class: str,
    members: Sequence[int],
    periods: Collection[str] | None = None,
) -> Stats:
    """The class's figures per period: the kept row while it is current, else computed from
    the members' values (every period) and kept. `periods`: those the caller shows, when not
    all (the page shows three years of a monthly series kept for twelve)."""
    kept = (
        ClassFigures.objects.filter(
            indicator=indicator, breakdown_key=breakdown_key, country=country, size_class=size_class
        )
        .values_list("values_revision", "members_key", "periods")
        .first()
    )
    if kept is not None and kept[:2] == (indicator.values_revision, members_key(members)):
        return _decode(kept[2], periods)
    values: dict[str, list[Decimal]] = defaultdict(list)
    for period, value in Value.objects.filter(
        indicator=indicator, area_id__in=members, breakdown_key=breakdown_key
    ).values_list("period", "value"):
        values[period].append(value)
    return _keep(indicator, breakdown_key, country, size_class, members, values)


def refresh(indicator: Indicator) -> int:
    """Compute and keep every class's figures of the indicator, for each of its breakdowns
    and both countries: one read of the values per breakdown and country. Returns the
    number of rows kept."""
    kept = 0
    keys = list(
        Value.objects.filter(indicator=indicator)
        .values_list("breakdown_key", flat=True)
        .distinct()
        .order_by()
    )
    for country in Organisation.Country.values:
        classes: dict[str, list[int]] = defaultdict(list)
        for area_id, size in area_sizes(country=country).items():
            if size.size_class is not None:
                classes[size.size_class].append(area_id)
        size_of = {area_id: name for name, members in classes.items() for area_id in members}
        for breakdown_key in keys:
            values = {name: defaultdict[str, list[Decimal]](list) for name in classes}
            for area_id, period, value in Value.objects.filter(
                indicator=indicator, area_id__in=size_of, breakdown_key=breakdown_key
            ).values_list("area_id", "period", "value"):
                values[size_of[area_id]][period].append(value)
            for name, members in classes.items():
                _keep(indicator, breakdown_key, country, name, members, values[name])
                kept += 1
    return kept


@task()
def class_figures_refresh(*, indicator_ids: list[int]) -> int:
    """After an import: the indicators' class figures, before anyone asks for them."""
    return sum(refresh(indicator) for indicator in Indicator.objects.filter(pk__in=indicator_ids))
