"""Reading an imported table row by row: a CSV file or the first sheet of an Excel workbook.

Files come from other tools, from the public statistics and from spreadsheet programs in
Danish, Norwegian or English, so a CSV file may be UTF-8 (with or without a byte order mark)
or Windows-1252 (which covers ISO-8859-1), separated by semicolons (what Excel writes where
the decimal separator is a comma), commas or tabs. Nothing is read into memory whole: CSV is
decoded as a stream (after one quick pass over the bytes to choose the encoding), a workbook
is opened with openpyxl's read-only mode. Every cell comes out as stripped text, so the rest
of an import reads one kind of value whichever format the file had; a workbook cell that
holds a number comes out as a NumberCell (text too), so a reader that must tell "1.234"
typed by a person from the number 1.234 can.

Row numbers are the spreadsheet's: the headings are row 1, the first data row 2.
"""

import codecs
import contextlib
import csv
import datetime
import hashlib
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

# A file path, or a binary file object (an upload, an open file).
RowsSource = str | os.PathLike[str] | IO[bytes]

ZIP_MAGIC = b"PK\x03\x04"  # .xlsx is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_CHUNK = 1024 * 1024
MAX_COLUMNS = 500
# A long text answer is at most 10,000 characters; a field far longer means a broken file,
# and csv's own limit (131,072) would otherwise end the import with an unreadable error.
csv.field_size_limit(1024 * 1024)
_QUOTED = re.compile(r'"[^"]*"')
_UNIT_SEPARATOR = "\x1f"  # never in a spreadsheet's text


class FileUnreadable(Exception):
    """The file is not a CSV file or Excel workbook that can be read; `message` says why."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass
class Table:
    """A file's headings (row 1, as written, stripped) and an iterator of its other rows:
    (row number, cells as text); a row may be shorter or longer than the headings."""

    headings: list[str]
    rows: Iterator[tuple[int, list[str]]]


def normalise_heading(heading: str) -> str:
    """A heading as it is compared and remembered: case and spacing do not matter."""
    return " ".join(heading.split()).casefold()


def headings_key(headings: Iterable[str]) -> str:
    """SHA-256 of the normalised headings in order: the identity of a file's shape."""
    return hashlib.sha256("\n".join(normalise_heading(h) for h in headings).encode()).hexdigest()


class NumberCell(str):
    """The text of a workbook cell that holds a number: plain digits, a decimal point, no
    grouping ("1234", "-0.125"; "1e+20" beyond 15 digits)."""

    __slots__ = ()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: 4.0 → "4", True → "true", a date → ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return NumberCell(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return NumberCell(int(value))
        return NumberCell(format(Decimal(repr(value)), "f") if abs(value) < 1e15 else repr(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


@contextlib.contextmanager
def open_table(source: RowsSource) -> Iterator[Table]:
    """The file as a Table, for a `with` block; raises FileUnreadable, also while the rows
    are read (a broken file may be found out only at its end)."""
    with _binary(source) as stream:
        head = stream.read(4)
        stream.seek(0)
        if head == ZIP_MAGIC:
            with _xlsx_table(stream) as table:
                yield table
        elif head == OLE_MAGIC:
            raise FileUnreadable(
                _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx).")
            )
        else:
            with _csv_table(stream) as table:
                yield table


def read_headings(source: RowsSource, *, samples: int = 3) -> tuple[list[str], list[list[str]]]:
    """The headings and the first few rows (for examples beside each column); raises
    FileUnreadable for a file with no headings, or too many to choose a use for each."""
    with open_table(source) as table:
        if not any(table.headings):
            raise FileUnreadable(_("The first row has no column headings."), row=1)
        if len(table.headings) > MAX_COLUMNS:
            raise FileUnreadable(
                _("The file has %(count)s columns; at most %(limit)s can be imported.")
                % {"count": len(table.headings), "limit": MAX_COLUMNS},
                row=1,
            )
        first = []
        for _number, cells in table.rows:
            if any(cells):
                first.append(cells)
            if len(first) >= samples:
                break
        return table.headings, first


@contextlib.contextmanager
def _binary(source: RowsSource) -> Iterator[IO[bytes]]:
    """A seekable binary stream; the caller's own file object is left open."""
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as opened:
            yield opened
        return
    if source.seekable():
        source.seek(0)
        yield source
        return
    with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as copy:
        while chunk := source.read(_CHUNK):
            copy.write(chunk)
        copy.seek(0)
        yield copy


def _encoding(stream: IO[bytes]) -> str:
    """UTF-8 (a byte order mark is dropped) if every byte decodes so, else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        stream.seek(0)
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        return encoding
    raise FileUnreadable(
        _("The file is neither an Excel workbook nor a text (CSV) file. Save it as “CSV UTF-8”.")
    )


def _delimiter(line: str) -> str:
    """The separator of the heading line; a tie goes to the semicolon, which Excel writes
    in Danish and Norwegian (where unquoted headings may well contain commas). A single
    heading means a single column: its cells are not split at all."""
    unquoted = _QUOTED.sub("", line)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts.values())
    if best == 0:
        return _UNIT_SEPARATOR
    return next(d for d in (";", "\t", ",") if counts[d] == best)


@contextlib.contextmanager
def _csv_table(stream: IO[bytes]) -> Iterator[Table]:
    text = io.TextIOWrapper(stream, encoding=_encoding(stream), newline="")
    try:
        first = text.readline()
        if "\x00" in first:
            raise FileUnreadable(_("The file is neither an Excel workbook nor a text (CSV) file."))
        reader = csv.reader(itertools.chain([first], text), delimiter=_delimiter(first))
        try:
            headings = [cell.strip() for cell in next(reader, [])]
        except csv.Error as error:
            raise FileUnreadable(_("Row 1 cannot be read: %(error)s") % {"error": error}) from None

        def rows() -> Iterator[tuple[int, list[str]]]:
            number = 1
            try:
                for number, row in enumerate(reader, start=2):
                    yield number, [cell.strip() for cell in row]
            except csv.Error as error:
                raise FileUnreadable(
                    _("Row %(row)s cannot be read: %(error)s")
                    % {"row": number + 1, "error": error},
                    row=number + 1,
                ) from None

        yield Table(_trimmed(headings), rows())
    finally:
        # Leave the stream open for its owner: the wrapper would close it when collected.
        with contextlib.suppress(ValueError):
            text.detach()


@contextlib.contextmanager
def _xlsx_table(stream: IO[bytes]) -> Iterator[Table]:
    # Imported here: openpyxl is slow to import and only workbooks need it.
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # a hostile or broken zip raises anything from zipfile, lxml, openpyxl
        raise FileUnreadable(_("The file cannot be read as an Excel workbook (.xlsx).")) from None
    try:
        if not book.worksheets:
            raise FileUnreadable(_("The workbook has no sheet."))
        sheet = book.worksheets[0]
        # Tools write wrong sheet dimensions; without them the rows come as they are stored.
        sheet.reset_dimensions()
        cells = sheet.iter_rows(values_only=True)
        try:
            headings = [cell_text(value) for value in next(cells, ())]
        except Exception:
            raise FileUnreadable(_("Row 1 cannot be read."), row=1) from None

        def rows() -> Iterator[tuple[int, list[str]]]:
            number = 1
            try:
                for number, values in enumerate(cells, start=2):
                    yield number, [cell_text(value) for value in values]
            except FileUnreadable:
                raise
            except Exception:
                raise FileUnreadable(
                    _("Row %(row)s cannot be read.") % {"row": number + 1}, row=number + 1
                ) from None

        yield Table(_trimmed(headings), rows())
    finally:
        book.close()


def _trimmed(headings: list[str]) -> list[str]:
    """Without the empty headings at the end (spreadsheets keep formatted empty columns)."""
    while headings and not headings[-1]:
        headings.pop()
    return headings
