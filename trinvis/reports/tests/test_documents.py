"""PDF and Excel renderers."""

import io

from openpyxl import load_workbook

from trinvis.reports.pdf import html_to_pdf
from trinvis.reports.spreadsheets import (
    Styled,
    new_workbook,
    safe,
    sheet_title,
    workbook_bytes,
    write_table,
)


def test_formula_like_text_is_written_as_text() -> None:
    for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]:
        assert safe(dangerous) == "'" + dangerous
    assert safe("Plain") == "Plain"
    assert safe(-1) == -1  # numbers stay numbers


def test_a_table_has_a_bold_filled_header_widths_and_cell_fills() -> None:
    book = new_workbook()
    sheet = book.create_sheet("Data")
    last = write_table(
        sheet,
        headers=["Name", "Level"],
        rows=[['=HYPERLINK("x")', Styled(3, fill="C6EFCE")], ["Ann", 4]],
        widths=[20, 8],
        freeze="A2",
    )
    assert last == 3
    loaded = load_workbook(io.BytesIO(workbook_bytes(book)))["Data"]
    assert loaded["A1"].font.bold and loaded["A1"].fill.fgColor.rgb.endswith("DDE5EE")
    assert loaded["A2"].value == '\'=HYPERLINK("x")' and loaded["A2"].data_type == "s"
    assert loaded["B2"].value == 3 and loaded["B2"].fill.fgColor.rgb.endswith("C6EFCE")
    assert loaded.column_dimensions["A"].width == 20
    assert loaded.freeze_panes == "A2"


def test_sheet_titles_are_cleaned_for_excel() -> None:
    assert sheet_title("a/b:c" + "x" * 40) == ("a b c" + "x" * 40)[:31]
    assert sheet_title("[]", "Fallback") == "Fallback"


def test_html_becomes_a_pdf_without_fetching_anything() -> None:
    pdf = html_to_pdf('<p>Hello</p><img src="https://example.org/x.png" alt="">')
    assert pdf.startswith(b"%PDF")
