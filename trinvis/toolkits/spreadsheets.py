"""A worksheet as an Excel workbook, and the filled workbook read back.

The first sheet is the worksheet: a header row of column labels, fixed row labels in the
first column, lists and bounds as data validation. A hidden sheet ("trinvis") names the run,
the template, the version exported and the column keys, so an upload is checked against
the run and saved with the exported version as its base: an online edit in the meantime
becomes a conflict to resolve, never lost text.
"""

import datetime
import io
import re
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trinvis.toolkits import cells
from trinvis.toolkits.worksheets import Rows, Sheet, text_of

META_SHEET = "trinvis"
BLANK_ROWS = 30
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


class ImportFailed(Exception):
    def __init__(self, errors: list[tuple[int | None, str, str]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors  # (line or None, column label, message)


def workbook_export(*, sheet: Sheet, rows: Rows, run_pk: int, version: int) -> bytes:
    book = Workbook()
    main = book.active
    assert main is not None
    main.title = (_BAD_TITLE.sub(" ", sheet.title).strip() or sheet.key)[:31]
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    offset = 1 if sheet.fixed_rows is not None else 0
    header = [text_of(sheet.template.get("row_header")) or ""] if offset else []
    main.append(header + [column.label for column in sheet.columns])
    bold = Font(bold=True)
    for cell in main[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE5EE")
    main.freeze_panes = f"{get_column_letter(offset + 1)}2"

    if sheet.fixed_rows is not None:
        labels = {row.key: row.label for row in sheet.fixed_rows}
        for row in rows:
            main.append([labels.get(row["key"], row["key"]), *_values(sheet, row)])
        last_row = len(rows) + 1
    else:
        for row in rows:
            main.append(_values(sheet, row))
        last_row = len(rows) + 1 + BLANK_ROWS
    _never_formulas(main)

    meta.append(["run", run_pk])
    meta.append(["template", sheet.key])
    meta.append(["version", version])
    meta.append(["columns", *[column.key for column in sheet.columns]])
    meta.append(["rows", *[row.key for row in sheet.fixed_rows or []]])
    meta.append(["layout", "fixed" if sheet.fixed_rows is not None else "free"])

    for index, column in enumerate(sheet.columns):
        letter = get_column_letter(index + offset + 1)
        area = f"{letter}2:{letter}{max(last_row, 2)}"
        main.column_dimensions[letter].width = 40 if column.kind == "long_text" else 20
        position = index + offset + 1
        for (value,) in main.iter_rows(min_row=2, min_col=position, max_col=position):
            if column.kind == "date" and value.value is not None:
                value.number_format = "yyyy-mm-dd"
            if column.kind == "long_text":
                value.alignment = Alignment(wrap_text=True, vertical="top")
        validation = _validation(column, meta, list_column=index + 2)
        if validation is not None:
            main.add_data_validation(validation)
            validation.add(area)
    if offset:
        main.column_dimensions["A"].width = 30
        for (label,) in main.iter_rows(min_row=2, max_col=1):
            label.font = bold
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _never_formulas(sheet: Any) -> None:
    """Text typed into a worksheet stays text in Excel: openpyxl writes a string that starts
    with "=" as a formula, which would run on the reader's machine (issue 8). Stored as a
    string cell it reads back unchanged, so the round trip keeps what was typed."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
                cell.quotePrefix = True


def _values(sheet: Sheet, row: dict[str, Any]) -> list[Any]:
    values: list[Any] = []
    for column in sheet.columns:
        value = row.get("cells", {}).get(column.key)
        if value is None:
            values.append(None)
        elif column.kind == "date":
            values.append(datetime.date.fromisoformat(str(value)))
        elif column.kind in cells.OPTION_TYPES:
            values.append(cells.format_cell(column.kind, value, options=column.options))
        else:
            values.append(value)
    return values


def _validation(column: Any, meta: Any, *, list_column: int) -> DataValidation | None:
    error = _("Choose a value from the list.")
    if column.kind in cells.SCALES:
        low, high = cells.SCALES[column.kind]
        message = _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        return DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
            showErrorMessage=True,
            error=message,
            prompt=message,
        )
    if column.kind == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    if column.kind == "number":
        limit = str(cells.NUMBER_LIMIT - 1)
        return DataValidation(
            type="decimal",
            operator="between",
            formula1=f"-{limit}",
            formula2=limit,
            allow_blank=True,
        )
    if column.kind in cells.OPTION_TYPES and column.options:
        # Lists live on the hidden sheet: a list written into the rule is limited to 255
        # characters and breaks on commas in labels.
        letter = get_column_letter(list_column)
        first = 10
        for offset, label in enumerate(column.options.values()):
            meta.cell(row=first + offset, column=list_column, value=str(label))
        last = first + len(column.options) - 1
        return DataValidation(
            type="list",
            formula1=f"{META_SHEET}!${letter}${first}:${letter}${last}",
            allow_blank=True,
            showErrorMessage=True,
            error=error,
        )
    return None


def workbook_read(*, data: bytes, sheet: Sheet, run_pk: int) -> tuple[Rows, int]:
    """The raw rows of a filled workbook (each with its line) and the version exported."""
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # a broken zip raises anything from zipfile, zlib, lxml or openpyxl
        raise ImportFailed([(None, "", _("This is not an Excel workbook (.xlsx)."))]) from None
    if META_SHEET not in book.sheetnames:
        raise ImportFailed(
            [(None, "", _("This workbook was not exported from a Trinvis worksheet."))]
        )
    meta = {
        str(row[0].value): [cell.value for cell in row[1:]]
        for row in book[META_SHEET].iter_rows(max_row=6)
        if row and row[0].value
    }
    run_ok = _first(meta.get("run")) == run_pk
    if not run_ok or _first(meta.get("template")) != sheet.key:
        raise ImportFailed(
            [(None, "", _("This workbook belongs to another run or another worksheet."))]
        )
    version = _first(meta.get("version"))
    keys = [key for key in meta.get("columns", []) if key]
    if not isinstance(version, int) or keys != [column.key for column in sheet.columns]:
        raise ImportFailed(
            [(None, "", _("The columns of this workbook were changed; export it again."))]
        )
    main = book.worksheets[0]
    row_keys = [key for key in meta.get("rows", []) if key]
    fixed = sheet.fixed_rows is not None
    offset = 1 if fixed else 0
    rows: Rows = []
    for line, values in enumerate(main.iter_rows(min_row=2, values_only=True), start=2):
        values_list = list(values) + [None] * (len(keys) + offset)
        row_cells = {key: values_list[index + offset] for index, key in enumerate(keys)}
        if fixed:
            if line - 2 >= len(row_keys):
                if any(not cells.is_empty(value) for value in row_cells.values()):
                    rows.append({"key": "", "cells": row_cells, "line": line})
                continue
            rows.append({"key": row_keys[line - 2], "cells": row_cells, "line": line})
        elif any(not cells.is_empty(value) for value in row_cells.values()):
            rows.append({"key": "", "cells": row_cells, "line": line})
    return rows, version


def _first(values: list[Any] | None) -> Any:
    return values[0] if values else None
