"""The warnings about who comes to the workshops and when, as pure functions.

SØM builds on all three qualifying units taking part and on anchoring in leadership, and on
interaction over time: the second workshop follows the first while the work is still fresh.
The rules, and what counts:

1. A municipality lacks a qualifying unit. For each workshop, each municipality taking part
   should register at least one participant from each of the three qualifying units: the
   refugee service, adult education and employment (Jobcentre / NAV). "Other unit" counts
   for none of them. The warning names the units missing.
2. A municipality has no leader with decision authority among its participants of a
   workshop: someone who can decide on the spot what the municipality will try.
3. A workshop comes more than two months after the one before it. Counted in calendar
   months from the last day of the earlier workshop to the first day of the later one: after
   a workshop ending on 15 March the next should start on 15 May at the latest; after one
   ending on 31 December, on 28 (or 29) February, the last day of that month. Workshops
   follow one another by their numbers (1 then 2, 2 then 3).

No database access here: selectors_workshops.py gathers the facts with a fixed number of
queries; these functions say what is wrong with them.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.organisations.models import Organisation

UnitType = Organisation.UnitType

# The three units a municipality's qualification work needs: everything but "other".
QUALIFYING_UNITS: tuple[str, ...] = tuple(unit.value for unit in UnitType if unit != UnitType.OTHER)
MONTHS_BETWEEN_WORKSHOPS = 2


@dataclass(frozen=True)
class Attendance:
    """One registered participant, as far as the rules care."""

    unit_type: str
    decision_authority: bool


@dataclass(frozen=True)
class Coverage:
    """What a municipality's participants of one workshop lack."""

    nobody: bool
    missing_units: tuple[str, ...]
    no_leader: bool

    @property
    def complete(self) -> bool:
        return not (self.nobody or self.missing_units or self.no_leader)

    def messages(self) -> list[str]:
        """The warnings in words; one line when nobody is registered at all."""
        if self.nobody:
            return [_("Nobody is registered yet.")]
        lines = []
        if self.missing_units:
            names = ", ".join(str(UnitType(unit).label) for unit in self.missing_units)
            lines.append(_("No participant from: %(units)s.") % {"units": names})
        if self.no_leader:
            lines.append(_("No leader with decision authority."))
        return lines


def coverage(participants: Iterable[Attendance]) -> Coverage:
    """Rules 1 and 2 for one municipality at one workshop."""
    people = list(participants)
    present = {person.unit_type for person in people}
    return Coverage(
        nobody=not people,
        missing_units=tuple(unit for unit in QUALIFYING_UNITS if unit not in present),
        no_leader=not any(person.decision_authority for person in people),
    )


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, or the last day of that month when it is
    shorter (31 December + 2 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_next_start(ends_on: datetime.date) -> datetime.date:
    """The latest first day of the next workshop under rule 3."""
    return months_later(ends_on, MONTHS_BETWEEN_WORKSHOPS)


@dataclass(frozen=True)
class Dates:
    """A workshop's number and days, as rule 3 reads them."""

    id: int
    number: int
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class Spacing:
    """Rule 3 broken: `later` starts after `latest`, two months after `earlier` ended."""

    earlier: Dates
    later: Dates
    latest: datetime.date

    def message(self) -> str:
        return _(
            "Workshop %(later)s starts more than two months after workshop %(earlier)s "
            "ended: on %(starts)s, while %(latest)s would keep the work going."
        ) % {
            "later": self.later.number,
            "earlier": self.earlier.number,
            "starts": date_format(self.later.starts_on),
            "latest": date_format(self.latest),
        }


def spacing_problems(workshops: Sequence[Dates]) -> list[Spacing]:
    """Rule 3 over a programme's workshops: each one against the one numbered just before."""
    by_number = {workshop.number: workshop for workshop in workshops}
    problems = []
    for number in sorted(by_number):
        earlier = by_number.get(number - 1)
        if earlier is None:
            continue
        later = by_number[number]
        latest = latest_next_start(earlier.ends_on)
        if later.starts_on > latest:
            problems.append(Spacing(earlier=earlier, later=later, latest=latest))
    return problems


def rule_in_words() -> str:
    return _(
        "Each municipality brings someone from the refugee service, from adult education and "
        "from Jobcentre / NAV, and a leader who can decide. The next workshop starts within "
        "two calendar months of the last day of the one before (after 15 March: by 15 May)."
    )
