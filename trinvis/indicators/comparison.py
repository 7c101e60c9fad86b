"""The figures of a size class as a municipality sees them: the average and median of the
other municipalities of its size, period by period. Pure: no Django.

Only aggregates leave this module. A period where fewer than `MIN_OTHERS` other
municipalities have a value gets no class figure at all: with one or two, the "average"
would be a neighbour's own figure, or nearly so.
"""

import statistics
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


def class_figures(
    periods: Sequence[str], values: Mapping[str, Iterable[Decimal]]
) -> list[ClassFigure]:
    """For each period, the mean and median of the other municipalities' `values` in it."""
    figures = []
    for period in periods:
        numbers = list(values.get(period, ()))
        if len(numbers) < MIN_OTHERS:
            figures.append(ClassFigure(period, None, None, 0, suppressed=True))
            continue
        figures.append(
            ClassFigure(
                period,
                mean=sum(numbers, Decimal(0)) / len(numbers),
                median=statistics.median(numbers),
                count=len(numbers),
                suppressed=False,
            )
        )
    return figures
