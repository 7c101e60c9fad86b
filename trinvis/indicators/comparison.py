"""The figures of a size class as a municipality sees them: the average and median of the
other municipalities of its size, period by period. Pure: no Django.

Only aggregates leave this module. A period where fewer than `MIN_OTHERS` other
municipalities have a value gets no class figure at all: with one or two, the "average"
would be a neighbour's own figure, or nearly so.

A size class's values are summed up once for all its members (`PeriodStats`, kept by
services_class_figures.py) and each member's view leaves its own value out (`without`):
besides the count and the sum, that takes only the three sorted values around the middle.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MIN_OTHERS = 3


@dataclass(frozen=True)
class ClassFigure:
    """The class's figure for one period; `count` is how many municipalities it covers
    (0 when suppressed: the figure is not shown, and nor is how few there were)."""

    period: str
    mean: Decimal | None
    median: Decimal | None
    count: int
    suppressed: bool


@dataclass(frozen=True)
class PeriodStats:
    """A period's values of a whole size class: their count and sum, and the sorted values
    from index `start` on (at most three), which hold the median with or without any one of
    the values."""

    count: int
    total: Decimal
    start: int
    middle: tuple[Decimal, ...]

    def at(self, index: int) -> Decimal:
        """The value at `index` of all the values sorted (only those around the middle)."""
        return self.middle[index - self.start]


def period_stats(values: Iterable[Decimal]) -> PeriodStats:
    ordered = sorted(values)
    start = max(0, (len(ordered) - 2) // 2)
    return PeriodStats(len(ordered), sum(ordered, Decimal(0)), start, tuple(ordered[start:][:3]))


def without(stats: PeriodStats, value: Decimal | None) -> "PeriodSummary":
    """The class's count, sum and median leaving out `value`, one of its values (a member's
    own); None leaves nothing out.

    Taking value out of the sorted values a, the remaining b has b[i] = a[i] where
    a[i] < value and a[i + 1] from there on (value sits where the smaller values end)."""
    if value is None:
        count, total = stats.count, stats.total

        def sorted_at(index: int) -> Decimal:
            return stats.at(index)
    else:
        count, total = stats.count - 1, stats.total - value

        def sorted_at(index: int) -> Decimal:
            below = stats.at(index)
            return below if below < value else stats.at(index + 1)

    if count == 0:
        return PeriodSummary(0, Decimal(0), None)
    median = (sorted_at((count - 1) // 2) + sorted_at(count // 2)) / 2
    return PeriodSummary(count, total, median)


@dataclass(frozen=True)
class PeriodSummary:
    """A period's figures of the other municipalities of the class: how many have a value,
    their sum and their median (None when there are none)."""

    count: int
    total: Decimal
    median: Decimal | None


def class_figures(
    periods: Sequence[str], summaries: Mapping[str, PeriodSummary]
) -> list[ClassFigure]:
    """For each period, the mean and median of the other municipalities' values in it."""
    figures = []
    for period in periods:
        summary = summaries.get(period)
        if summary is None or summary.count < MIN_OTHERS:
            figures.append(ClassFigure(period, None, None, 0, suppressed=True))
            continue
        figures.append(
            ClassFigure(
                period,
                mean=summary.total / summary.count,
                median=summary.median,
                count=summary.count,
                suppressed=False,
            )
        )
    return figures
