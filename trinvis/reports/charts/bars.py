"""Bar charts: 100 % stacked bars for ordered options, grouped bars for shares."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import altair as alt
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from trinvis.reports.charts.lines import LineChart
    from trinvis.reports.charts.radar import RadarChart

from trinvis.core.markup import figures_table
from trinvis.reports.charts.common import (
    COLOURS,
    GRID,
    LABEL,
    LABEL_LIMIT,
    Drawing,
    Frozen,
    Series,
    cached_spec,
    check_series,
    placeholder_options,
    placeholder_series,
    to_svg,
)

# --- bar charts ---------------------------------------------------------------------------
#
# A 100 % stacked bar shows the distribution of answers over ordered options (a Likert
# scale): one bar per question or per segment, the options lowest first from left to right,
# each piece labelled with its percentage, so the chart reads without telling the colours
# apart. A grouped bar chart shows shares per category (the options of a multiple-choice
# question), one bar per series (two questions compared, or segments), each bar labelled.
# Both are built like the radar chart: the layers once per shape, the rows in `datasets`.

# The ends of the diverging palette (low: orange, high: blue) and its neutral middle.
LOW_END = (0x9A, 0x34, 0x12)
MIDDLE = (0xE2, 0xE2, 0xE2)
HIGH_END = (0x0B, 0x4F, 0x8A)
BAR_STEP = 30  # pixels per bar
SMALLEST_LABELLED = 6.0  # per cent: narrower pieces are not labelled (the table has them)


def _mix(first: tuple[int, int, int], second: tuple[int, int, int], share: float) -> str:
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(first, second, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def diverging_colours(count: int) -> tuple[str, ...]:
    """`count` fills from orange through light grey to blue, for options lowest first."""
    if count == 1:
        return (_mix(HIGH_END, HIGH_END, 0),)
    colours = []
    for index in range(count):
        position = index / (count - 1)
        end, share = (
            (LOW_END, 1 - position * 2) if position <= 0.5 else (HIGH_END, position * 2 - 1)
        )
        colour = _mix(MIDDLE, end, share)
        # Lighten a mid-tone until its label (white or dark) reads at 4.5:1.
        while contrast(colour, ink_for(colour)) < 4.5:
            share -= 0.05
            colour = _mix(MIDDLE, end, share)
        colours.append(colour)
    return tuple(colours)


def _luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two "#rrggbb" colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink_for(fill: str) -> str:
    """White or dark text, whichever contrasts more with the fill."""
    return "#ffffff" if contrast(fill, "#ffffff") >= contrast(fill, LABEL) else LABEL


def _percent_label(value: float) -> str:
    return f"{value:.0f} %"


@dataclass(frozen=True)
class Bar:
    """One bar of a stacked bar chart: a name and the count of answers per option."""

    name: str
    counts: Sequence[int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def percentages(self) -> list[float | None]:
        total = self.total
        return [100 * count / total if total else None for count in self.counts]


@dataclass(frozen=True)
class StackedBarChart:
    """Horizontal 100 % stacked bars: each bar's answers spread over `options` in order."""

    options: Sequence[str]
    bars: Sequence[Bar]
    title: str = ""
    description: str = ""
    width: int = 480
    bar_title: str = "bar"
    option_title: str = "answer"
    percent_title: str = "per cent"
    count_title: str = "answers"
    legend_title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for bar in self.bars:
            if len(bar.counts) != len(self.options):
                raise ValueError(f"bar {bar.name!r} needs one count per option")

    @property
    def colours(self) -> tuple[str, ...]:
        return diverging_colours(len(self.options))

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        inks = [ink_for(colour) for colour in self.colours]
        for position, bar in enumerate(self.bars):
            start = 0.0
            for index, (option, count, percentage) in enumerate(
                zip(self.options, bar.counts, bar.percentages(), strict=True)
            ):
                if not percentage:
                    continue
                end = start + percentage
                rows.append(
                    {
                        "bar": bar.name,
                        "position": position,
                        "option": option,
                        "order": index,
                        "count": count,
                        "percentage": round(percentage, 1),
                        "start": round(start, 4),
                        "end": round(end, 4),
                        "middle": round((start + end) / 2, 4),
                        "label": _percent_label(percentage)
                        if percentage >= SMALLEST_LABELLED
                        else "",
                        "ink": inks[index],
                    }
                )
                start = end
        return rows

    def table(self) -> list[tuple[str, list[float | None]]]:
        """One row per bar, the percentage per option (for screen readers)."""
        return [(bar.name, bar.percentages()) for bar in self.bars]

    def chart(self) -> alt.LayerChart:
        return stacked_bars(self)

    def spec(self, *, validate: bool = False) -> dict[str, Any]:
        """As RadarChart.spec: the layers built once per shape, the rows in `datasets`."""
        return cached_spec(self, validate=validate, rows={"bars": self.rows()})

    def _shape(self) -> "StackedBarChart":
        return replace(
            self,
            options=placeholder_options(self.options),
            bars=(),
            title="",
            description="",
            extra=Frozen(self.extra),
        )

    def svg(self) -> str:
        return to_svg(self.spec())


def _finish(layered: Any, chart: Any) -> alt.LayerChart:
    if chart.title:
        layered = layered.properties(title=chart.title)
    if chart.description:
        layered = layered.properties(description=chart.description)
    return layered.configure(
        font="Inter, Segoe UI, system-ui, sans-serif", view={"stroke": None}, **chart.extra
    )


def stacked_bars(chart: StackedBarChart) -> alt.LayerChart:
    """The chart's layers; their rows come from `datasets` (see StackedBarChart.spec)."""
    options = list(chart.options)
    y = alt.Y(
        "bar:N",
        sort=alt.EncodingSortField("position", op="min"),
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT, labelColor=LABEL, ticks=False, domain=False),
    )
    x = alt.X(
        "start:Q",
        scale=alt.Scale(domain=[0, 100]),
        title=chart.percent_title,
        axis=alt.Axis(values=[0, 25, 50, 75, 100], gridColor=GRID, gridOpacity=0.4),
    )
    colour = alt.Color(
        "option:N",
        scale=alt.Scale(domain=options, range=list(chart.colours)),
        legend=alt.Legend(
            title=chart.legend_title or None, orient="bottom", columns=min(len(options), 3)
        ),
        sort=options,
    )
    tooltip = [
        alt.Tooltip("bar:N", title=chart.bar_title),
        alt.Tooltip("option:N", title=chart.option_title),
        alt.Tooltip("percentage:Q", title=chart.percent_title),
        alt.Tooltip("count:Q", title=chart.count_title),
    ]
    data = alt.Data(name="bars")
    layers = alt.layer(
        alt.Chart(data)
        .mark_bar(stroke="#ffffff", strokeWidth=1)
        .encode(x=x, x2="end:Q", y=y, color=colour, order="order:Q", tooltip=tooltip),
        alt.Chart(data)
        .mark_text(baseline="middle", fontSize=11)
        .encode(
            x=alt.X("middle:Q"),
            y=y,
            text="label:N",
            color=alt.Color("ink:N", scale=None, legend=None),
        ),
    ).properties(width=chart.width, height=alt.Step(BAR_STEP))
    return _finish(layers, chart)


@dataclass(frozen=True)
class GroupedBarChart:
    """Horizontal bars: per category (an option) one bar per series, values in per cent."""

    categories: Sequence[str]
    series: Sequence[Series]
    title: str = ""
    description: str = ""
    width: int = 420
    maximum: float = 100
    category_title: str = "category"
    series_title: str = "series"
    value_title: str = "per cent"
    legend_title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_series(self.series, len(self.categories), "category")

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for position, category in enumerate(self.categories):
            for order, series in enumerate(self.series):
                value = series.values[position]
                if value is None:
                    continue
                rows.append(
                    {
                        "category": category,
                        "position": position,
                        "series": series.name,
                        "order": order,
                        "value": round(value, 1),
                        "label": _percent_label(value),
                    }
                )
        return rows

    def table(self) -> list[tuple[str, list[float | None]]]:
        return [
            (category, [series.values[index] for series in self.series])
            for index, category in enumerate(self.categories)
        ]

    def chart(self) -> alt.LayerChart:
        return grouped_bars(self)

    def spec(self, *, validate: bool = False) -> dict[str, Any]:
        return cached_spec(self, validate=validate, rows={"groups": self.rows()})

    def _shape(self) -> "GroupedBarChart":
        return replace(
            self,
            categories=(),
            series=placeholder_series(self.series),
            title="",
            description="",
            extra=Frozen(self.extra),
        )

    def svg(self) -> str:
        return to_svg(self.spec())


def grouped_bars(chart: GroupedBarChart) -> alt.LayerChart:
    names = [series.name for series in chart.series]
    y = alt.Y(
        "category:N",
        sort=alt.EncodingSortField("position", op="min"),
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT, labelColor=LABEL, ticks=False),
    )
    offset = alt.YOffset("series:N", sort=names, scale=alt.Scale(domain=names))
    x = alt.X(
        "value:Q",
        scale=alt.Scale(domain=[0, chart.maximum]),
        title=chart.value_title,
        axis=alt.Axis(gridColor=GRID, gridOpacity=0.4),
    )
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=names, range=list(COLOURS[: len(names)])),
        legend=alt.Legend(title=chart.legend_title or None, orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("category:N", title=chart.category_title),
        alt.Tooltip("series:N", title=chart.series_title),
        alt.Tooltip("value:Q", title=chart.value_title),
    ]
    data = alt.Data(name="groups")
    layers = alt.layer(
        alt.Chart(data).mark_bar().encode(x=x, y=y, yOffset=offset, color=colour, tooltip=tooltip),
        alt.Chart(data)
        .mark_text(align="left", baseline="middle", dx=3, fontSize=10, fill=LABEL)
        .encode(x=x, y=y, yOffset=offset, text="label:N"),
    ).properties(width=chart.width, height=alt.Step(max(12, 36 // max(len(names), 1))))
    return _finish(layers, chart)


@dataclass(frozen=True)
class ChartFigure(Drawing):
    """Any chart as a page shows it (template reports/chart.html): the drawing, a summary for
    screen readers, a caption and the figures as a table with `columns` after the row header
    and the cells already written out."""

    id: str
    chart: "StackedBarChart | GroupedBarChart | RadarChart | LineChart"
    caption: str
    summary: str
    row_header: str
    columns: Sequence[str]
    rows: Sequence[tuple[str, Sequence[str]]]
    open_table: bool = False

    @property
    def table_html(self) -> SafeString:
        """The figures as a table's head and body."""
        return figures_table(self.row_header, self.columns, self.rows)
