"""The programme report of an agency programme as PDF and as Excel, from one data object
(selectors_reports.ProgrammeReport) and one set of tables: the PDF prints them under its
title page with the charts as SVG (plan steps per municipality, the compiled challenges),
Excel writes a sheet about the report and one sheet per table (report_tables.py)."""

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.indicators.presentation import progress_text
from trinvis.programmes import selectors_dashboard
from trinvis.programmes.charts_mapping import compilation_figure, csv_lines
from trinvis.programmes.report_tables import Table, pdf_bytes, survey_table, workbook_of
from trinvis.programmes.selectors_dashboard import Dashboard
from trinvis.programmes.selectors_reports import (
    KeyFigure,
    ProgrammeReport,
    figure_number,
    next_target,
)
from trinvis.reports.charts import Bar, ChartFigure, StackedBarChart

# --- the chart of plan steps --------------------------------------------------------------------


def steps_figure(report: ProgrammeReport) -> ChartFigure | None:
    """Per municipality with a plan, its steps done (or skipped) and still to do; None
    before any municipality has a plan."""
    planned = [row for row in report.rows if row.plan is not None]
    if not planned:
        return None
    # Still to do first: the palette runs from orange to blue, done reads as the blue end.
    options = [_("Still to do"), _("Done or skipped")]
    bars = [
        Bar(row.name, [row.plan.steps_total - row.plan.steps_settled, row.plan.steps_settled])
        for row in planned
        if row.plan is not None
    ]
    totals = report.totals
    summary = _(
        "Steps of the plans: %(settled)d of %(total)d done or skipped in %(plans)d plans."
    ) % {"settled": totals.steps_settled, "total": totals.steps_total, "plans": totals.plans}
    chart = StackedBarChart(
        options=options,
        bars=bars,
        description=summary,
        bar_title=_("Municipality"),
        option_title=_("Steps"),
        percent_title=_("Per cent of the plan's steps"),
        count_title=_("Steps"),
    )
    return ChartFigure(
        id="steps",
        chart=chart,
        caption=_("Steps of each municipality's plan"),
        summary=summary,
        row_header=_("Municipality"),
        columns=options,
        rows=[(bar.name, [str(count) for count in bar.counts]) for bar in bars],
    )


# --- the tables ---------------------------------------------------------------------------------


def municipalities_table(report: ProgrammeReport) -> Table:
    headers, rows = selectors_dashboard.csv_table(Dashboard(report.rows, report.totals, []))
    return Table(
        sheet=_("Municipalities"),
        title=_("The municipalities taking part"),
        headers=headers,
        rows=[[value if value != "" else None for value in row] for row in rows],
        note=selectors_dashboard.goals_source_text(),
        total=True,
        widths=(28, 10, 10, 36, 10, 10, 12, 12, 12, 10, 10),
    )


def challenges_table(report: ProgrammeReport) -> Table:
    headers, rows = csv_lines(report.compilation)
    return Table(
        sheet=_("Challenges"),
        title=_("Challenges named in the mapping conversations"),
        headers=headers,
        rows=rows,
        note=_(
            "Municipalities that named each challenge; the first row is the number of "
            "municipalities with a mapping conversation, the base of every share."
        ),
        widths=[40] + [16] * (len(headers) - 1),
    )


def workshops_table(report: ProgrammeReport) -> Table:
    return Table(
        sheet=_("Workshops"),
        title=_("Workshops"),
        headers=[
            _("Number"),
            _("Title"),
            _("First day"),
            _("Last day"),
            _("Place"),
            _("Participants"),
            _("Municipalities represented"),
        ],
        rows=[
            [
                line.workshop.number,
                line.workshop.title,
                line.workshop.starts_on,
                line.workshop.ends_on,
                line.workshop.place,
                line.participants,
                line.municipalities,
            ]
            for line in report.workshops
        ],
        widths=(8, 36, 12, 12, 24, 12, 14),
    )


def participants_table(report: ProgrammeReport) -> Table:
    """Participants per municipality and workshop, counted (nobody is named)."""
    workshops = report.workshops
    rows: list[list[Any]] = [
        [
            row.name,
            *(line.per_municipality.get(row.candidate.pk, 0) for line in workshops),
            sum(line.per_municipality.get(row.candidate.pk, 0) for line in workshops),
        ]
        for row in report.rows
    ]
    rows.append(
        [
            _("Total"),
            *(line.participants for line in workshops),
            sum(line.participants for line in workshops),
        ]
    )
    return Table(
        sheet=_("Participants"),
        title=_("Participants per municipality and workshop"),
        headers=[
            _("Municipality"),
            *(_("Workshop %(number)d") % {"number": line.workshop.number} for line in workshops),
            _("All workshops"),
        ],
        rows=rows,
        total=True,
    )


def follow_up_table(report: ProgrammeReport) -> Table:
    rows: list[list[Any]] = []
    for entry in report.follow_ups:
        counts = entry.counts
        rows.append(
            [
                _("Workshop %(number)d") % {"number": entry.workshop.number},
                entry.held,
                entry.overdue,
                counts.not_started,
                counts.under_way,
                counts.done,
                counts.dropped,
                counts.total,
            ]
        )
    return Table(
        sheet=_("Follow-up"),
        title=_("Follow-up: agreed items by status"),
        headers=[
            _("After"),
            _("Conversations held"),
            _("Conversations overdue"),
            _("Not started"),
            _("Under way"),
            _("Done"),
            _("Dropped"),
            _("All items"),
        ],
        rows=rows,
        note=_(
            "The items agreed in the follow-up conversations after each workshop, of all the "
            "municipalities together."
        ),
    )


def _figure_row(figure: KeyFigure, today: datetime.date) -> list[Any]:
    indicator, latest, baseline = figure.indicator, figure.latest, figure.baseline
    target = next_target(figure.targets, today=today)
    distance = target.progress.distance if target is not None else None
    return [
        figure.candidate.area.name,
        figure.label,
        str(indicator.get_unit_display()),
        figure_number(indicator, latest.value) if latest else None,
        latest.period if latest else "",
        figure_number(indicator, baseline.value) if baseline else None,
        baseline.period if baseline else "",
        figure_number(indicator, target.target.value) if target else None,
        target.target.due if target else None,
        figure_number(indicator, distance),
        progress_text(indicator, target.progress, today=today) if target else "",
    ]


def figures_table(figures: list[KeyFigure], today: datetime.date, *, title: str) -> Table:
    return Table(
        sheet=_("Key figures"),
        title=title,
        headers=[
            _("Municipality"),
            _("Key figure"),
            _("Unit"),
            _("Latest value"),
            _("Period"),
            _("Zero point"),
            _("Zero point period"),
            _("Target"),
            _("Target date"),
            _("Still to go"),
            _("Where the target stands"),
        ],
        rows=[_figure_row(figure, today) for figure in figures],
        note=_(
            "Key figures are public statistics. Zero point and target only where the "
            "municipality has set them; still to go is measured from the latest value "
            "towards the target (zero or less: met)."
        ),
        widths=(24, 40, 12, 12, 10, 12, 12, 12, 12, 12, 60),
    )


def programme_tables(report: ProgrammeReport) -> dict[str, Table]:
    return {
        "municipalities": municipalities_table(report),
        "challenges": challenges_table(report),
        "workshops": workshops_table(report),
        "participants": participants_table(report),
        "follow_up": follow_up_table(report),
        "figures": figures_table(
            report.figures,
            report.today,
            title=_("Key figures of the selection criteria"),
        ),
        "surveys": survey_table(report.surveys),
    }


# --- the documents ------------------------------------------------------------------------------


def title_of(report: ProgrammeReport) -> str:
    return _("Programme report: %(name)s") % {"name": report.programme.name}


def facts_of(report: ProgrammeReport) -> list[tuple[str, Any]]:
    programme, theme = report.programme, report.theme
    return [
        (_("Programme"), programme.name),
        (_("Owner"), programme.owner.name),
        (_("Made"), date_format(report.made_at, "SHORT_DATETIME_FORMAT")),
        (_("Mandate in short"), report.mandate),
        (_("Municipalities taking part"), report.totals.municipalities),
        (_("Theme"), theme.theme if theme else ""),
        (_("Why this theme"), theme.reasoning if theme else ""),
    ]


def programme_pdf_html(report: ProgrammeReport) -> str:
    steps = steps_figure(report)
    challenges = compilation_figure(report.compilation, id="challenges")
    return render_to_string(
        "programmes/reports/programme_pdf.html",
        {
            "report": report,
            "programme": report.programme,
            "title": title_of(report),
            "tables": programme_tables(report),
            "steps": steps,
            "steps_svg": steps.svg() if steps else "",
            "challenges": challenges,
            "challenges_svg": challenges.svg() if challenges else "",
        },
    )


def programme_pdf(report: ProgrammeReport) -> bytes:
    return pdf_bytes(programme_pdf_html(report))


def programme_xlsx(report: ProgrammeReport) -> bytes:
    return workbook_of(title_of(report), facts_of(report), list(programme_tables(report).values()))
