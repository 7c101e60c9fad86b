"""The education plan as an Excel workbook: one sheet with the nine columns, the needs each
row answers, its principle and its effort, then the plan's effort against 30-30-40 and the
warnings. Text a user typed is written through reports.spreadsheets, which neutralises
anything a spreadsheet would run as a formula.

Personal learning goals are counted, never written out: the file travels further than the
page, and a goal's text belongs to the person and their leaders.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.styles import Alignment

from trinvis.learning.charts_plans import effort_cells
from trinvis.learning.plan_checks import PHASE_LABELS, Phase, band_in_words, rule_in_words
from trinvis.learning.selectors_plans import PlanPage, RowView
from trinvis.reports.spreadsheets import (
    Styled,
    new_workbook,
    sheet_title,
    workbook_bytes,
    write_table,
)


def headers() -> list[str]:
    return [
        _("Employees"),
        _("Purpose"),
        _("Education activity"),
        _("Learning-support activities"),
        _("Learning goals and success criteria"),
        _("Schedule"),
        _("Responsible"),
        _("Resources"),
        _("Status"),
        _("Competence needs answered"),
        _("Principle followed"),
        _("Effort before (hours)"),
        _("Effort during (hours)"),
        _("Effort after (hours)"),
    ]


def goals_text(view: RowView) -> str:
    """The row's goals as the export may show them, then its success criteria."""
    lines = [f"• {line.goal.what_to_learn}" for line in view.goals if not line.is_personal]
    if view.personal_goal_count:
        lines.append(
            ngettext(
                "%(count)s personal goal (seen by the person and their leaders)",
                "%(count)s personal goals (seen by the people and their leaders)",
                view.personal_goal_count,
            )
            % {"count": view.personal_goal_count}
        )
    if view.row.success_criteria:
        lines.append(_("Success criteria: %(text)s") % {"text": view.row.success_criteria})
    return "\n".join(lines)


def needs_text(view: RowView) -> str:
    return "\n".join(
        f"{need.competence.name} ({need.get_horizon_display()})" for need in view.needs
    )


def row_cells(view: RowView) -> list[object]:
    row = view.row
    return [
        "\n".join(person.full_name for person in view.people),
        row.purpose,
        row.activity.title if row.activity else "",
        row.learning_support,
        goals_text(view),
        row.schedule,
        row.responsible.full_name if row.responsible else "",
        row.resources,
        row.get_status_display(),
        needs_text(view),
        row.principle.title if row.principle else "",
        float(row.effort_before),
        float(row.effort_during),
        float(row.effort_after),
    ]


def plan_xlsx(page: PlanPage) -> bytes:
    plan = page.plan
    book = new_workbook()
    sheet = book.create_sheet(sheet_title(plan.title, "Plan"))
    effort = page.checks.effort
    last = write_table(
        sheet,
        headers=headers(),
        rows=[row_cells(view) for view in page.rows],
        widths=[24, 30, 28, 30, 40, 16, 20, 24, 12, 30, 28, 10, 10, 10],
        freeze="A2",
    )
    top = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows(min_row=2, max_row=last):
        for cell in cells:
            cell.alignment = top
    notes: list[list[object]] = [
        [
            Styled(_("Effort of the plan"), bold=True),
            *[""] * 10,
            *(Styled(float(effort.amount(phase)), bold=True) for phase in Phase),
        ],
    ]
    if effort.total:
        notes.append(
            [
                _("Shares, and the recommended bands"),
                *[""] * 10,
                *effort_cells(effort)[:3],
            ]
        )
    notes.append(
        [
            _("Recommended"),
            *[""] * 10,
            *(f"{PHASE_LABELS[phase]}: {band_in_words(phase)}" for phase in Phase),
        ]
    )
    notes.append([rule_in_words()])
    warnings = page.checks.warnings
    notes.append([Styled(_("Warnings"), bold=True)] if warnings else [_("No warnings.")])
    notes += [[f"{warning.title}. {warning.explanation}"] for warning in warnings]
    write_table(sheet, headers=[], rows=notes, start_row=last + 1)
    return workbook_bytes(book)
