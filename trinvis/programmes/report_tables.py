"""What the programme, course and municipality reports share: a table (a title, headers,
rows of plain values and a note) that the PDF prints as an HTML table and Excel writes as a
sheet, the two documents made from a list of them, and the linked surveys' results as a
table.

One set of rows feeds both formats, as in the survey module's report (surveys/
report_exports.py): numbers stay numbers (Excel can sum them; the PDF template formats them
in the reader's locale), dates stay dates, and text that a spreadsheet would read as a
formula is neutralised by reports.spreadsheets.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from trinvis.programmes.selectors_surveys import SurveySummary
from trinvis.reports.pdf import html_to_pdf
from trinvis.reports.spreadsheets import (
    Styled,
    new_workbook,
    safe,
    sheet_title,
    workbook_bytes,
    write_table,
)
from trinvis.surveys.analysis import LOWEST_MINIMUM
from trinvis.surveys.exports import suppressed_note

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
STYLESHEETS = ("reports/pdf.css", "programmes/report_pdf.css")
TABLE_START = 3  # the sheet's title on row 1, the headers on row 3, frozen under them


@dataclass(frozen=True)
class Table:
    """A table of a report: `sheet` names its Excel sheet; `total` marks the last row as a
    totals row (bold)."""

    sheet: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    note: str = ""
    total: bool = False
    widths: Sequence[int] = field(default_factory=tuple)

    @property
    def body(self) -> Sequence[Sequence[Any]]:
        return self.rows[:-1] if self.total else self.rows

    @property
    def footer(self) -> Sequence[Any] | None:
        return self.rows[-1] if self.total and self.rows else None


def per_cent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def filename(kind: str, name: str, pk: int, suffix: str) -> str:
    """The Content-Disposition of a report: "report-<kind>-<name>-<pk>.<suffix>"."""
    return f'attachment; filename="report-{kind}-{slugify(name) or kind}-{pk}{suffix}"'


# --- the surveys ---------------------------------------------------------------------------------


def survey_minimum(summary: SurveySummary) -> int:
    """The smallest group the survey shows, as the survey module computes it."""
    return max(summary.line.survey.minimum_group, LOWEST_MINIMUM)


def survey_table(summaries: Sequence[SurveySummary], *, filtered: str = "") -> Table:
    """Each linked survey with its response rate and, per scale or number question, the
    respondents, the mean and the share in the top two points; a survey whose figures are
    hidden has one row with the reason. `filtered` names the group the results are of (a
    municipality), for the note."""
    headers = [
        _("Survey"),
        _("Wave"),
        _("Responses, all respondents"),
        _("Invited"),
        _("Response rate (per cent)"),
        _("Question"),
        _("Respondents (n)"),
        _("Mean"),
        _("Top two (per cent)"),
        _("Note"),
    ]
    rows: list[list[Any]] = []
    for summary in summaries:
        line = summary.line
        survey = [
            line.survey.title,
            line.survey.wave,
            line.responses,
            line.invited if line.invited else None,
            per_cent(line.rate),
        ]
        if summary.suppressed is not None:
            note = suppressed_note(summary.suppressed, survey_minimum(summary))
            rows.append([*survey, None, None, None, None, note])
            continue
        if not summary.questions:
            rows.append([*survey, None, None, None, None, _("No scale or number question")])
            continue
        for question in summary.questions:
            rows.append(
                [
                    *survey,
                    question.label,
                    question.n,
                    None if question.mean is None else round(question.mean, 2),
                    per_cent(question.top_two_box),
                    suppressed_note(question.suppressed, survey_minimum(summary)),
                ]
            )
    note = _(
        "Figures for fewer respondents than a survey's smallest group (at least "
        "%(minimum)s) are never shown."
    ) % {"minimum": LOWEST_MINIMUM}
    if filtered:
        note = (
            _("The questions' figures are those of the respondents from %(group)s.")
            % {"group": filtered}
            + " "
            + note
        )
    return Table(
        sheet=_("Surveys"),
        title=_("Survey results"),
        headers=headers,
        rows=rows,
        note=note,
        widths=(32, 12, 12, 10, 12, 40, 12, 10, 12, 40),
    )


# --- PDF -----------------------------------------------------------------------------------------


def pdf_bytes(html: str) -> bytes:
    """The report's HTML printed, with the reports' print styles and the programmes' own."""
    return html_to_pdf(html, stylesheets=STYLESHEETS)


# --- Excel ---------------------------------------------------------------------------------------


def _unique_sheet(book: Workbook, title: str, used: set[str]) -> Worksheet:
    """A new sheet named after `title`, numbered when the name is taken (Excel compares
    names without case)."""
    name, number = sheet_title(title), 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = sheet_title(title)[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return book.create_sheet(name)


def _about_sheet(
    book: Workbook, title: str, facts: Sequence[tuple[str, Any]], used: set[str]
) -> None:
    sheet = _unique_sheet(book, _("Report"), used)
    sheet.cell(row=1, column=1, value=safe(title)).font = Font(bold=True, size=14)
    row = 2
    for label, value in facts:
        if value in (None, ""):
            continue
        row += 1
        sheet.cell(row=row, column=1, value=safe(label)).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=safe(value))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def _table_sheet(book: Workbook, table: Table, used: set[str]) -> None:
    sheet = _unique_sheet(book, table.sheet, used)
    sheet.cell(row=1, column=1, value=safe(table.title)).font = Font(bold=True)
    rows: list[Sequence[Any]] = list(table.body)
    if table.footer is not None:
        rows.append([Styled(value, bold=True) for value in table.footer])
    last = write_table(
        sheet,
        headers=table.headers,
        rows=rows,
        start_row=TABLE_START,
        widths=table.widths or [28] + [14] * (len(table.headers) - 1),
        freeze=f"A{TABLE_START + 1}",
    )
    if table.note:
        note = sheet.cell(row=last + 2, column=1, value=safe(table.note))
        note.alignment = Alignment(wrap_text=False, vertical="top")


def workbook_of(title: str, facts: Sequence[tuple[str, Any]], tables: Sequence[Table]) -> bytes:
    """A first sheet about the report, then one sheet per table."""
    book = new_workbook()
    used: set[str] = set()
    _about_sheet(book, title, facts, used)
    for table in tables:
        _table_sheet(book, table, used)
    return workbook_bytes(book)
