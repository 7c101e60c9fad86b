"""A radar (spider) chart: Vega-Lite has no radar mark, so the chart is drawn on ordinary x/y
scales from polar coordinates computed here — rings and spokes as a grid, a closed line and
points per series. Series differ by dash pattern and point shape as well as by colour, so
the chart reads in greyscale and for people who do not tell the colours apart.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import altair as alt

from trinvis.reports.charts.common import (
    COLOURS,
    DASHES,
    GRID,
    LABEL,
    LABEL_LIMIT,
    SHAPES,
    Drawing,
    Frozen,
    Series,
    cached_spec,
    check_series,
    placeholder_series,
    to_svg,
)

Side = Literal["left", "center", "right"]
SIDES: tuple[Side, ...] = ("left", "center", "right")


@dataclass(frozen=True)
class RadarChart:
    """A spider chart of `series` over `axes`, each value on the scale `low`…`high`."""

    axes: Sequence[str]
    series: Sequence[Series]
    title: str = ""
    description: str = ""
    low: int = 1
    high: int = 5
    size: int = 400
    legend_title: str = ""
    value_title: str = "value"
    axis_title: str = "axis"
    series_title: str = "series"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_series(self.series, len(self.axes), "axis")

    def point(self, index: int, value: float) -> tuple[float, float]:
        """x, y of a value on axis `index`: the first axis points up, the rest clockwise."""
        angle = 2 * math.pi * index / max(len(self.axes), 1)
        return round(value * math.sin(angle), 4), round(value * math.cos(angle), 4)

    def table(self) -> list[tuple[str, list[float | None]]]:
        """The chart as a table: one row per axis, one value per series (for screen readers)."""
        return [
            (axis, [series.values[index] for series in self.series])
            for index, axis in enumerate(self.axes)
        ]

    def chart(self) -> alt.LayerChart:
        return radar(self)

    def spec(self, *, validate: bool = False) -> dict[str, Any]:
        """The Vega-Lite spec: the layers built by Altair, the rows put in `datasets` after.

        The layers depend only on the chart's shape (its series, titles, size and number of
        axes), never on its values, so Altair builds each shape once per process; pages then
        pay only for the rows. `validate=True` builds afresh and checks
        the spec against the Vega-Lite schema, as the tests do for every kind of chart.
        """
        return cached_spec(self, validate=validate, rows=datasets(self))

    def _shape(self) -> "RadarChart":
        """This chart without what only the rows and the top-level texts carry: the layers
        depend on the number of axes (which sides the labels fall on), not on their names."""
        count = len(self.axes)
        return replace(
            self,
            axes=("",) * count,
            series=placeholder_series(self.series, (None,) * count),
            title="",
            description="",
            extra=Frozen(self.extra),
        )

    def svg(self) -> str:
        return to_svg(self.spec())


def _ring_rows(chart: RadarChart) -> list[dict[str, Any]]:
    rows = []
    count = len(chart.axes)
    for level in range(chart.low, chart.high + 1):
        for order in range(count + 1):
            x, y = chart.point(order % count, level)
            rows.append({"ring": level, "order": order, "x": x, "y": y})
    return rows


def _series_rows(chart: RadarChart) -> list[dict[str, Any]]:
    """Points of every series, the first repeated at the end to close the polygon."""
    rows = []
    count = len(chart.axes)
    for series in chart.series:
        given = [(i, v) for i, v in enumerate(series.values) if v is not None]
        closing = given[:1] if len(given) == count and count > 2 else []
        for order, (index, value) in enumerate([*given, *closing]):
            x, y = chart.point(index, value)
            rows.append(
                {
                    "series": series.name,
                    "axis": chart.axes[index],
                    "value": value,
                    "order": order,
                    "x": x,
                    "y": y,
                    "closing": order >= len(given),
                }
            )
    return rows


def _labels(chart: RadarChart) -> list[dict[str, Any]]:
    """The axis names just outside the outer ring, aligned away from the centre."""
    reach = chart.high * 1.18
    labels = []
    for index, name in enumerate(chart.axes):
        x, y = chart.point(index, reach)
        side = "center" if abs(x) < 0.5 else ("left" if x > 0 else "right")
        labels.append({"x": x, "y": y, "label": name, "side": side})
    return labels


def datasets(chart: RadarChart) -> dict[str, list[dict[str, Any]]]:
    """The rows of every layer, by the name the layer gives its data."""
    spokes = []
    for index in range(len(chart.axes)):
        x_end, y_end = chart.point(index, chart.high)
        spokes.append({"x": 0, "y": 0, "x2": x_end, "y2": y_end})
    ticks = [
        {"x": 0.2, "y": level - 0.12, "label": str(level)}
        for level in range(chart.low, chart.high + 1)
    ]
    labels = _labels(chart)
    return {
        "rings": _ring_rows(chart),
        "spokes": spokes,
        "ticks": ticks,
        **{
            f"labels-{side}": [label for label in labels if label["side"] == side] for side in SIDES
        },
        "series": _series_rows(chart),
    }


def radar(chart: RadarChart) -> alt.LayerChart:
    """The chart's layers; their rows come from `datasets` (see RadarChart.spec)."""
    extent = chart.high * 1.45
    x = alt.X("x:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    count = len(chart.axes)

    names = [series.name for series in chart.series]
    used = len(names)
    legend = alt.Legend(title=chart.legend_title or None, orient="bottom", symbolStrokeWidth=2)
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=names, range=list(COLOURS[:used])),
        legend=legend,
        title=chart.legend_title or None,
    )
    dash = alt.StrokeDash(
        "series:N",
        scale=alt.Scale(domain=names, range=[list(d) for d in DASHES[:used]]),
        legend=legend,
        title=chart.legend_title or None,
    )
    shape = alt.Shape(
        "series:N",
        scale=alt.Scale(domain=names, range=list(SHAPES[:used])),
        legend=legend,
        title=chart.legend_title or None,
    )

    layers: list[Any] = [
        alt.Chart(alt.Data(name="rings"))
        .mark_line(stroke=GRID, strokeWidth=0.75, opacity=0.7)
        .encode(x=x, y=y, detail="ring:N", order="order:Q"),
        alt.Chart(alt.Data(name="spokes"))
        .mark_rule(stroke=GRID, strokeWidth=0.75, opacity=0.7)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q"),
        alt.Chart(alt.Data(name="ticks"))
        .mark_text(align="left", baseline="middle", fontSize=10, fill=GRID)
        .encode(x=x, y=y, text="label:N"),
    ]
    sides = {label["side"] for label in _labels(chart)}
    for side in SIDES:
        if side in sides:
            layers.append(
                alt.Chart(alt.Data(name=f"labels-{side}"))
                .mark_text(
                    align=side, baseline="middle", fontSize=11, fill=LABEL, limit=LABEL_LIMIT
                )
                .encode(x=x, y=y, text="label:N")
            )
    if count and chart.series:
        tooltip = [
            alt.Tooltip("series:N", title=chart.series_title),
            alt.Tooltip("axis:N", title=chart.axis_title),
            alt.Tooltip("value:Q", title=chart.value_title),
        ]
        layers.append(
            alt.Chart(alt.Data(name="series"))
            .mark_line(strokeWidth=2)
            .encode(x=x, y=y, color=colour, strokeDash=dash, detail="series:N", order="order:Q")
        )
        layers.append(
            alt.Chart(alt.Data(name="series"))
            .transform_filter("!datum.closing")
            .mark_point(filled=True, size=60, opacity=1)
            .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
        )
    layered = alt.layer(*layers).properties(width=chart.size, height=chart.size)
    if chart.title:
        layered = layered.properties(title=chart.title)
    if chart.description:
        layered = layered.properties(description=chart.description)
    return layered.configure(
        font="Inter, Segoe UI, system-ui, sans-serif",
        view={"stroke": None},
        **chart.extra,
    )


@dataclass(frozen=True)
class Figure(Drawing):
    """A chart as a page shows it (template reports/radar.html): the drawing, a summary for
    screen readers (the container's aria-label), a caption and the figures as a table."""

    id: str
    chart: RadarChart
    caption: str
    summary: str
    axis_header: str
    open_table: bool = False
