"""The course report as PDF and as Excel, from one data object
(selectors_reports_courses.CourseReport) and one set of tables: progress against the target
per region with the completion rate, the chart's figures, and the linked surveys' results
(report_tables.py)."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.programmes.charts_courses import progress_figure
from trinvis.programmes.progress_courses import Tally
from trinvis.programmes.report_tables import Table, pdf_bytes, per_cent, survey_table, workbook_of
from trinvis.programmes.selectors_reports_courses import CourseReport


def _tally_row(tally: Tally) -> list[Any]:
    return [
        tally.name,
        tally.target,
        tally.enrolled,
        tally.completed,
        None if tally.expected is None else round(tally.expected),
        per_cent(tally.of_target),
        per_cent(tally.completion_rate),
    ]


def regions_table(report: CourseReport) -> Table:
    progress = report.progress
    return Table(
        sheet=_("Progress"),
        title=_("Participants against the target, per region"),
        headers=[
            _("Region"),
            _("Target"),
            _("Enrolled"),
            _("Completed"),
            _("Expected by today"),
            _("Of the target (per cent)"),
            _("Completion rate (per cent)"),
        ],
        rows=[*(_tally_row(tally) for tally in progress.regions), _tally_row(progress.total)],
        note=_(
            "Enrolled counts people whose leader confirmed their enrolment. Expected by today "
            "is where a straight line from the start to the target stands today. The "
            "completion rate is the share of completed module places in the runs that have "
            "ended."
        ),
        total=True,
        widths=(28, 10, 10, 10, 14, 14, 14),
    )


def chart_table(report: CourseReport, figure: Any) -> Table:
    return Table(
        sheet=_("Month by month"),
        title=figure.caption,
        headers=[figure.row_header, *figure.columns],
        rows=[
            [label, *(None if cell == "–" else int(cell) for cell in cells)]
            for label, cells in figure.rows
        ],
        widths=(16, 20, 12, 12),
    )


def course_tables(report: CourseReport, figure: Any) -> dict[str, Table]:
    return {
        "regions": regions_table(report),
        "chart": chart_table(report, figure),
        "surveys": survey_table(report.surveys),
    }


def title_of(report: CourseReport) -> str:
    return _("Course report: %(name)s") % {"name": report.course.programme.name}


def facts_of(report: CourseReport) -> list[tuple[str, Any]]:
    course = report.course
    return [
        (_("Course programme"), course.programme.name),
        (_("Provider"), course.provider.name),
        (_("Made"), date_format(report.made_at, "SHORT_DATETIME_FORMAT")),
        (
            _("Period"),
            _("%(start)s to %(end)s")
            % {
                "start": date_format(course.starts_on, "DATE_FORMAT"),
                "end": date_format(course.ends_on, "DATE_FORMAT"),
            },
        ),
        (_("Target: participants"), course.target_participants or None),
        (_("Waiting for the leader's confirmation"), report.progress.awaiting),
    ]


def course_pdf_html(report: CourseReport) -> str:
    figure = progress_figure(report.progress)
    return render_to_string(
        "programmes/reports/course_pdf.html",
        {
            "report": report,
            "course": report.course,
            "title": title_of(report),
            "facts": facts_of(report),
            "tables": course_tables(report, figure),
            "figure": figure,
            "svg": figure.svg(),
        },
    )


def course_pdf(report: CourseReport) -> bytes:
    return pdf_bytes(course_pdf_html(report))


def course_xlsx(report: CourseReport) -> bytes:
    figure = progress_figure(report.progress)
    return workbook_of(
        title_of(report), facts_of(report), list(course_tables(report, figure).values())
    )
