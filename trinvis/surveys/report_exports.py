"""A survey's report as PDF (its tables, charts drawn as SVG from the page's own Vega-Lite
specs, and notes) and as Excel (a first sheet about the report, then one sheet per table with
its note under it). The tables are written by exports.py, as on the results downloads, so
a suppressed group is a row with its reason and no figures in every format."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook

from trinvis.reports.pdf import html_to_pdf
from trinvis.reports.spreadsheets import (
    new_workbook,
    safe,
    sheet_title,
    workbook_bytes,
    write_table,
)
from trinvis.surveys.exports import respondents_lines, table_lines
from trinvis.surveys.reports import ReportData, Section
from trinvis.surveys.results import Comparison, SurveyResults

Lines = tuple[list[str], list[list[Any]]]


def _per_cent(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def comparison_lines(comparison: Comparison, *, minimum: int) -> Lines:
    """Two questions compared: per option, each question's count and per cent of its n."""
    result = comparison.result
    if result is None:
        message = _(
            "One of the questions has fewer than %(minimum)s respondents, so they are not compared."
        ) % {"minimum": minimum}
        return [_("Note")], [[message]]
    first = f"{comparison.first.label} (n={result.first.n})"
    second = f"{comparison.second.label} (n={result.second.n})"
    headers = [_("Answer")]
    for name in (first, second):
        headers += [
            _("%(option)s: count") % {"option": name},
            _("%(option)s: per cent") % {"option": name},
        ]
    rows: list[list[Any]] = [
        [
            label,
            option.first.count,
            _per_cent(option.first.percentage),
            option.second.count,
            _per_cent(option.second.percentage),
        ]
        for label, option in zip(comparison.labels, result.options, strict=True)
    ]
    return headers, rows


def section_lines(section: Section, results: SurveyResults) -> Lines:
    if section.table is not None:
        return table_lines(section.table, minimum=results.minimum)
    if section.comparison is not None:
        return comparison_lines(section.comparison, minimum=results.minimum)
    return respondents_lines(results)


def response_rate_text(results: SurveyResults) -> str:
    """As the report page says it (the same messages)."""
    rate = results.rate
    if rate.invited:
        return _(
            "%(responses)s responses from %(invited)s invited people: a response rate of "
            "%(percentage)s %%."
        ) % {
            "responses": rate.responses,
            "invited": rate.invited,
            "percentage": round(rate.percentage or 0),
        }
    return ngettext("%(responses)s response.", "%(responses)s responses.", rate.responses) % {
        "responses": rate.responses
    }


# --- PDF ------------------------------------------------------------------------------------


def report_pdf_html(data: ReportData) -> str:
    """The HTML the PDF prints: each section's table as plain values, its chart as SVG."""
    sections = []
    for section in data.sections:
        headers, rows = section_lines(section, data.results)
        figure = section.figure if section.show_chart else None
        sections.append(
            {
                "section": section,
                "headers": headers,
                "rows": rows,
                "svg": figure.svg() if figure is not None else "",
            }
        )
    return render_to_string(
        "surveys/report/export_pdf.html",
        {
            "data": data,
            "report": data.report,
            "survey": data.report.survey,
            "results": data.results,
            "sections": sections,
            "printed_at": timezone.now(),
        },
    )


def report_pdf(data: ReportData) -> bytes:
    return html_to_pdf(report_pdf_html(data), stylesheets=["reports/pdf.css"])


# --- Excel ----------------------------------------------------------------------------------


def _unique_sheet(book: Workbook, title: str, used: set[str]) -> Any:
    """A new sheet named after `title`, numbered when the name is taken (Excel compares
    names without case)."""
    name, number = sheet_title(title), 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = sheet_title(title)[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return book.create_sheet(name)


def _about_sheet(book: Workbook, data: ReportData, used: set[str]) -> None:
    survey, results = data.report.survey, data.results
    sheet = _unique_sheet(book, _("Report"), used)
    sheet.cell(row=1, column=1, value=safe(data.title)).font = Font(bold=True, size=14)
    facts = [
        (_("Survey"), survey.title),
        (_("Questionnaire"), survey.questionnaire.title),
        (_("Wave"), survey.wave),
        (_("Organisation"), survey.organisation.name),
        (_("Date"), date_format(timezone.localdate(), "SHORT_DATE_FORMAT")),
        (_("Response rate"), response_rate_text(results)),
        (_("Breakdown"), results.breakdown_label or _("No breakdown: all respondents")),
        (_("Introduction"), data.report.introduction),
    ]
    row = 2
    for label, value in facts:
        if not value:
            continue
        row += 1
        sheet.cell(row=row, column=1, value=safe(label)).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=safe(value))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90


def _sheet_name(section: Section) -> str:
    if section.table is not None:
        return section.table.key
    if section.comparison is not None:
        return _("Comparison")
    return _("Respondents")


def report_xlsx(data: ReportData) -> bytes:
    """A sheet about the report, then one sheet per table in the report's order: its title,
    the table, and its note under it."""
    book = new_workbook()
    used: set[str] = set()
    _about_sheet(book, data, used)
    for section in data.sections:
        sheet = _unique_sheet(book, _sheet_name(section), used)
        sheet.cell(row=1, column=1, value=safe(section.title)).font = Font(bold=True)
        headers, rows = section_lines(section, data.results)
        last = write_table(sheet, headers=headers, rows=rows, start_row=3, widths=[32] + [14] * 30)
        if section.note:
            sheet.cell(row=last + 2, column=1, value=safe(_("Note"))).font = Font(bold=True)
            note = sheet.cell(row=last + 3, column=1, value=safe(section.note))
            note.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(book)
