"""Excel workbooks with openpyxl: a table with a header row, column widths and fills.

Text that a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage
return that some programs skip first) is written with a leading apostrophe, so a name or
comment typed by a user can never run as a formula on the reader's machine.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "DDE5EE"
_BAD_TITLE = "[]:*?/\\"


@dataclass(frozen=True)
class Styled:
    """A cell value with a background colour (hex RGB, e.g. "FFC7CE") and optional bold."""

    value: Any
    fill: str = ""
    bold: bool = False


def safe(value: Any) -> Any:
    """The value as it may be written to a cell: formula-like text is neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_title(title: str, fallback: str = "Sheet") -> str:
    """A title Excel accepts: no []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if char in _BAD_TITLE else char for char in title).strip()
    return (cleaned or fallback)[:31]


def write_table(
    sheet: Worksheet,
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
    start_row: int = 1,
    freeze: str | None = None,
) -> int:
    """Write a header row and the rows below it; returns the number of the last row written.

    A value may be a `Styled` for a fill or bold; text is neutralised with `safe`.
    """
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=start_row, column=column, value=safe(header))
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row_number = start_row
    for row in rows:
        row_number += 1
        for column, value in enumerate(row, start=1):
            styled = value if isinstance(value, Styled) else Styled(value)
            cell = sheet.cell(row=row_number, column=column, value=safe(styled.value))
            if styled.fill:
                cell.fill = PatternFill("solid", fgColor=styled.fill)
            if styled.bold:
                cell.font = bold
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    return row_number


def new_workbook() -> Workbook:
    """An empty workbook without the default sheet: callers add their own."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    return book


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
