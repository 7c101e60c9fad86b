"""A workshop's run sheet as a timed agenda: when each line ends, where lines overlap or
leave time nobody planned, and how two neighbouring lines swap places.

A line is stored with its day, start time and length in minutes; the end is always
computed, so changing a length never leaves a stale end time behind. Pure functions over
plain values (no database), so the arithmetic is tested on its own.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Slot:
    """A run sheet line as the timing sees it."""

    id: int
    day: int
    starts_at: datetime.time
    minutes: int


def to_minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def from_minutes(minutes: int) -> datetime.time:
    """The time of day `minutes` after midnight, kept within the day."""
    minutes = max(0, min(minutes, MINUTES_PER_DAY - 1))
    return datetime.time(minutes // 60, minutes % 60)


def ends_within_day(starts_at: datetime.time, minutes: int) -> bool:
    """A line must end by midnight: an agenda line never runs into the next day."""
    return to_minutes(starts_at) + minutes < MINUTES_PER_DAY


def ends_at(starts_at: datetime.time, minutes: int) -> datetime.time:
    return from_minutes(to_minutes(starts_at) + minutes)


def in_order(slots: Sequence[Slot]) -> list[Slot]:
    """Lines by day, then start, then the order they were written in."""
    return sorted(slots, key=lambda slot: (slot.day, slot.starts_at, slot.id))


@dataclass(frozen=True)
class Timing:
    """A line with its end and how it meets what came before it on its day.

    `overlap`: minutes it starts before an earlier line of the day has ended; `gap`: minutes
    of unplanned time between the end of everything earlier that day and its start."""

    slot: Slot
    ends_at: datetime.time
    overlap: int = 0
    gap: int = 0


def timeline(slots: Sequence[Slot]) -> list[Timing]:
    """Every line in order with its end, overlap and gap."""
    timings = []
    day, latest_end = None, 0
    for slot in in_order(slots):
        start = to_minutes(slot.starts_at)
        end = start + slot.minutes
        overlap = gap = 0
        if slot.day == day:
            overlap = max(0, latest_end - start)
            gap = max(0, start - latest_end)
            latest_end = max(latest_end, end)
        else:
            day, latest_end = slot.day, end
        timings.append(Timing(slot=slot, ends_at=from_minutes(end), overlap=overlap, gap=gap))
    return timings


def neighbour(slots: Sequence[Slot], slot_id: int, *, earlier: bool) -> Slot | None:
    """The line just before (`earlier`) or after the given one on the same day, if any."""
    ordered = in_order(slots)
    index = next((i for i, slot in enumerate(ordered) if slot.id == slot_id), None)
    if index is None:
        return None
    other = index - 1 if earlier else index + 1
    if not 0 <= other < len(ordered) or ordered[other].day != ordered[index].day:
        return None
    return ordered[other]


def swapped(first: Slot, second: Slot) -> tuple[datetime.time, datetime.time]:
    """New start times for two neighbouring lines (`first` before `second`) that swap places:
    `second` starts when `first` did, and `first` ends when `second` did, so the pair keeps
    the time it took and the gap (or overlap) between them. Returns (second's new start,
    first's new start)."""
    second_end = to_minutes(second.starts_at) + second.minutes
    return first.starts_at, from_minutes(second_end - first.minutes)
