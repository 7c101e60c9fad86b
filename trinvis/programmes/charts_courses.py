"""The course programme's progress as a line chart: the straight line from nothing to the
target, the participants enrolled and those who completed, from the start to the end of
the programme; with the figures as a table and a summary in words (reports/chart.html)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.core.numbers import rounded_text
from trinvis.indicators.charts import nice_scale
from trinvis.programmes import progress_courses as progress
from trinvis.programmes.selectors_course_progress import Progress
from trinvis.reports.charts import ChartFigure, Series
from trinvis.reports.charts.lines import LineChart


def percent(value: float | None) -> str:
    return "–" if value is None else f"{rounded_text(value, 0)} %"


def summary(facts: Progress) -> str:
    course, total = facts.course, facts.total
    parts = [
        _("Participants on %(day)s: %(enrolled)d enrolled, %(completed)d of them completed.")
        % {
            "enrolled": total.enrolled,
            "completed": total.completed,
            "day": date_format(facts.today, "DATE_FORMAT"),
        }
    ]
    if total.target and total.expected is not None:
        parts.append(
            _(
                "The target is %(target)d by %(end)s; on a straight line from %(start)s the "
                "programme would have %(expected)d by today."
            )
            % {
                "target": total.target,
                "end": date_format(course.ends_on, "DATE_FORMAT"),
                "start": date_format(course.starts_on, "DATE_FORMAT"),
                "expected": round(total.expected),
            }
        )
    if total.completion_rate is not None:
        parts.append(
            _("%(rate)s of the places in the runs that have ended were completed.")
            % {"rate": percent(total.completion_rate)}
        )
    return " ".join(parts)


def _same_month(one: datetime.date, other: datetime.date) -> bool:
    return (one.year, one.month) == (other.year, other.month)


def progress_figure(facts: Progress) -> ChartFigure:
    """Participants and completers month by month against the straight line to the
    target; the lines of people stop today."""
    course = facts.course
    days = progress.month_points(course.starts_on, course.ends_on)
    if course.starts_on < facts.today < course.ends_on:
        # Today is drawn, in place of the first of its month.
        inner = [day for day in days[1:-1] if not _same_month(day, facts.today)]
        days = sorted({days[0], *inner, facts.today, days[-1]})
    labels = [date_format(day, "M Y") for day in days]
    if len(set(labels)) != len(labels):  # a programme of a few weeks
        labels = [date_format(day, "SHORT_DATE_FORMAT") for day in days]
    lines = [
        Series(_("Enrolled"), progress.cumulative(facts.confirmed_days, days, today=facts.today)),
        Series(_("Completed"), progress.cumulative(facts.completed_days, days, today=facts.today)),
    ]
    if course.target_participants:
        expected = [
            float(
                round(
                    progress.expected_by(
                        target=course.target_participants,
                        starts_on=course.starts_on,
                        ends_on=course.ends_on,
                        day=day,
                    )
                )
            )
            for day in days
        ]
        lines.insert(0, Series(_("Straight line to the target"), expected))
    numbers = [float(value) for line in lines for value in line.values if value is not None]
    low, high, step = nice_scale([0.0, *numbers])
    text = summary(facts)
    chart = LineChart(
        points=labels,
        series=lines,
        description=text,
        low=low,
        high=high,
        tick_step=step,
        legend_title=_("Line"),
        point_title=_("Date"),
        value_title=_("Participants"),
        series_title=_("Line"),
        width=640,
    )
    return ChartFigure(
        id="progress",
        chart=chart,
        caption=_("Participants against the target"),
        summary=text,
        row_header=_("Date"),
        columns=[line.name for line in lines],
        rows=[
            (
                label,
                [
                    "–" if line.values[index] is None else str(int(line.values[index] or 0))
                    for line in lines
                ],
            )
            for index, label in enumerate(labels)
        ],
    )
