"""The competence matrix as an Excel workbook and as a PDF: the same content the viewer sees
on the page — every person for a leader, the team's figures (five people or more) otherwise.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.competences.analysis import Vulnerability
from trinvis.competences.charts import team_spider
from trinvis.competences.matrix_table import (
    BELOW,
    MEETS,
    NONE,
    VULNERABILITY_LABELS,
    conversation_lines,
    groups,
    levels_in_words,
    need_lines,
    person_columns,
    rule_in_words,
    show_own_rating,
)
from trinvis.competences.selectors import Matrix
from trinvis.reports.pdf import html_to_pdf
from trinvis.reports.spreadsheets import (
    Styled,
    new_workbook,
    sheet_title,
    workbook_bytes,
    write_table,
)

STATUS_FILL = {MEETS: "C6EFCE", BELOW: "FFEB9C", NONE: ""}
VULNERABILITY_FILL = {
    Vulnerability.HIGH: "FFC7CE",
    Vulnerability.MEDIUM: "FFEB9C",
    Vulnerability.LOW: "C6EFCE",
}
PDF_PEOPLE_PER_TABLE = 12


def _number(value: float | None) -> float | str:
    return "" if value is None else value


def matrix_xlsx(matrix: Matrix, *, full: bool) -> bytes:
    book = new_workbook()
    sheet = book.create_sheet(sheet_title(_("Matrix"), "Matrix"))
    columns = range(len(matrix.people)) if full else range(0)
    people = person_columns(matrix.people, columns)
    show_team_level = matrix.round.team_assessment and not matrix.team_only
    headers = [_("Category"), _("Competence"), _("Expected level")]
    headers += [f"{column.code} {column.person.full_name}" for column in people]
    if show_team_level:
        headers.append(_("Team's agreed level"))
    headers += [
        _("Rated"),
        _("Meeting the expected level"),
        _("Team median"),
        _("Gap"),
        _("Vulnerability"),
    ]
    rows = []
    for group in groups(matrix, sort="category", columns=columns):
        for line in group.lines:
            figures = line.row.figures
            row: list[object] = [line.category_label, line.row.competence.name, figures.expected]
            row += [Styled(cell.level, fill=STATUS_FILL[cell.status]) for cell in line.cells]
            if show_team_level:
                row.append(line.row.team_level)
            row += [
                figures.rated,
                figures.meeting,
                _number(figures.team_median),
                figures.gap,
                Styled(line.vulnerability_label, fill=VULNERABILITY_FILL[figures.vulnerability]),
            ]
            rows.append(row)
    widths = [24, 36, 10, *[14] * len(people), *([12] if show_team_level else [])]
    widths += [8, 12, 10, 8, 14]
    last = write_table(sheet, headers=headers, rows=rows, widths=widths, freeze="C2")
    notes = [levels_in_words(matrix.round), rule_in_words(matrix.rule)]
    if full:
        notes.append(
            _(
                "Green: meets the expected level. Yellow: below it. Empty: not rated. "
                "This sheet holds personal data: keep it within the unit's leaders."
            )
        )
    else:
        notes.append(_("The team's figures only; no person's rating is included."))
    for offset, note in enumerate(notes, start=2):
        sheet.cell(row=last + offset, column=1, value=note)

    needs_sheet = book.create_sheet(sheet_title(_("Needs"), "Needs"))
    write_table(
        needs_sheet,
        headers=[
            _("Rank"),
            _("Competence"),
            _("Expected level"),
            _("Team median"),
            _("Gap"),
            _("People below"),
            _("Vulnerability"),
            _("Score"),
            _("Score = gap × people below × vulnerability weight"),
            _("Priority"),
            _("Note"),
        ],
        rows=[
            [
                need.rank,
                need.row.competence.name,
                need.row.figures.expected,
                _number(need.row.figures.team_median),
                need.need.gap,
                need.need.below,
                Styled(
                    str(VULNERABILITY_LABELS[need.need.vulnerability]),
                    fill=VULNERABILITY_FILL[need.need.vulnerability],
                ),
                need.need.score,
                need.score_in_words,
                need.row.priority.get_horizon_display() if need.row.priority else "",
                need.row.priority.note if need.row.priority else "",
            ]
            for need in need_lines(matrix)
        ],
        widths=[6, 36, 10, 10, 8, 10, 14, 8, 24, 24, 40],
        freeze="A2",
    )
    if full:
        points = book.create_sheet(sheet_title(_("Conversation points"), "Conversation points"))
        write_table(
            points,
            headers=[
                _("Person"),
                _("Competence"),
                _("Own rating"),
                _("Leader's rating"),
                _("Difference"),
            ],
            rows=[
                [
                    f"M{point.column} {point.person.full_name}",
                    point.row.competence.name,
                    point.self_rating,
                    point.leader_rating,
                    point.difference,
                ]
                for point in conversation_lines(matrix)
            ],
            widths=[30, 36, 12, 14, 12],
            freeze="A2",
        )
    return workbook_bytes(book)


def matrix_pdf_html(matrix: Matrix, *, full: bool) -> str:
    """The printed report: the matrix (people in tables of twelve), the figures, the team
    spider as SVG, the ranked needs and, for leaders, the conversation points."""
    count = len(matrix.people) if full else 0
    chunks = []
    for start in range(0, count, PDF_PEOPLE_PER_TABLE):
        columns = range(start, min(start + PDF_PEOPLE_PER_TABLE, count))
        chunks.append(
            (
                person_columns(matrix.people, columns),
                groups(matrix, sort="category", columns=columns),
            )
        )
    spider = team_spider(matrix, id="pdf-spider")
    context = {
        "matrix": matrix,
        "round": matrix.round,
        "full": full,
        "chunks": chunks,
        "figures": groups(matrix, sort="category"),
        "show_own": show_own_rating(matrix.round),
        "show_team_level": matrix.round.team_assessment and not matrix.team_only,
        "needs": need_lines(matrix),
        "points": conversation_lines(matrix) if full else [],
        "spider": spider,
        "spider_svg": spider.svg(),
        "rule_text": rule_in_words(matrix.rule),
        "levels_text": levels_in_words(matrix.round),
        "printed_at": timezone.localtime(),
    }
    return render_to_string("competences/matrix/export_pdf.html", context)


def matrix_pdf(matrix: Matrix, *, full: bool) -> bytes:
    return html_to_pdf(matrix_pdf_html(matrix, full=full), stylesheets=["reports/pdf.css"])
