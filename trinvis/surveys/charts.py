"""The charts of a survey's results, built from the protected tables (results.py): a
suppressed segment never becomes a bar. Each chart comes with its figures as a table."""

from django.utils.translation import gettext as _

from trinvis.core.numbers import rounded_text
from trinvis.reports.charts import (
    COLOURS,
    Bar,
    ChartFigure,
    GroupedBarChart,
    Series,
    StackedBarChart,
)
from trinvis.surveys.results import Comparison, QuestionTable, Row


def _cell(count: int | None, percentage: float | None) -> str:
    if count is None:
        return "–"
    if percentage is None:
        return str(count)
    return f"{count} ({rounded_text(percentage, 0)} %)"


def _bar_name(table: QuestionTable, row: Row) -> str:
    return f"{row.label} (n={row.n})"


def question_figure(table: QuestionTable, *, id: str) -> ChartFigure | None:
    """A stacked bar for a scale, grouped bars for a choice question; None for the rest, and
    when nothing may be shown."""
    shown = [row for row in table.rows if row.shown]
    if not shown or not table.columns:
        return None
    if table.is_scale:
        points = len(table.columns)
        chart: StackedBarChart | GroupedBarChart = StackedBarChart(
            options=[c.label for c in table.columns],
            bars=[
                Bar(_bar_name(table, row), [count or 0 for count in row.counts[:points]])
                for row in shown
            ],
            description=table.label,
            bar_title=_("Group"),
            option_title=_("Answer"),
            percent_title=_("Per cent"),
            count_title=_("Answers"),
        )
        summary = _("Distribution of the answers, in per cent of those who answered on the scale.")
    elif table.is_choice:
        series_rows = shown if len(shown) <= len(COLOURS) else [table.total]
        chart = GroupedBarChart(
            categories=[c.label for c in table.columns],
            series=[
                Series(_bar_name(table, row), list(row.percentages[: len(table.columns)]))
                for row in series_rows
            ],
            description=table.label,
            category_title=_("Answer"),
            series_title=_("Group"),
            value_title=_("Per cent"),
        )
        summary = _("Share who chose each answer, in per cent of those who answered.")
    else:
        return None
    return ChartFigure(
        id=id,
        chart=chart,
        caption=table.label,
        summary=summary,
        row_header=_("Group"),
        columns=[c.label for c in table.all_columns],
        rows=[
            (
                _bar_name(table, row),
                [_cell(c, p) for c, p in zip(row.counts, row.percentages, strict=True)],
            )
            for row in shown
        ],
    )


def comparison_figure(comparison: Comparison, *, id: str) -> ChartFigure | None:
    result = comparison.result
    if result is None:
        return None
    first = f"{comparison.first.label} (n={result.first.n})"
    second = f"{comparison.second.label} (n={result.second.n})"
    chart = GroupedBarChart(
        categories=list(comparison.labels),
        series=[
            Series(first, [option.first.percentage for option in result.options]),
            Series(second, [option.second.percentage for option in result.options]),
        ],
        description=_("Comparison of two questions"),
        category_title=_("Answer"),
        series_title=_("Question"),
        value_title=_("Per cent"),
    )
    return ChartFigure(
        id=id,
        chart=chart,
        caption=_("%(first)s compared with %(second)s")
        % {"first": comparison.first.label, "second": comparison.second.label},
        summary=_("Share who chose each answer in the two questions, each of its own n."),
        row_header=_("Answer"),
        columns=[first, second],
        rows=[
            (
                label,
                [
                    _cell(option.first.count, option.first.percentage),
                    _cell(option.second.count, option.second.percentage),
                ],
            )
            for label, option in zip(comparison.labels, result.options, strict=True)
        ],
    )
