"""Reading one worksheet cell: from a form field or a spreadsheet cell to the stored value.

Plain functions without models, so every column type is fast to test. `parse_cell` takes
what a person typed (text from a form, or a number, date or text from Excel) and returns
the value kept in the worksheet's JSON, or raises `CellError` with a message to show. An
empty cell is always allowed and is stored as None.

Stored values: text and long_text as text; date as ISO text (2027-03-31); number as int
or float; scales as int; status and choice as the option key; person and unit as the key
of the option (a user id, an organisation id). Options are given as a mapping of key to
label: a cell may name the key or the label (case does not matter), so a sheet filled in
by hand with names or labels reads back.
"""

import datetime
import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TEXT_MAX_LENGTH = 500
LONG_TEXT_MAX_LENGTH = 10_000
NUMBER_LIMIT = 10**12
SCALES = {"scale_1_5": (1, 5), "scale_0_10": (0, 10)}
OPTION_TYPES = ("person", "unit", "status", "choice")
STATUS_OPTIONS = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("In progress"),
    "done": gettext_lazy("Done"),
}
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%y")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")

Value = str | int | float | None


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_cell(kind: str, raw: Any, *, options: Mapping[Any, Any] | None = None) -> Value:
    """The stored value of one cell of the given column type; CellError when it is wrong."""
    if is_empty(raw):
        return None
    if kind in ("text", "long_text"):
        return _text(raw, TEXT_MAX_LENGTH if kind == "text" else LONG_TEXT_MAX_LENGTH)
    if kind == "date":
        return _date(raw)
    if kind == "number":
        return _number(raw)
    if kind in SCALES:
        return _scale(raw, *SCALES[kind])
    if kind == "status":
        return _option(raw, options if options is not None else STATUS_OPTIONS)
    if kind in OPTION_TYPES:
        return _option(raw, options or {})
    raise CellError(_("Unknown column type “%(kind)s”.") % {"kind": kind})


def _text(raw: Any, limit: int) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise CellError(
            _("Write at most %(limit)d characters (this has %(length)d).")
            % {"limit": limit, "length": len(text)}
        )
    return text


def _date(raw: Any) -> str:
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    text = str(raw).strip()
    # A date cell exported and read back may carry a midnight time.
    text = re.sub(r"[ T]00:00(:00)?\Z", "", text)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise CellError(_("Write a date such as 2027-03-31 or 31.03.2027."))


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise CellError(_("Write a number."))
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise CellError(_("Write a number."))
        return Decimal(str(raw))
    text = _SPACES.sub("", str(raw))
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("Write a number, such as 12 or 12.5.")) from None
    if not number.is_finite():
        raise CellError(_("Write a number, such as 12 or 12.5."))
    return number


def _number(raw: Any) -> int | float:
    number = _decimal(raw)
    if abs(number) >= NUMBER_LIMIT:
        raise CellError(_("Write a number below a million millions."))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _scale(raw: Any, low: int, high: int) -> int:
    try:
        number = _decimal(raw)
    except CellError:
        number = None
    if number is None or number != number.to_integral_value() or not low <= number <= high:
        raise CellError(
            _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return int(number)


def _option(raw: Any, options: Mapping[Any, Any]) -> Any:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    for key in options:
        if str(key) == text:
            return key
    folded = text.casefold()
    for key, label in options.items():
        if str(label).strip().casefold() == folded:
            return key
    raise CellError(_("Choose one of the options in the list."))


def format_cell(kind: str, value: Any, *, options: Mapping[Any, Any] | None = None) -> str:
    """A stored value as a person reads it (labels for options); empty text for None."""
    if value is None or value == "":
        return ""
    if kind == "status":
        options = options if options is not None else STATUS_OPTIONS
    if kind in OPTION_TYPES:
        for key, label in (options or {}).items():
            if str(key) == str(value):
                return str(label)
        return str(value)
    if kind == "number" and isinstance(value, float):
        return f"{value:g}"
    return str(value)
