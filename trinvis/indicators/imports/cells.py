"""Reading one cell of a statistics export: a value, an area, a period or a breakdown category.

Values. Statistics Denmark and Statistics Norway mark a missing figure with symbols rather
than a number: ".." (not available), "." (not applicable), "..." (not yet), ":"
(confidential); an empty cell says the same. Such a row has no figure and is skipped, with
a count, never an error. A dash ("-") is different: both banks write it for nil, a real
zero ("nothing happened"), so it is read as 0. A number is read by the notation the file is written
in, which the country gives and the mapping step may change:
- comma notation (Danish and Norwegian files, the default for both countries): the decimal
  separator is a comma, thousands may be grouped by a point or a space: "1.234,5",
  "1 234,5", "12,5";
- point notation (files exported in English): the decimal separator is a point, thousands
  may be grouped by a comma or a space: "1,234.5", "12.5".
A separator that is neither a decimal separator nor a proper thousands group ("1.5" in comma
notation, "1,5" in point notation) makes the cell a problem rather than a guess. A workbook
cell that holds a number (not text) is that number whatever the notation. A trailing "%" is
allowed (the unit says it is a share).

Areas. The cell holds the official number, often followed by the name as the statistics
banks write it ("101 København", "0301 Oslo", "K-0301 Oslo"); the name becomes the area's
name. The number must have the country's form (Organisation.MUNICIPALITY_NUMBER_FORMAT: three
digits in Denmark, four in Norway); a region (081–085 in Denmark, two digits in Norway) is a
region. A bare number that reads as a region's or a Norwegian municipality's once the
leading zero a spreadsheet drops is back ("301" → "0301") gets it back. The codes and words
the mapping names for the whole country ("000", "Hele landet") make the national row.

Breakdowns. A category is kept as the file writes it; an empty cell or a word for all
("I alt", "Total", "Alle", "Alder i alt") is the total of that dimension.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from trinvis.core.imports.reading import NumberCell
from trinvis.indicators import periods
from trinvis.indicators.models import Area
from trinvis.organisations.models import Organisation

COMMA, POINT = "comma", "point"
NO_FIGURE = frozenset({"", ".", "..", "...", ":"})
NIL = frozenset({"-", "–", "—"})
# Value.value has 18 digits, four of them decimals.
VALUE_LIMIT = Decimal("1e14")
FOUR_PLACES = Decimal("0.0001")
AREA_NAME_LIMIT = 200  # Area.name
REGION_NUMBER_FORMAT = {"DK": r"08[1-5]", "NO": r"(?!00)[0-9]{2}"}
TOTAL_WORDS = frozenset(
    {
        "i alt",
        "ialt",
        "total",
        "totalt",
        "alle",
        "all",
        "samlet",
        "begge køn",
        "begge kjønn",
        "both sexes",
        "alle aldre",
        "alle aldrar",
        "all ages",
    }
)
NATIONAL_DEFAULTS = {
    "DK": ("000", "0", "Hele landet", "I alt", "Danmark"),
    "NO": ("0", "00", "0000", "Hele landet", "I alt", "Landet", "Norge"),
}
_QUOTE_AT_MOST = 60
_SPACES = " \u00a0\u202f\u2009"
_MINUSES = "\u2212\u2013"
_AREA = re.compile(r"(?:[Kk]-)?([0-9]+)(?:\s*[-–:]?\s+|\s*[-–:]\s*)?(.*)", re.S)
_MONTH_DATE = re.compile(r"([12][0-9]{3})-([01][0-9])-01(?:T00:00(?::00)?)?")


class CellError(Exception):
    """A cell that cannot be read; `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def quote(text: str) -> str:
    return text if len(text) <= _QUOTE_AT_MOST else text[: _QUOTE_AT_MOST - 1] + "…"


# --- values ----------------------------------------------------------------------------------


def _number_pattern(decimal: str, group: str) -> re.Pattern[str]:
    groups = re.escape(group + _SPACES)
    return re.compile(
        rf"[+-]?(?:[0-9]{{1,3}}(?:[{groups}][0-9]{{3}})+|[0-9]+)(?:{re.escape(decimal)}[0-9]+)?"
    )


_NOTATIONS = {
    COMMA: (_number_pattern(",", "."), ",", "."),
    POINT: (_number_pattern(".", ","), ".", ","),
}


def read_value(cell: str, notation: str) -> Decimal | None:
    """The cell's number, rounded to four decimals; None when it holds no figure. Raises
    CellError for anything else."""
    text = cell.strip()
    if text in NO_FIGURE:
        return None
    if text in NIL:
        return Decimal(0)
    number = _number(text, notation, typed=isinstance(cell, NumberCell))
    if number is None or not number.is_finite():
        pattern_help = (
            _("decimals after a comma, thousands grouped by a point or a space: 1.234,5")
            if notation == COMMA
            else _("decimals after a point, thousands grouped by a comma or a space: 1,234.5")
        )
        raise CellError(
            _("“%(value)s” is not a number in the file's notation (%(notation)s).")
            % {"value": quote(text), "notation": pattern_help}
        )
    if abs(number) >= VALUE_LIMIT:
        raise CellError(_("“%(value)s” is too large a number.") % {"value": quote(text)})
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_EVEN)


def _number(text: str, notation: str, *, typed: bool) -> Decimal | None:
    if typed:
        candidate = text
    else:
        pattern, decimal, group = _NOTATIONS[notation]
        for minus in _MINUSES:
            text = text.replace(minus, "-")
        text = text.removesuffix("%").rstrip(_SPACES)
        if not pattern.fullmatch(text):
            return None
        candidate = text.replace(group, "").replace(decimal, ".")
        for space in _SPACES:
            candidate = candidate.replace(space, "")
    try:
        return Decimal(candidate)
    except InvalidOperation:
        return None


# --- areas -----------------------------------------------------------------------------------


def area_name(text: str) -> str:
    """A name as an area keeps it: spacing tidied, at most Area.name's length."""
    return " ".join(text.split())[:AREA_NAME_LIMIT]


@dataclass(frozen=True)
class AreaCell:
    """An area as a row names it: code "" and kind country for the national row."""

    code: str
    name: str
    kind: str


def national_codes(texts: str | list[str] | tuple[str, ...]) -> frozenset[str]:
    """The folded codes and words for the whole country, from a comma-separated text or a
    list."""
    parts = texts.split(",") if isinstance(texts, str) else texts
    return frozenset(fold(part) for part in parts if part.strip())


def read_area(cell: str, *, country: str, national: frozenset[str]) -> AreaCell:
    """The area a cell names; raises CellError for a number in no form the country uses,
    or a cell without a number."""
    text = cell.strip()
    match = _AREA.fullmatch(text)
    code, name = (match[1], area_name(match[2])) if match else ("", area_name(text))
    if fold(text) in national or code in national or (name and fold(name) in national):
        return AreaCell("", name, Area.Kind.COUNTRY)
    if not code:
        raise CellError(
            _(
                "“%(value)s” has no municipality number. Choose the column with the numbers, "
                "or export the areas with their numbers (“101 København”)."
            )
            % {"value": quote(text)}
        )
    if not name:
        code = _with_leading_zero(code, country)
    if not code.strip("0"):
        raise CellError(
            _(
                "“%(value)s” is no municipality's number. If it is the whole country, add it "
                "to the codes for the whole country."
            )
            % {"value": quote(text)}
        )
    region = REGION_NUMBER_FORMAT.get(country)
    if region and re.fullmatch(region, code):
        return AreaCell(code, name, Area.Kind.REGION)
    if re.fullmatch(Organisation.MUNICIPALITY_NUMBER_FORMAT[country], code):
        return AreaCell(code, name, Area.Kind.MUNICIPALITY)
    raise CellError(
        _("“%(value)s” is not a municipality number: in %(country)s they have %(digits)s digits.")
        % {
            "value": quote(text),
            "country": Organisation.Country(country).label,
            "digits": municipality_digits(country),
        }
    )


def municipality_digits(country: str) -> int:
    """The digits of a municipality number in the country (3 in Denmark, 4 in Norway)."""
    return 3 if country == Organisation.Country.DENMARK else 4


def _with_leading_zero(code: str, country: str) -> str:
    """A number that reads as a region's or a Norwegian municipality's once the leading
    zero a spreadsheet drops is back ("301" → "0301", "81" → "081"), with it."""
    padded = f"0{code}"
    region = REGION_NUMBER_FORMAT.get(country)
    if region and re.fullmatch(region, padded):
        return padded
    if country == Organisation.Country.NORWAY and re.fullmatch(
        Organisation.MUNICIPALITY_NUMBER_FORMAT[country], padded
    ):
        return padded
    return code


# --- periods and breakdowns ------------------------------------------------------------------


def read_period(cell: str) -> periods.Period:
    """The period a cell names; a spreadsheet date on the first of a month is that month."""
    text = cell.strip()
    if match := _MONTH_DATE.fullmatch(text):
        text = f"{match[1]}-{match[2]}"
    try:
        return periods.parse(text)
    except periods.PeriodError:
        raise CellError(
            _(
                "“%(value)s” is not a period: write a year (2024), a quarter (2024K3) or a "
                "month (2024M05)."
            )
            % {"value": quote(cell.strip())}
        ) from None


def read_category(cell: str) -> str | None:
    """A breakdown category as written; None for the total of the dimension."""
    text = " ".join(cell.split())
    folded = text.casefold()
    if not folded or folded in TOTAL_WORDS or folded.endswith((" i alt", " ialt", " total")):
        return None
    if ";" in text or "=" in text:
        raise CellError(
            _("“%(value)s”: a category cannot hold “;” or “=”.") % {"value": quote(text)}
        )
    return text
