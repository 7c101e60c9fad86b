"""A survey's result tables as CSV (one table), Excel (one sheet per table) and PDF (the
tables and charts as SVG). All read the same protected tables as the page (results.py): a
suppressed segment is a row with its reason and no figures. A filtered download states its
filter in the file (CSV: a first line before the table; Excel: the second line of each
sheet; PDF: under the title), so a table never travels without the population it is of."""

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.reports.pdf import html_to_pdf
from trinvis.reports.spreadsheets import (
    new_workbook,
    safe,
    sheet_title,
    workbook_bytes,
    write_table,
)
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.charts import comparison_figure, question_figure
from trinvis.surveys.results import QuestionTable, Row, SurveyResults
from trinvis.surveys.segments import MAX_ATTRIBUTES

RESPONDENTS_KEY = ":respondents"  # never a question's name (XLSForm names have no colon)


def suppressed_note(reason: Suppressed | None, minimum: int) -> str:
    if reason is Suppressed.TOO_FEW:
        return _("Fewer than %(minimum)s respondents") % {"minimum": minimum}
    if reason is Suppressed.COMPLEMENTARY:
        return _("Hidden so that a smaller group cannot be worked out from the total")
    return ""


def _rounded(value: float | None, digits: int = 1) -> float | str:
    return "" if value is None else round(value, digits)


def _figure(value: int | None) -> int | str:
    return "" if value is None else value


def table_lines(table: QuestionTable, *, minimum: int) -> tuple[list[str], list[list[Any]]]:
    """A question's table as a header and rows of plain values."""
    headers = [_("Group"), _("Respondents (n)")]
    for column in table.all_columns:
        headers += [
            _("%(option)s: count") % {"option": column.label},
            _("%(option)s: per cent") % {"option": column.label},
        ]
    if table.is_scale or table.is_number:
        headers.append(_("Mean"))
    if table.is_scale:
        headers.append(_("Top 2 box (per cent)"))
    headers.append(_("Note"))
    rows = [_row_values(table, row, minimum) for row in table.rows]
    return headers, rows


def _row_values(table: QuestionTable, row: Row, minimum: int) -> list[Any]:
    values: list[Any] = [row.label, _figure(row.n)]
    for index in range(len(table.all_columns)):
        if row.shown:
            values += [row.counts[index], _rounded(row.percentages[index])]
        else:
            values += ["", ""]
    if table.is_scale or table.is_number:
        values.append(_rounded(row.mean, 2))
    if table.is_scale:
        values.append(_rounded(row.top_two_box))
    values.append(suppressed_note(row.suppressed, minimum))
    return values


def respondents_lines(results: SurveyResults) -> tuple[list[str], list[list[Any]]]:
    headers = [results.breakdown_label or _("Group"), _("Respondents"), _("Note")]
    rows = [
        [r.line.label, _figure(r.count), suppressed_note(r.suppressed, results.minimum)]
        for r in results.respondents
    ]
    selected = results.selected
    if selected is None:
        rows.append([_("All respondents"), results.rate.responses, ""])
    else:
        rows.append(
            [
                _("All selected respondents"),
                _figure(selected.count),
                suppressed_note(selected.suppressed, results.minimum),
            ]
        )
    return headers, rows


def preamble(results: SurveyResults) -> list[str]:
    """What a file says before its table: the filters in force (nothing when unfiltered)."""
    lines = [results.filter_description] if results.filter_description else []
    if results.dropped:
        lines.append(
            _("Not applied (at most %(count)s attributes at once): %(filters)s")
            % {
                "count": MAX_ATTRIBUTES,
                "filters": " · ".join(str(line) for line in results.dropped),
            }
        )
    return lines


def lines_for(results: SurveyResults, key: str) -> tuple[list[str], list[list[Any]]] | None:
    if key == RESPONDENTS_KEY:
        return respondents_lines(results)
    table = results.table(key)
    return table_lines(table, minimum=results.minimum) if table else None


def to_csv(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, before: Sequence[str] = ()
) -> str:
    """CSV with formula-like text neutralised (as in the Excel downloads); `before`: lines
    written ahead of the table, each a row of one cell, then an empty row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in before:
        writer.writerow([safe(line)])
    if before:
        writer.writerow([])
    writer.writerow([safe(h) for h in headers])
    for row in rows:
        writer.writerow([safe(value) for value in row])
    return buffer.getvalue()


def results_xlsx(results: SurveyResults) -> bytes:
    """One sheet per table: the respondents first, then the questions in order."""
    book = new_workbook()
    used: set[str] = set()
    note = " ".join(preamble(results))

    def add(title: str, caption: str, lines: tuple[list[str], list[list[Any]]]) -> None:
        name = sheet_title(title)
        number = 2
        while name.casefold() in used:
            suffix = f" ({number})"
            name = sheet_title(title)[: 31 - len(suffix)] + suffix
            number += 1
        used.add(name.casefold())
        sheet = book.create_sheet(name)
        sheet.cell(row=1, column=1, value=safe(caption))
        if note:
            sheet.cell(row=2, column=1, value=safe(note))
        headers, rows = lines
        write_table(sheet, headers=headers, rows=rows, start_row=3, widths=[32] + [14] * 30)

    add(_("Respondents"), _("Respondents"), respondents_lines(results))
    for table in results.questions:
        add(table.key, table.label, table_lines(table, minimum=results.minimum))
    return workbook_bytes(book)


def results_pdf_html(results: SurveyResults) -> str:
    sections = []
    for index, table in enumerate(results.questions):
        figure = question_figure(table, id=f"chart-{index}")
        headers, rows = table_lines(table, minimum=results.minimum)
        sections.append(
            {
                "table": table,
                "headers": headers,
                "rows": rows,
                "svg": figure.svg() if figure else "",
            }
        )
    comparison = results.comparison
    figure = comparison_figure(comparison, id="comparison") if comparison else None
    headers, rows = respondents_lines(results)
    return render_to_string(
        "surveys/results/export_pdf.html",
        {
            "results": results,
            "survey": results.survey,
            "sections": sections,
            "respondent_headers": headers,
            "respondent_rows": rows,
            "comparison_figure": figure,
            "comparison_svg": figure.svg() if figure else "",
            "preamble": preamble(results),
            "printed_at": timezone.now(),
        },
    )


def results_pdf(results: SurveyResults) -> bytes:
    return html_to_pdf(results_pdf_html(results), stylesheets=["reports/pdf.css"])
