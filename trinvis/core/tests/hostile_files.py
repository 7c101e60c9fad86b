"""Hypothesis strategies for hostile uploads, shared by the importers' fuzz tests: random
bytes, files that lie about their type, text in the wrong encoding or with a byte order mark,
huge cells, formulas, missing and extra columns, wrong types, and mutations of a good file.

Each strategy gives (file name, bytes), so a test can post it through the real upload form.
"""

import io
import zipfile
from typing import Any

from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]
HOSTILE_CELLS = [
    "",
    " ",
    "=1+1",
    '=HYPERLINK("http://example.org","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "NaN",
    "1e400",
    "-0",
    "2024-13-45",
    "TRUE",
    "\x00",
    "‮evil",
    "x" * 5000,
    "a;b,c\td",
    '"quoted, with comma"',
    "line\nbreak",
]

cells = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=20))


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    lines = []
    for row in rows:
        quoted = ['"' + cell.replace('"', '""') + '"' for cell in row]
        lines.append(delimiter.join(quoted))
    return "\r\n".join(lines) + "\r\n"


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def not_a_workbook_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


def damaged_sheet(workbook: bytes, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose directory is intact but one sheet's compressed bytes are not: it
    opens, and fails only when the sheet is read (zlib or a checksum error)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        entry = archive.getinfo(name)
    damaged = bytearray(workbook)
    # The local header: 30 bytes, then the name and the extra field, whose lengths it holds.
    start = entry.header_offset
    data = start + 30 + int.from_bytes(damaged[start + 26 : start + 28], "little")
    data += int.from_bytes(damaged[start + 28 : start + 30], "little")
    for index in range(data + 8, min(data + 40, data + entry.compress_size)):
        damaged[index] ^= 0xFF
    return bytes(damaged)


@st.composite
def mutated(draw: st.DrawFn, good: bytes) -> bytes:
    """A good file, cut short, with bytes flipped or inserted."""
    data = bytearray(good)
    for _ in range(draw(st.integers(1, 5))):
        if not data:
            break
        # Drawn independent of the length, which may differ from one example to the next
        # (a workbook exported anew holds its time): hypothesis needs the same draws.
        where = draw(st.integers(0, 2**20)) % len(data)
        action = draw(st.sampled_from(["flip", "insert", "cut"]))
        if action == "flip":
            data[where] = draw(st.integers(0, 255))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[where:]
    return bytes(data)


@st.composite
def tables(draw: st.DrawFn, headings: list[str], good_cells: list[str]) -> list[list[str]]:
    """A heading row with columns dropped, doubled or added, and rows of good and hostile
    cells, some shorter or longer than the headings."""
    chosen = draw(st.lists(st.sampled_from(headings), max_size=len(headings) + 2))
    if draw(st.booleans()):
        chosen = list(headings)
    chosen += draw(st.lists(st.sampled_from(["extra", "", "=A1", "x" * 300]), max_size=2))
    value = st.one_of(st.sampled_from(good_cells), cells)
    rows = draw(
        st.lists(
            st.lists(value, min_size=max(0, len(chosen) - 1), max_size=len(chosen) + 1),
            max_size=6,
        )
    )
    return [chosen, *rows]


@st.composite
def hostile_csv(
    draw: st.DrawFn, headings: list[str], good_cells: list[str], name: str = "upload.csv"
) -> tuple[str, bytes]:
    table = draw(tables(headings, good_cells))
    text = csv_text(table, draw(st.sampled_from([",", ";", "\t"])))
    kind = draw(st.sampled_from(["encoded", "bom", "mutated", "bytes", "workbook", "zip"]))
    if kind == "encoded":
        return name, encode(text, draw(st.sampled_from(ENCODINGS)))
    if kind == "bom":
        return name, draw(st.sampled_from(BOMS)) + encode(text, "utf-8")
    if kind == "mutated":
        return name, draw(mutated(encode(text, "utf-8")))
    if kind == "bytes":
        return name, draw(st.binary(max_size=300))
    if kind == "workbook":
        return name, xlsx_bytes(table)
    return name, not_a_workbook_zip()


@st.composite
def hostile_xlsx(
    draw: st.DrawFn, good: bytes, headings: list[str], good_cells: list[str]
) -> tuple[str, bytes]:
    """A mutated good workbook, a workbook of random rows (numbers, dates, formulas), a CSV
    or random bytes under an .xlsx name, or a zip that is no workbook."""
    kind = draw(st.sampled_from(["mutated", "rows", "typed", "csv", "bytes", "zip", "good"]))
    if kind == "mutated":
        return "upload.xlsx", draw(mutated(good))
    if kind in ("rows", "typed"):
        table: list[list[Any]] = draw(tables(headings, good_cells))
        if kind == "typed":
            typed = st.one_of(st.integers(-(10**12), 10**12), st.floats(), st.booleans())
            table = [[draw(st.one_of(typed, st.just(cell))) for cell in row] for row in table]
        return "upload.xlsx", xlsx_bytes(table)
    if kind == "csv":
        return "upload.xlsx", encode(csv_text(draw(tables(headings, good_cells))), "utf-8")
    if kind == "bytes":
        return "upload.xlsx", draw(st.binary(max_size=300))
    if kind == "zip":
        return "upload.xlsx", not_a_workbook_zip()
    return "upload.xlsx", good
