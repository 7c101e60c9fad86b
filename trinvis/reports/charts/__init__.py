"""Vega-Lite charts built with Altair: one spec, rendered by vega-embed in the browser and
as SVG by vl-convert for PDFs and e-mail.

The package knows nothing of the domain: callers pass labels and series of numbers. Every
chart builds its Altair layers once per shape (series, titles, size, number of axes or
bars) and puts its rows in the spec's `datasets`, so a page pays only for its data; the
tests check each kind against the Vega-Lite schema (`spec(validate=True)`).
"""

from trinvis.reports.charts.bars import (
    Bar,
    ChartFigure,
    GroupedBarChart,
    StackedBarChart,
    contrast,
    diverging_colours,
    ink_for,
)
from trinvis.reports.charts.common import COLOURS, DASHES, SHAPES, Series, to_svg
from trinvis.reports.charts.radar import Figure, RadarChart

__all__ = [
    "COLOURS",
    "DASHES",
    "SHAPES",
    "Bar",
    "ChartFigure",
    "Figure",
    "GroupedBarChart",
    "RadarChart",
    "Series",
    "StackedBarChart",
    "contrast",
    "diverging_colours",
    "ink_for",
    "to_svg",
]
