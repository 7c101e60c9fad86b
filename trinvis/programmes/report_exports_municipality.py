"""The municipality report as PDF and as Excel, from one data object
(selectors_reports_municipality.MunicipalityReport) and one set of tables: the PDF prints
them with a trend chart per zero point, Excel writes a sheet about the report and one sheet
per table (report_tables.py)."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.indicators.charts import trend_figure
from trinvis.indicators.presentation import progress_text
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import CourseEnrolment
from trinvis.programmes.report_tables import Table, pdf_bytes, survey_table, workbook_of
from trinvis.programmes.selectors_reports import figure_number
from trinvis.programmes.selectors_reports_municipality import MunicipalityReport, ZeroPoint

UnitType = Organisation.UnitType
State = CourseEnrolment.State
STATES = (State.AWAITING_LEADER, State.CONFIRMED, State.COMPLETED, State.CANCELLED)


# --- key figures --------------------------------------------------------------------------------


def _zero_point_rows(point: ZeroPoint, report: MunicipalityReport) -> list[list[Any]]:
    indicator, baseline, latest = point.indicator, point.baseline, point.latest
    label = indicator.label + (f" ({point.breakdown})" if baseline.breakdown_key else "")
    start = [
        label,
        str(indicator.get_unit_display()),
        figure_number(indicator, baseline.value),
        baseline.period,
        figure_number(indicator, latest.value) if latest else None,
        latest.period if latest else "",
    ]
    if not point.targets:
        return [[*start, None, None, None, _("No target yet")]]
    return [
        [
            *start,
            figure_number(indicator, item.target.value),
            item.target.due,
            figure_number(indicator, item.progress.distance),
            progress_text(indicator, item.progress, today=report.today),
        ]
        for item in point.targets
    ]


def zero_points_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Zero points"),
        title=_("Zero points and targets"),
        headers=[
            _("Key figure"),
            _("Unit"),
            _("Zero point"),
            _("Zero point period"),
            _("Latest value"),
            _("Period"),
            _("Target"),
            _("Target date"),
            _("Still to go"),
            _("Where the target stands"),
        ],
        rows=[row for point in report.zero_points for row in _zero_point_rows(point, report)],
        note=_(
            "One row per target. Still to go is measured from the latest value towards the "
            "target (zero or less: met)."
        ),
        widths=(40, 12, 12, 12, 12, 10, 12, 12, 12, 60),
    )


def latest_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Latest figures"),
        title=_("The latest figures from the statistics"),
        headers=[_("Key figure"), _("Unit"), _("Latest value"), _("Period")],
        rows=[
            [
                figure.indicator.label,
                str(figure.indicator.get_unit_display()),
                figure_number(figure.indicator, figure.latest.value),
                figure.latest.period,
            ]
            for figure in report.latest
        ],
        note=_("The shipped key figures for the municipality as a whole (the total)."),
        widths=(48, 12, 12, 10),
    )


def trend_figures(report: MunicipalityReport) -> list[tuple[ZeroPoint, Any]]:
    """Each zero point with its trend chart (None without values)."""
    return [
        (
            point,
            trend_figure(
                indicator=point.indicator,
                place=report.place,
                series=point.series,
                baseline=point.baseline,
                targets=point.targets,
                breakdown=point.breakdown,
                today=report.today,
            ),
        )
        for point in report.zero_points
    ]


# --- programmes ---------------------------------------------------------------------------------


def plans_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Programmes"),
        title=_("The programmes the municipality takes part in"),
        headers=[
            _("Programme"),
            _("Owner"),
            _("Steps done"),
            _("Steps in the plan"),
            _("Next step"),
            _("Homework submitted"),
            _("Homework tasks"),
        ],
        rows=[
            [
                part.candidate.programme.name,
                part.candidate.programme.owner.name,
                part.plan.steps_settled if part.plan else None,
                part.plan.steps_total if part.plan else None,
                part.next_step if part.plan else _("No plan yet"),
                part.submitted,
                len(part.tasks),
            ]
            for part in report.programmes
        ],
        note=_("Steps count those done or skipped in the municipality's plan."),
        widths=(32, 24, 10, 10, 40, 12, 12),
    )


def items_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Agreed items"),
        title=_("What the municipality agreed to do"),
        headers=[_("Programme"), _("After"), _("Agreed"), _("Status")],
        rows=[
            [
                part.candidate.programme.name,
                _("Workshop %(number)d") % {"number": item.conversation.after_workshop.number},
                item.text,
                item.get_progress_display(),
            ]
            for part in report.programmes
            for item in part.items
        ],
        note=_("The items of the latest follow-up conversation in each programme."),
        widths=(32, 14, 60, 16),
    )


def homework_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Homework"),
        title=_("Homework"),
        headers=[_("Programme"), _("Task"), _("Due"), _("Submitted")],
        rows=[
            [
                part.candidate.programme.name,
                task.title,
                task.due,
                submission.submitted_at.date() if submission else _("Not yet"),
            ]
            for part in report.programmes
            for task, submission in part.tasks
        ],
        widths=(32, 48, 12, 14),
    )


QUALIFYING = (UnitType.REFUGEE_SERVICE, UnitType.ADULT_EDUCATION, UnitType.EMPLOYMENT)


def workshops_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Workshops"),
        title=_("Who came to the workshops, by unit"),
        headers=[
            _("Programme"),
            _("Workshop"),
            _("First day"),
            *(str(UnitType(unit).label) for unit in QUALIFYING),
            str(UnitType.OTHER.label),
            _("All"),
            _("Leaders with decision authority"),
        ],
        rows=[
            [
                part.candidate.programme.name,
                attendance.workshop.title,
                attendance.workshop.starts_on,
                *(attendance.per_unit.get(unit, 0) for unit in QUALIFYING),
                attendance.per_unit.get(UnitType.OTHER, 0),
                attendance.total,
                attendance.leaders,
            ]
            for part in report.programmes
            for attendance in part.workshops
        ],
        widths=(32, 32, 12, 14, 14, 14, 12, 8, 14),
    )


# --- courses ------------------------------------------------------------------------------------


def courses_table(report: MunicipalityReport) -> Table:
    return Table(
        sheet=_("Courses"),
        title=_("The employees' course enrolments"),
        headers=[
            _("Course programme"),
            _("Provider"),
            *(str(State(state).label) for state in STATES),
            _("All"),
        ],
        rows=[
            [
                counts.name,
                counts.provider,
                *(counts.by_state.get(state, 0) for state in STATES),
                counts.total,
            ]
            for counts in report.courses
        ],
        note=_("Enrolments of the municipality's employees, counted by status."),
        widths=(36, 24, 14, 12, 12, 12, 8),
    )


def municipality_tables(report: MunicipalityReport) -> dict[str, Table]:
    return {
        "zero_points": zero_points_table(report),
        "latest": latest_table(report),
        "plans": plans_table(report),
        "items": items_table(report),
        "homework": homework_table(report),
        "workshops": workshops_table(report),
        "courses": courses_table(report),
        "surveys": survey_table(report.surveys, filtered=report.municipality.name),
    }


# --- the documents ------------------------------------------------------------------------------


def title_of(report: MunicipalityReport) -> str:
    return _("Report on %(name)s") % {"name": report.municipality.name}


def facts_of(report: MunicipalityReport) -> list[tuple[str, Any]]:
    municipality = report.municipality
    return [
        (_("Municipality"), municipality.name),
        (_("Municipality number"), municipality.municipality_number),
        (_("Country"), str(municipality.get_country_display())),
        (_("Made"), date_format(report.made_at, "SHORT_DATETIME_FORMAT")),
        (_("Programmes taken part in"), len(report.programmes)),
        (_("Course programmes with enrolments"), len(report.courses)),
    ]


def municipality_pdf_html(report: MunicipalityReport) -> str:
    return render_to_string(
        "programmes/reports/municipality_pdf.html",
        {
            "report": report,
            "municipality": report.municipality,
            "title": title_of(report),
            "tables": municipality_tables(report),
            "trends": [
                (point, figure, figure.svg() if figure else "")
                for point, figure in trend_figures(report)
            ],
        },
    )


def municipality_pdf(report: MunicipalityReport) -> bytes:
    return pdf_bytes(municipality_pdf_html(report))


def municipality_xlsx(report: MunicipalityReport) -> bytes:
    return workbook_of(
        title_of(report), facts_of(report), list(municipality_tables(report).values())
    )
