"""How far a course programme has come against its target (DOMAIN.md §5: 800 participants
over three years, 616 after about a year and a half): pure calculations, no queries, so
they are quick to test and read on their own. selectors_courses.py fetches the facts.

The target is read as a straight line from nothing on the first day to the whole target on
the last: the "expected" number on a day is where a programme that enrols at an even pace
would be. Participants are people with a confirmed enrolment; the completion rate counts
module places of runs that have ended, because a place in a coming run cannot have been
completed yet. Participants are grouped by experience in three bands, the way a provider
puts new and seasoned staff in different groups.
"""

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Experience bands: under two years, two to five, over five.
NEW, SOME, SEASONED, UNKNOWN = "new", "some", "seasoned", "unknown"
BANDS = (NEW, SOME, SEASONED, UNKNOWN)
# The chart draws a point on the first of every month, or of every 2nd, 3rd, 6th or 12th
# month, whichever keeps the points between the start and the end to this many at most.
MOST_POINTS = 8
STEPS = (1, 2, 3, 6, 12)


def expected_by(
    *, target: int, starts_on: datetime.date, ends_on: datetime.date, day: datetime.date
) -> float:
    """Where the straight line from 0 on `starts_on` to `target` on `ends_on` is on `day`:
    0 before the start, the whole target from the end on."""
    if day <= starts_on:
        return 0.0
    if day >= ends_on:
        return float(target)
    return target * (day - starts_on).days / (ends_on - starts_on).days


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent; None when there is no whole to speak of."""
    return 100 * part / whole if whole else None


def experience_band(years: int | None) -> str:
    if years is None:
        return UNKNOWN
    if years < 2:
        return NEW
    if years <= 5:
        return SOME
    return SEASONED


def month_points(starts_on: datetime.date, ends_on: datetime.date) -> list[datetime.date]:
    """The chart's days: the start, the first of every month after the start's month and
    before the end's (thinned to at most `MOST_POINTS`, in even steps), and the end: no two
    in the same month."""
    months = []
    day = _next_month(starts_on)
    while day < ends_on.replace(day=1):
        months.append(day)
        day = _next_month(day)
    step = next(
        (step for step in STEPS if len(months) <= MOST_POINTS * step),
        -(-len(months) // MOST_POINTS),
    )
    return [starts_on, *months[step - 1 :: step], ends_on]


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def cumulative(
    days: Iterable[datetime.date], points: Sequence[datetime.date], *, today: datetime.date
) -> list[int | None]:
    """How many of `days` fall on or before each point; None for points after `today`,
    which have not happened yet."""
    ordered = sorted(days)
    return [None if point > today else bisect.bisect_right(ordered, point) for point in points]


@dataclass(frozen=True)
class Tally:
    """One line of progress: the people enrolled (confirmed) and completed, the target and
    where the straight line says the count should be today."""

    name: str
    enrolled: int
    completed: int
    target: int | None
    expected: float | None
    places_ended: int = 0
    places_completed: int = 0

    @property
    def completion_rate(self) -> float | None:
        """Completed module places of the runs that have ended, in per cent."""
        return share(self.places_completed, self.places_ended)

    @property
    def of_target(self) -> float | None:
        return share(self.enrolled, self.target) if self.target else None

    @property
    def behind(self) -> bool:
        """Fewer enrolled than the straight line expects by today (rounded down)."""
        return self.expected is not None and self.enrolled < int(self.expected)


@dataclass(frozen=True)
class Participation:
    """One person's place in the progress: their region, whether their enrolment is
    completed, and their module places of ended runs (how many, how many completed)."""

    region_id: int | None
    completed: bool
    places_ended: int
    places_completed: int


def tally(
    name: str,
    people: Sequence[Participation],
    *,
    target: int | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> Tally:
    return Tally(
        name=name,
        enrolled=len(people),
        completed=sum(1 for person in people if person.completed),
        target=target,
        expected=expected_by(target=target, starts_on=starts_on, ends_on=ends_on, day=today)
        if target
        else None,
        places_ended=sum(person.places_ended for person in people),
        places_completed=sum(person.places_completed for person in people),
    )


def by_region(
    people: Sequence[Participation],
    *,
    regions: Sequence[tuple[int | None, str]],
    targets: dict[int, int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> list[Tally]:
    """A tally per region (in the order given; `None` is "no region"), with its regional
    target where one is set. A region without people and without a target is left out."""
    tallies = []
    for region_id, name in regions:
        mine = [person for person in people if person.region_id == region_id]
        target = targets.get(region_id) if region_id is not None else None
        if not mine and not target:
            continue
        tallies.append(
            tally(name, mine, target=target, starts_on=starts_on, ends_on=ends_on, today=today)
        )
    return tallies


def alone(counts: dict[object, int]) -> list[object]:
    """The keys (a municipality, a unit) with exactly one person enrolled: what they learn
    has nobody to be anchored with back home."""
    return [key for key, count in counts.items() if count == 1]
