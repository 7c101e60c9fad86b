"""Periods as the public statistics write them, read and normalised.

Statistics Denmark and Statistics Norway label time as a year ("2024"), a quarter ("2024K3";
"2024Q3" is read too) or a month ("2024M05"; "2024M5" and "2024-05" are read too). A period
is kept in one form per kind — "2024", "2024K3", "2024M05" — with its first day, so periods
of one kind sort and chart by date. Pure: no Django.
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    kind: Kind
    text: str

    def __str__(self) -> str:
        return self.text


_YEAR = re.compile(r"([12][0-9]{3})")
_QUARTER = re.compile(r"([12][0-9]{3})\s*[KQkq]\s*([1-4])")
_MONTH = re.compile(r"([12][0-9]{3})\s*(?:[Mm]\s*|-)([0-9]{1,2})")


class PeriodError(ValueError):
    """The text is not a year, quarter or month in a form the statistics use."""


def parse(text: object) -> Period:
    """The period a cell names; PeriodError when it names none. A year read as a number
    from a spreadsheet (2024 or 2024.0) is a year."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    value = str(text).strip()
    if match := _YEAR.fullmatch(value):
        year = int(match[1])
        return Period(datetime.date(year, 1, 1), Kind.YEAR, f"{year}")
    if match := _QUARTER.fullmatch(value):
        year, quarter = int(match[1]), int(match[2])
        start = datetime.date(year, 3 * quarter - 2, 1)
        return Period(start, Kind.QUARTER, f"{year}K{quarter}")
    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(value)
        return Period(datetime.date(year, month, 1), Kind.MONTH, f"{year}M{month:02d}")
    raise PeriodError(value)


def end(period: Period) -> datetime.date:
    """The period's last day."""
    start = period.start
    months = {Kind.YEAR: 12, Kind.QUARTER: 3, Kind.MONTH: 1}[period.kind]
    month_index = start.year * 12 + start.month - 1 + months
    following = datetime.date(month_index // 12, month_index % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
