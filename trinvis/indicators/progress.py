"""How a key figure stands against its zero point and targets ("small successes", DOMAIN.md
§2). Pure: no Django, so the rules are easy to test on their own.

Which way is better comes from the indicator (higher or lower is better). A neutral figure
(a number to know, such as the refugees settled) has no better way of its own: there the
target says which way the municipality aims, seen from its zero point.

A target counts as reached when a value of a period after the zero point, and ended by the
target's date, meets it in that direction: a value from before the zero point says nothing
about the work since, and a value of a period that ends after the date came too late.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from trinvis.indicators import periods


@dataclass(frozen=True)
class Observation:
    """One value of a series: its period (text and first day) and the figure."""

    period: str
    start: datetime.date
    value: Decimal

    @property
    def end(self) -> datetime.date:
        return periods.end(periods.parse(self.period))


class Aim(StrEnum):
    UP = "higher"
    DOWN = "lower"
    EXACT = "equal"


def aim_of(direction: str, *, baseline: Decimal, target: Decimal) -> Aim:
    """Which way the target lies: the indicator's direction, else from the zero point."""
    if direction in (Aim.UP, Aim.DOWN):
        return Aim(direction)
    if target > baseline:
        return Aim.UP
    if target < baseline:
        return Aim.DOWN
    return Aim.EXACT


def to_go(value: Decimal, target: Decimal, aim: Aim) -> Decimal:
    """How far the value still is from the target, in the aimed direction: positive while
    it is not met, zero or negative once it is (by how much it is beaten)."""
    if aim is Aim.UP:
        return target - value
    if aim is Aim.DOWN:
        return value - target
    return abs(value - target)


def meets(value: Decimal, target: Decimal, aim: Aim) -> bool:
    return to_go(value, target, aim) <= 0


@dataclass(frozen=True)
class Progress:
    """Where one target stands: the first period that reached it (if any) and the distance
    from the latest value."""

    target: Decimal
    due: datetime.date
    aim: Aim
    reached_in: Observation | None
    latest: Observation | None

    @property
    def distance(self) -> Decimal | None:
        """From the latest value, in the aimed direction (see `to_go`); None without data."""
        return None if self.latest is None else to_go(self.latest.value, self.target, self.aim)

    @property
    def met_now(self) -> bool:
        return self.distance is not None and self.distance <= 0

    def missed(self, today: datetime.date) -> bool:
        """The date has passed and no period reached the target in time."""
        return self.reached_in is None and self.due < today


def progress(
    series: Sequence[Observation],
    *,
    direction: str,
    baseline_start: datetime.date,
    baseline_value: Decimal,
    target: Decimal,
    due: datetime.date,
) -> Progress:
    """The progress towards one target along `series` (in period order)."""
    aim = aim_of(direction, baseline=baseline_value, target=target)
    reached = next(
        (
            observation
            for observation in series
            if observation.start > baseline_start
            and observation.end <= due
            and meets(observation.value, target, aim)
        ),
        None,
    )
    return Progress(
        target=target,
        due=due,
        aim=aim,
        reached_in=reached,
        latest=series[-1] if series else None,
    )


def period_containing(day: datetime.date, kind: periods.Kind) -> str:
    """The text of the period of `kind` that `day` falls in: where a target's date sits on
    a chart of periods of that kind."""
    if kind is periods.Kind.QUARTER:
        return f"{day.year}K{(day.month - 1) // 3 + 1}"
    if kind is periods.Kind.MONTH:
        return f"{day.year}M{day.month:02d}"
    return f"{day.year}"
