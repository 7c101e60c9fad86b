"""Reading the rows of a statistics export for one indicator: each row one value (an area,
a period, a breakdown and a number), or no figure (skipped), or problems by row and column
collected on the side (the first MAX_PROBLEMS listed, the rest counted).

A file names each area, period and breakdown once: a second row for the same is a problem,
and when a column left unmapped tells the two rows apart, the problem names it (it is
likely a breakdown the mapping does not use, or a second measure in one file).
Cell readers remember what each distinct cell gave: a file of a million rows holds a few
hundred areas and periods, so most cells cost a dictionary lookup.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from trinvis.core.imports.problems import ImportFailed, Problem
from trinvis.core.imports.reading import FileUnreadable, Table
from trinvis.indicators import periods
from trinvis.indicators.imports.cells import (
    AreaCell,
    CellError,
    area_name,
    national_codes,
    quote,
    read_area,
    read_category,
    read_period,
    read_value,
)
from trinvis.indicators.imports.columns import (
    AREA,
    NAME,
    PERIOD,
    VALUE,
    ColumnMapping,
    resolve_columns,
)
from trinvis.indicators.library import breakdown_key

MAX_PROBLEMS = 200  # listed; beyond them only counted
BREAKDOWN_KEY_LIMIT = 200  # Value.breakdown_key
_CACHE_LIMIT = 20_000

T = TypeVar("T")


@dataclass(frozen=True)
class ParsedValue:
    """One row as it will be stored."""

    row: int
    area: AreaCell
    period: periods.Period
    breakdown: dict[str, str]
    key: str  # breakdown_key(breakdown)
    value: Decimal


def _memoised(read: Callable[[str], T]) -> Callable[[str], T]:
    """`read` with its results kept per cell text (not its errors, which are rare)."""
    cache: dict[str, T] = {}

    def cached(cell: str) -> T:
        try:
            return cache[cell]
        except KeyError:
            result = read(cell)
            if len(cache) < _CACHE_LIMIT:
                cache[cell] = result
            return result

    return cached


@dataclass
class RowReader:
    """Reads the rows of one file for one indicator; collects the problems as it goes.
    Raises ImportFailed at once when the mapping does not fit the file."""

    headings: list[str]
    mapping: ColumnMapping
    country: str
    breakdowns: Sequence[str]  # the indicator's dimensions
    problems: list[Problem] = field(default_factory=list)
    more: int = 0
    rows_read: int = 0  # rows with a figure: one value each
    skipped: int = 0  # rows without a figure ("..", "-", empty)

    def __post_init__(self) -> None:
        self.columns, problems = resolve_columns(
            self.headings, self.mapping, breakdowns=self.breakdowns
        )
        if problems:
            raise ImportFailed(problems)
        national = national_codes(self.mapping.national)
        country, notation = self.country, self.mapping.notation
        self.dimensions = [use for use in self.columns if use not in (AREA, PERIOD, VALUE, NAME)]
        read_category_once = _memoised(read_category)
        # The value first: a row without a figure is skipped whatever its other cells say.
        # Values are not memoised: a workbook's number and the same text read differently.
        self.readers: list[tuple[str, Callable[[str], Any]]] = [
            (VALUE, lambda cell: read_value(cell, notation)),
            (AREA, _memoised(lambda cell: read_area(cell, country=country, national=national))),
            (PERIOD, _memoised(read_period)),
            *((use, read_category_once) for use in self.dimensions),
        ]
        mapped = set(self.columns.values())
        self.unmapped = [i for i, h in enumerate(self.headings) if h and i not in mapped]
        # (area code, period, breakdown key) → (row, the unmapped cells of that row)
        self.seen: dict[tuple[str, str, str], tuple[int, tuple[str, ...]]] = {}

    def problem(self, row: int | None, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))
        else:
            self.more += 1

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def values(self, table: Table) -> Iterator[ParsedValue]:
        """The rows without problems, ready to store; problems are collected on the side.
        Empty rows are passed over."""
        try:
            for number, cells in table.rows:
                if not any(cells):
                    continue
                parsed = self._row(number, cells)
                if parsed is not None:
                    yield parsed
        except FileUnreadable as error:
            self.problem(error.row, "", error.message)

    def _cell(self, cells: list[str], use: str) -> str:
        index = self.columns[use]
        return cells[index] if index < len(cells) else ""

    def _row(self, number: int, cells: list[str]) -> ParsedValue | None:
        parts: dict[str, Any] = {}
        ok = True
        for use, read in self.readers:
            try:
                parts[use] = read(self._cell(cells, use))
            except CellError as error:
                self.problem(number, self.headings[self.columns[use]], error.message)
                ok = False
            else:
                if use == VALUE and parts[use] is None:
                    self.skipped += 1
                    return None
        self.rows_read += 1
        if not ok:
            return None
        breakdown = {use: parts[use] for use in self.dimensions if parts[use]}
        key = breakdown_key(breakdown)
        if len(key) > BREAKDOWN_KEY_LIMIT:
            self.problem(
                number,
                "",
                _("The breakdown “%(value)s” is too long to keep.") % {"value": quote(key)},
            )
            return None
        area: AreaCell = parts[AREA]
        if NAME in self.columns:
            area = AreaCell(area.code, area_name(self._cell(cells, NAME)), area.kind)
        period: periods.Period = parts[PERIOD]
        if not self._first(number, cells, (area.code, period.text, key)):
            return None
        return ParsedValue(number, area, period, breakdown, key, parts[VALUE])

    def _first(self, number: int, cells: list[str], identity: tuple[str, str, str]) -> bool:
        """True for the first row of an area, period and breakdown; a problem for another."""
        unmapped = tuple(cells[i] if i < len(cells) else "" for i in self.unmapped)
        earlier = self.seen.get(identity)
        if earlier is None:
            self.seen[identity] = (number, unmapped)
            return True
        row, cells_then = earlier
        differing = [
            self.headings[index]
            for index, now, then in zip(self.unmapped, unmapped, cells_then, strict=True)
            if now != then
        ]
        message = _("Row %(row)s already has a value for this area, period and breakdown.") % {
            "row": row
        }
        if differing:
            message += " " + _(
                "The column “%(column)s” tells the two rows apart: choose it as a breakdown, "
                "or leave out the rows you do not want to import."
            ) % {"column": differing[0]}
        self.problem(number, "", message)
        return False
